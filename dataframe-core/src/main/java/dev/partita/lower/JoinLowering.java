package dev.partita.lower;

import dev.partita.exec.Input;
import dev.partita.exec.JoinSpec;
import dev.partita.exec.Op;
import dev.partita.exec.Pipe;
import dev.partita.exec.SerialSchema;
import dev.partita.exec.Tasks;
import dev.partita.expr.DType;
import dev.partita.expr.Node;
import dev.partita.expr.Types;
import dev.partita.graph.Task;
import dev.partita.plan.JoinType;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Lowers an equi-join, choosing its strategy from the sides' estimates:
 * <ul>
 *   <li><b>broadcast</b> when a side is estimated below the broadcast threshold and its unmatched rows are
 *       not needed: it is collected once into a hash table, and the probe is fused into every partition of
 *       the other side (which keeps its partitioning);</li>
 *   <li><b>partitioned</b> otherwise: both sides hash-shuffled into the same buckets (a side already split
 *       on its keys is not shuffled again), and one task per bucket builds the smaller side and streams the
 *       other (splitting a bucket too large for memory again, see {@code HashJoin}).</li>
 * </ul>
 * Keys of different types are cast to the type they compare as (integers of any width hash alike as they
 * are); a {@code USING} join's keys are folded into one column afterwards.
 */
final class JoinLowering {

  private JoinLowering() {}

  static Stage lower(Lowerer l, Plan.Join j) {
    Stage left = l.lower(j.left());
    Stage right = l.lower(j.right());
    List<String> leftKeys = new ArrayList<>(j.leftKeys());
    List<String> rightKeys = new ArrayList<>(j.rightKeys());
    List<Node> leftCasts = new ArrayList<>();
    List<Node> rightCasts = new ArrayList<>();
    for (int i = 0; i < leftKeys.size(); i++) {
      Field lf = left.schema().findField(leftKeys.get(i));
      Field rf = right.schema().findField(rightKeys.get(i));
      if (hashAlike(lf.getType(), rf.getType())) {
        continue;
      }
      DType common = Types.comparisonType(DType.of(lf), DType.of(rf));
      String hidden = "__key" + i;
      if (!common.field("x").getType().equals(lf.getType())) {
        leftCasts.add(new Node.Alias(new Node.Cast(new Node.Column(leftKeys.get(i)), common), hidden));
        leftKeys.set(i, hidden);
      }
      if (!common.field("x").getType().equals(rf.getType())) {
        rightCasts.add(new Node.Alias(new Node.Cast(new Node.Column(rightKeys.get(i)), common), hidden));
        rightKeys.set(i, hidden);
      }
    }
    List<String> leftColumns = names(left.schema());
    List<String> rightColumns = names(right.schema());
    left = withColumns(left, leftCasts);
    right = withColumns(right, rightCasts);
    List<String> rightNames = new ArrayList<>();
    for (String c : rightColumns) {
      rightNames.add(j.rightNames().get(c));
    }
    JoinSpec spec = new JoinSpec(j.type(), false, leftKeys, rightKeys, leftColumns, rightColumns, rightNames,
        j.residual(), SerialSchema.of(left.schema()), SerialSchema.of(right.schema()));
    Stage joined = strategy(l, j, left, right, spec);
    return fold(j, joined);
  }

  /** Whether keys of these types hash and compare alike as they are. */
  private static boolean hashAlike(ArrowType a, ArrowType b) {
    return a.equals(b) || (a instanceof ArrowType.Int && b instanceof ArrowType.Int);
  }

  private static List<String> names(Schema s) {
    return s.getFields().stream().map(Field::getName).toList();
  }

  /** {@code s} with the extra key columns {@code casts} (none: unchanged). */
  private static Stage withColumns(Stage s, List<Node> casts) {
    if (casts.isEmpty()) {
      return s;
    }
    List<Node> exprs = new ArrayList<>();
    for (String c : names(s.schema())) {
      exprs.add(new Node.Column(c));
    }
    exprs.addAll(casts);
    List<Field> fields = new ArrayList<>(s.schema().getFields());
    for (Node c : casts) {
      fields.add(Types.field(c, s.schema()));
    }
    return s.then(new Op.Project(exprs), new Schema(fields), s.partitioning(), s.estimate(), s.explain());
  }

  private static Stage strategy(Lowerer l, Plan.Join j, Stage left, Stage right, JoinSpec spec) {
    long threshold = l.options.broadcastBytes();
    JoinType t = j.type();
    boolean rightSmall = right.estimate().knownBelow(threshold)
        && (t == JoinType.INNER || t == JoinType.LEFT || t == JoinType.SEMI || t == JoinType.ANTI);
    boolean leftSmall = left.estimate().knownBelow(threshold) && (t == JoinType.INNER || t == JoinType.RIGHT);
    Schema pair = j.columns().pair();
    Schema out = t.outputsRight() ? pair : j.left().schema();
    String sizes = "left " + left.estimate() + ", right " + right.estimate();
    if (rightSmall && (!leftSmall || right.estimate().bytes() <= left.estimate().bytes())) {
      return broadcast(l, j, right, left, spec, out, "right", sizes, threshold);
    }
    if (leftSmall) {
      return broadcast(l, j, left, right, spec.flipped(), out, "left", sizes, threshold);
    }
    return partitioned(l, j, left, right, spec, out, sizes);
  }

  private static Stage broadcast(Lowerer l, Plan.Join j, Stage build, Stage probe, JoinSpec spec, Schema out,
      String side, String sizes, long threshold) {
    Tasks.Build b = new Tasks.Build(l.collect(build, Long.MAX_VALUE), spec.buildLeft() ? spec.leftKeys()
        : spec.rightKeys(), SerialSchema.of(build.schema()));
    String table = l.task("build", b, Task.ofN(Tasks.BUILD, Tasks.args(l.ctx, b)).named("build"));
    Stage.Partitioning part = probe.partitioning() instanceof Stage.Partitioning.Hash && !spec.buildLeft()
        ? probe.partitioning() : Stage.Partitioning.of(probe.size());
    Stage.Estimate e = probe.estimate().plus(build.estimate());
    Explain ex = new Explain(j.describe() + ": broadcast " + side + " (" + sizes + "; threshold "
        + Explain.bytes(threshold) + "), built once, probed inside each of the " + probe.size() + " partitions",
        spec.buildLeft() ? List.of(build.explain(), probe.explain()) : List.of(probe.explain(), build.explain()));
    return new Stage(probe.then(new Op.Probe(table, spec), out, part, e, ex).parts(), out, part, List.of(), e, ex);
  }

  private static Stage partitioned(Lowerer l, Plan.Join j, Stage left, Stage right, JoinSpec spec, Schema out,
      String sizes) {
    int n = buckets(l, left, right);
    List<String> leftMaps = shuffle(l, left, spec.leftKeys(), n);
    List<String> rightMaps = shuffle(l, right, spec.rightKeys(), n);
    boolean buildLeft = left.estimate().bytes() >= 0 && (right.estimate().bytes() < 0
        || left.estimate().bytes() < right.estimate().bytes());
    JoinSpec s = buildLeft ? spec.flipped() : spec;
    List<Pipe> parts = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      Pipe lb = side(left, leftMaps, b);
      Pipe rb = side(right, rightMaps, b);
      parts.add(Pipe.of(new Input.FromJoin(s, buildLeft ? lb : rb, buildLeft ? rb : lb)));
    }
    JoinType t = j.type();
    Stage.Partitioning part = t == JoinType.RIGHT || t == JoinType.FULL || spec.leftKeys().stream().anyMatch(k -> k.startsWith("__key"))
        ? new Stage.Partitioning.Unknown() : new Stage.Partitioning.Hash(j.leftKeys(), n, Lowerer.SHUFFLE_SEED);
    String how = (leftMaps == null ? "left already split" : "left shuffled") + ", "
        + (rightMaps == null ? "right already split" : "right shuffled");
    return new Stage(parts, out, part, List.of(), left.estimate().plus(right.estimate()),
        Explain.of(j.describe() + ": partitioned into " + n + " buckets by key hash (" + how + "; " + sizes
            + "), each bucket builds the " + (buildLeft ? "left" : "right") + " side", left.explain(), right.explain()));
  }

  /** Bucket {@code b} of a side: its partition b when already split on the keys, else the shuffle's bucket b. */
  private static Pipe side(Stage s, List<String> maps, int b) {
    return maps == null ? s.parts().get(b) : Pipe.of(new Input.FromShuffle(maps, b));
  }

  /** As many buckets as the larger side has partitions, at least two per thread, and a power of two. */
  private static int buckets(Lowerer l, Stage left, Stage right) {
    if (left.partitioning() instanceof Stage.Partitioning.Hash h && h.seed() == Lowerer.SHUFFLE_SEED) {
      return h.n();
    }
    if (right.partitioning() instanceof Stage.Partitioning.Hash h && h.seed() == Lowerer.SHUFFLE_SEED) {
      return h.n();
    }
    int want = Math.max(Math.max(left.size(), right.size()), 2 * l.options.threads());
    return Math.min(512, Integer.highestOneBit(want - 1) << 1);
  }

  /** Map tasks splitting {@code s} by {@code keys} into {@code n} buckets; null when it is split so already. */
  private static List<String> shuffle(Lowerer l, Stage s, List<String> keys, int n) {
    if (s.partitioning() instanceof Stage.Partitioning.Hash h && h.n() == n && h.seed() == Lowerer.SHUFFLE_SEED
        && h.keys().equals(keys)) {
      return null;
    }
    List<String> maps = new ArrayList<>();
    for (Pipe p : s.parts()) {
      Tasks.HashShuffle spec = new Tasks.HashShuffle(p, keys, n, Lowerer.SHUFFLE_SEED);
      maps.add(l.task("shuffle", spec, Task.ofN(Tasks.SHUFFLE, Tasks.args(l.ctx, spec)).named("shuffle")));
    }
    return maps;
  }

  /** A {@code USING} join's keys folded into one column each, where the left has it (and nothing for others). */
  private static Stage fold(Plan.Join j, Stage joined) {
    if (!j.using() || !j.type().outputsRight()) {
      return joined;
    }
    Schema out = j.schema();
    List<Node> exprs = new ArrayList<>();
    for (Field f : out.getFields()) {
      int k = j.leftKeys().indexOf(f.getName());
      if (k < 0) {
        exprs.add(new Node.Column(f.getName()));
        continue;
      }
      Node right = new Node.Column(j.rightNames().get(j.rightKeys().get(k)));
      Node value = switch (j.type()) {
        case RIGHT -> right;
        case FULL -> new Node.Coalesce(List.of(new Node.Column(f.getName()), right));
        default -> new Node.Column(f.getName());
      };
      exprs.add(new Node.Alias(value, f.getName()));
    }
    String line = "fold USING keys " + j.leftKeys() + (j.type() == JoinType.FULL ? " (first non-null of both sides)"
        : j.type() == JoinType.RIGHT ? " (the right's)" : "");
    return joined.then(new Op.Project(exprs), out, joined.partitioning(), joined.estimate(),
        Explain.of(line, joined.explain()));
  }
}
