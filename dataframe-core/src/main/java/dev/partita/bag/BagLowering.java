package dev.partita.bag;

import dev.partita.exec.ExecContext;
import dev.partita.exec.Tasks;
import dev.partita.graph.Graph;
import dev.partita.graph.Task;
import dev.partita.io.Partition;
import dev.partita.io.sink.OutputTarget;
import dev.partita.io.text.LinePartition;
import dev.partita.lower.LowerOptions;
import dev.partita.lower.Lowering;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Lowers a bag ({@link BagNode}) into graph tasks, dask.bag's way: every partition of a file or list is read
 * by one task, which also applies the element functions after it ({@link Part}: a map, filter or flatMap
 * is never a task of its own) and consumes the elements: collects them, folds them into an accumulator or
 * a group, or writes them. Accumulators and groups are merged by a tree of combines ({@code splitEvery}
 * inputs each, in partition order) into one partition. Keys are {@code bag-<kind>-<token>}, the token hashing
 * the task's spec (functions by their code and captured values, files with size and modification time).
 *
 * <pre>{@code
 * Lowering.Lowered l = BagLowering.collect(node, ctx, options, Long.MAX_VALUE);
 * Map<String, Object> lists = scheduler.get(l.graph(), l.outputs());
 * }</pre>
 */
public final class BagLowering {

  private final ExecContext ctx;
  private final LowerOptions options;
  private final Graph.Builder graph = Graph.builder();
  private final Set<String> keys = new HashSet<>();

  private BagLowering(ExecContext ctx, LowerOptions options) {
    this.ctx = ctx;
    this.options = options;
  }

  /** One task per partition collecting its first {@code limit} elements (a List); the keys in partition order. */
  public static Lowering.Lowered collect(BagNode node, ExecContext ctx, LowerOptions options, long limit) {
    BagLowering l = new BagLowering(ctx, options);
    List<Part> parts = l.lower(node);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      BagTasks.Collect spec = new BagTasks.Collect(parts.get(i), limit);
      out.add(l.task("collect", i, spec, Task.ofN(BagTasks.COLLECT, Tasks.args(ctx, spec)).named("bag-collect")));
    }
    return new Lowering.Lowered(l.graph.build(), out, l.explain(parts));
  }

  /** The elements reduced to one value; the one output key. */
  public static Lowering.Lowered reduce(BagNode node, Reduction<?> reduction, ExecContext ctx, LowerOptions options) {
    BagLowering l = new BagLowering(ctx, options);
    List<Part> parts = l.lower(node);
    String key = l.reduce(parts, reduction);
    return new Lowering.Lowered(l.graph.build(), List.of(key), l.explain(parts));
  }

  /** One task per partition writing it as a text part of {@code target} (returning its lines); their keys. */
  public static Lowering.Lowered write(BagNode node, OutputTarget target, ExecContext ctx, LowerOptions options) {
    BagLowering l = new BagLowering(ctx, options);
    List<Part> parts = l.lower(node);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      BagTasks.Write spec = new BagTasks.Write(parts.get(i), target, i);
      out.add(l.task("write", i, spec, Task.ofN(BagTasks.WRITE, Tasks.args(ctx, spec)).named("bag-write")));
    }
    return new Lowering.Lowered(l.graph.build(), out, l.explain(parts));
  }

  /** The graph computing what the one partition of a bag after a group or top reads, and that partition. */
  record Single(Graph graph, Part part) {}

  static Single single(BagNode node, ExecContext ctx, LowerOptions options) {
    BagLowering l = new BagLowering(ctx, options);
    List<Part> parts = l.lower(node);
    if (parts.size() != 1) {
      throw new IllegalArgumentException("a bag of " + parts.size() + " partitions is not computed as one");
    }
    return new Single(l.graph.build(), parts.get(0));
  }

  /** The number of partitions of the bag: those of its files or list, or one after a group or top. */
  public static int partitions(BagNode node) {
    if (node instanceof BagNode.Ops o) {
      return partitions(o.child());
    }
    List<Part> leaves = leafParts(node);
    return leaves == null ? 1 : leaves.size();
  }

  /** The partitions of a bag that only reads files or a list and applies element functions; null otherwise. */
  static List<Part> leafParts(BagNode node) {
    if (node instanceof BagNode.Ops o) {
      List<Part> in = leafParts(o.child());
      return in == null ? null : in.stream().map(p -> then(p, o.ops())).toList();
    }
    List<Part> parts = new ArrayList<>();
    if (node instanceof BagNode.Text t) {
      for (Partition p : t.source().partitions()) {
        parts.add(new Part(new Input.Lines(t.source(), (LinePartition) p), List.of()));
      }
    } else if (node instanceof BagNode.Values v) {
      for (List<Object> items : v.partitions()) {
        parts.add(new Part(new Input.Values(items), List.of()));
      }
    } else {
      return null;
    }
    if (parts.isEmpty()) {
      parts.add(new Part(new Input.Values(List.of()), List.of()));
    }
    return parts;
  }

  private static Part then(Part p, List<ElementOp> ops) {
    List<ElementOp> all = new ArrayList<>(p.ops());
    all.addAll(ops);
    return new Part(p.input(), all);
  }

  private List<Part> lower(BagNode node) {
    List<Part> leaves = leafParts(node);
    if (leaves != null) {
      return leaves;
    }
    if (node instanceof BagNode.Ops o) {
      return lower(o.child()).stream().map(p -> then(p, o.ops())).toList();
    }
    if (node instanceof BagNode.Group g) {
      return List.of(new Part(new Input.Grouped(group(lower(g.child()), g.spec()), g.spec()), List.of()));
    }
    BagNode.Top t = (BagNode.Top) node;
    return List.of(new Part(new Input.Result(reduce(lower(t.child()), new Reduction.Top(t.n(), t.order()))),
        List.of()));
  }

  /** One fold per partition, a tree of merges, one finish; the finish's key. */
  private String reduce(List<Part> parts, Reduction<?> reduction) {
    List<String> level = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      BagTasks.Fold spec = new BagTasks.Fold(parts.get(i), reduction);
      level.add(task("fold", i, spec, Task.ofN(BagTasks.FOLD, Tasks.args(ctx, spec)).named("bag-fold")));
    }
    String root = tree(level, "merge", (group, last) -> {
      List<Object> args = new ArrayList<>();
      args.add(reduction);
      args.addAll(group);
      return Task.ofN(BagTasks.MERGE, args).named("bag-merge");
    });
    return task("finish", 0, List.of(reduction, root), Task.of(BagTasks.FINISH, reduction, root).named("bag-finish"));
  }

  /** One group per partition and a tree of group combines; the last combine's key. */
  private String group(List<Part> parts, GroupSpec spec) {
    List<String> level = new ArrayList<>();
    int share = options.splitEvery();
    for (int i = 0; i < parts.size(); i++) {
      BagTasks.Group g = new BagTasks.Group(parts.get(i), spec, parts.size() == 1, share);
      level.add(task("group", i, g, Task.ofN(BagTasks.GROUP, Tasks.args(ctx, g)).named("bag-group")));
    }
    return tree(level, "group-combine", (group, last) -> {
      BagTasks.GroupCombine c = new BagTasks.GroupCombine(group, spec, last, share);
      return Task.ofN(BagTasks.GROUP_COMBINE, Tasks.args(ctx, c)).named("bag-combine");
    });
  }

  /** A task combining some keys of a level, told whether it is the tree's root. */
  private interface Combine {
    Task of(List<String> group, boolean last);
  }

  /** Combines {@code level} {@code splitEvery} keys at a time until one is left; its key. */
  private String tree(List<String> level, String kind, Combine combine) {
    int splitEvery = options.splitEvery();
    while (level.size() > 1) {
      boolean last = level.size() <= splitEvery;
      List<String> next = new ArrayList<>();
      for (int j = 0; j * splitEvery < level.size(); j++) {
        List<String> group = List.copyOf(level.subList(j * splitEvery, Math.min(level.size(), (j + 1) * splitEvery)));
        next.add(task(kind, j, group, combine.of(group, last)));
      }
      level = next;
    }
    return level.get(0);
  }

  /**
   * Adds {@code task} under {@code bag-<kind>-<token>} unless there already; the token hashes the
   * partition's position and the spec. A spec holding values that cannot be hashed (list elements neither
   * records nor Serializable) gets a token of its own.
   */
  private String task(String kind, int index, Object identity, Task task) {
    String token;
    try {
      token = Graph.tokenize(kind, index, identity);
    } catch (IllegalArgumentException e) {
      token = UUID.randomUUID().toString().replace("-", "");
    }
    String key = "bag-" + kind + "-" + token;
    if (keys.add(key)) {
      graph.task(key, task);
    }
    return key;
  }

  private String explain(List<Part> parts) {
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      sb.append(p.describe()).append('\n');
    }
    return sb.toString();
  }
}
