package dev.partita.optimize;

import dev.partita.expr.BinOp;
import dev.partita.expr.Node;
import dev.partita.io.Filter;
import dev.partita.plan.JoinType;
import dev.partita.plan.Plan;
import dev.partita.plan.SortKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rewrites a logical plan before lowering, as two passes over the tree:
 * <ol>
 *   <li><b>Filter pushdown</b>: a filter's conjuncts move down as far as they stay true to SQL: below
 *       projections that pass their columns through, sorts and distincts (conjuncts on group keys), into every
 *       input of a union, into the side of a join whose columns they read (for an equality key, a conjunct
 *       on the key also goes to the other side), and into a scan, where the simple ones also become its
 *       pruning {@link Filter} (Parquet row groups skipped by statistics; the row filter still runs). A
 *       conjunct never moves onto the side of an outer join whose unmatched rows are kept.</li>
 *   <li><b>Projection pruning</b>, top-down: each node asks its inputs only for the columns it and its
 *       parents read, through joins (both sides) and unions, so a scan reads no column nobody uses.</li>
 * </ol>
 * The optimized plan has the same output columns as the input plan.
 *
 * <pre>{@code
 * Plan optimized = Optimizer.optimize(plan);
 * }</pre>
 */
public final class Optimizer {

  private Optimizer() {}

  public static Plan optimize(Plan plan) {
    Plan pushed = push(plan, List.of());
    Set<String> all = new LinkedHashSet<>(names(plan.schema()));
    return prune(pushed, all);
  }

  /** The input columns an expression reads. */
  public static Set<String> columnsOf(Node n) {
    return Node.columns(n);
  }

  // ---------------------------------------------------------------- filter pushdown

  /** {@code p} with the {@code pending} conjuncts (over {@code p}'s output columns) applied as low as possible. */
  static Plan push(Plan p, List<Node> pending) {
    return p.accept(new Pushdown(pending));
  }

  private static Plan filtered(Plan child, List<Node> conjuncts) {
    return conjuncts.isEmpty() ? child : new Plan.Where(child, and(conjuncts));
  }

  static Node and(List<Node> conjuncts) {
    Node out = conjuncts.get(0);
    for (Node c : conjuncts.subList(1, conjuncts.size())) {
      out = new Node.Binary(BinOp.AND, out, c);
    }
    return out;
  }

  static void split(Node n, List<Node> out) {
    if (n instanceof Node.Binary b && b.op() == BinOp.AND) {
      split(b.left(), out);
      split(b.right(), out);
    } else {
      out.add(n);
    }
  }

  private static final class Pushdown implements Plan.Visitor<Plan> {
    private final List<Node> pending;

    Pushdown(List<Node> pending) {
      this.pending = pending;
    }

    @Override
    public Plan scan(Plan.Scan s) {
      if (pending.isEmpty()) {
        return s;
      }
      Filter f = null;
      for (Node c : pending) {
        Filter one = toSourceFilter(c);
        if (one != null) {
          f = f == null ? one : Filter.and(f, one);
        }
      }
      Filter combined = f == null ? s.pushed() : s.pushed() == null ? f : Filter.and(s.pushed(), f);
      return filtered(new Plan.Scan(s.source(), s.columns(), combined), pending);
    }

    @Override
    public Plan values(Plan.Values v) {
      return filtered(v, pending);
    }

    @Override
    public Plan where(Plan.Where w) {
      List<Node> all = new ArrayList<>(pending);
      split(w.condition(), all);
      return push(w.child(), all);
    }

    @Override
    public Plan project(Plan.Project proj) {
      Map<String, String> passThrough = new HashMap<>();
      for (Node e : proj.exprs()) {
        Node bare = e instanceof Node.Alias a ? a.input() : e;
        if (bare instanceof Node.Column c) {
          passThrough.put(e.outputName(), c.name());
        }
      }
      List<Node> below = new ArrayList<>();
      List<Node> above = new ArrayList<>();
      for (Node c : pending) {
        if (passThrough.keySet().containsAll(Node.columns(c))) {
          below.add(Node.renameColumns(c, passThrough));
        } else {
          above.add(c);
        }
      }
      return filtered(new Plan.Project(push(proj.child(), below), proj.exprs()), above);
    }

    @Override
    public Plan aggregate(Plan.Aggregate a) {
      List<Node> below = new ArrayList<>();
      List<Node> above = new ArrayList<>();
      for (Node c : pending) {
        Set<String> cols = Node.columns(c);
        // A conjunct reading no column (a constant) filters the groups, not the rows: it stays above.
        (!cols.isEmpty() && a.keys().containsAll(cols) ? below : above).add(c);
      }
      return filtered(a.withChildren(List.of(push(a.child(), below))), above);
    }

    @Override
    public Plan sort(Plan.Sort s) {
      return s.withChildren(List.of(push(s.child(), pending)));
    }

    @Override
    public Plan limit(Plan.Limit l) {
      return filtered(l.withChildren(List.of(push(l.child(), List.of()))), pending);
    }

    @Override
    public Plan union(Plan.Union u) {
      List<Plan> inputs = new ArrayList<>();
      for (Plan in : u.inputs()) {
        inputs.add(push(in, pending));
      }
      return new Plan.Union(inputs);
    }

    @Override
    public Plan join(Plan.Join j) {
      Set<String> leftNames = new LinkedHashSet<>(names(j.left().schema()));
      Map<String, String> rightBack = new HashMap<>();
      j.rightNames().forEach((column, name) -> rightBack.put(name, column));
      if (j.using()) {
        for (String k : j.rightKeys()) {
          rightBack.remove(j.rightNames().get(k));
        }
      }
      Map<String, String> leftKeyToRight = new HashMap<>();
      Map<String, String> rightKeyToLeft = new HashMap<>();
      for (int i = 0; i < j.leftKeys().size(); i++) {
        leftKeyToRight.put(j.leftKeys().get(i), j.rightKeys().get(i));
        rightKeyToLeft.put(j.rightKeys().get(i), j.leftKeys().get(i));
      }
      JoinType t = j.type();
      boolean leftOk = t == JoinType.INNER || t == JoinType.LEFT || t == JoinType.SEMI || t == JoinType.ANTI;
      boolean rightOk = t == JoinType.INNER || t == JoinType.RIGHT;
      List<Node> toLeft = new ArrayList<>();
      List<Node> toRight = new ArrayList<>();
      List<Node> above = new ArrayList<>();
      for (Node c : pending) {
        Set<String> cols = Node.columns(c);
        boolean onLeft = leftNames.containsAll(cols) && (!j.using() || t != JoinType.RIGHT || !usesKey(cols, j));
        boolean onRight = rightBack.keySet().containsAll(cols);
        if (j.using() && t == JoinType.RIGHT && j.leftKeys().containsAll(cols)) {
          // A RIGHT join USING k outputs the right's k: the conjunct is the right's.
          toRight.add(Node.renameColumns(c, leftKeyToRight));
          if (leftKeyToRight.keySet().containsAll(cols)) {
            toLeft.add(c);
          }
        } else if (onLeft && leftOk) {
          toLeft.add(c);
          if (t != JoinType.FULL && leftKeyToRight.keySet().containsAll(cols)) {
            toRight.add(Node.renameColumns(c, leftKeyToRight));
          }
        } else if (onRight && rightOk) {
          Node right = Node.renameColumns(c, rightBack);
          toRight.add(right);
          if (rightKeyToLeft.keySet().containsAll(Node.columns(right))) {
            toLeft.add(Node.renameColumns(right, rightKeyToLeft));
          }
        } else {
          above.add(c);
        }
      }
      return filtered(j.withChildren(List.of(push(j.left(), toLeft), push(j.right(), toRight))), above);
    }

    private static boolean usesKey(Set<String> cols, Plan.Join j) {
      for (String k : j.leftKeys()) {
        if (cols.contains(k)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The conjuncts a source understands (column op literal, null tests), or null when none. */
  static Filter toSourceFilter(Node n) {
    if (n instanceof Node.Binary b) {
      if (b.op() == BinOp.AND) {
        Filter l = toSourceFilter(b.left());
        Filter r = toSourceFilter(b.right());
        return l == null ? r : r == null ? l : Filter.and(l, r);
      }
      if (b.op() == BinOp.OR) {
        Filter l = toSourceFilter(b.left());
        Filter r = toSourceFilter(b.right());
        return l == null || r == null ? null : Filter.or(l, r);
      }
      if (b.op().comparison() != null) {
        if (b.left() instanceof Node.Column c && b.right() instanceof Node.Literal lit && lit.value() != null) {
          return new Filter.Compare(c.name(), sourceOp(b.op()), lit.value());
        }
        if (b.right() instanceof Node.Column c && b.left() instanceof Node.Literal lit && lit.value() != null) {
          return new Filter.Compare(c.name(), sourceOp(flip(b.op())), lit.value());
        }
      }
      return null;
    }
    if (n instanceof Node.IsNull isNull && isNull.input() instanceof Node.Column c) {
      return new Filter.IsNull(c.name(), isNull.negated());
    }
    return null;
  }

  private static BinOp flip(BinOp op) {
    switch (op) {
      case LT: return BinOp.GT;
      case LE: return BinOp.GE;
      case GT: return BinOp.LT;
      case GE: return BinOp.LE;
      default: return op;
    }
  }

  private static Filter.Op sourceOp(BinOp op) {
    return Filter.Op.valueOf(op.name());
  }

  // ---------------------------------------------------------------- projection pruning

  /** {@code p} rewritten to produce at least {@code required}, reading no column it does not need. */
  static Plan prune(Plan p, Set<String> required) {
    return p.accept(new Prune(required));
  }

  private static final class Prune implements Plan.Visitor<Plan> {
    private final Set<String> required;

    Prune(Set<String> required) {
      this.required = required;
    }

    @Override
    public Plan scan(Plan.Scan s) {
      List<String> cols = new ArrayList<>();
      for (String c : s.readColumns()) {
        if (required.contains(c)) {
          cols.add(c);
        }
      }
      if (cols.isEmpty()) {
        // A row count still needs rows: read the first column rather than a batch with no vectors.
        cols.add(s.readColumns().get(0));
      }
      return new Plan.Scan(s.source(), cols, s.pushed());
    }

    @Override
    public Plan values(Plan.Values v) {
      return v;
    }

    @Override
    public Plan where(Plan.Where w) {
      Set<String> need = new LinkedHashSet<>(required);
      need.addAll(Node.columns(w.condition()));
      return new Plan.Where(prune(w.child(), need), w.condition());
    }

    @Override
    public Plan project(Plan.Project proj) {
      List<Node> kept = new ArrayList<>();
      for (Node e : proj.exprs()) {
        if (required.contains(e.outputName())) {
          kept.add(e);
        }
      }
      if (kept.isEmpty()) {
        kept.add(proj.exprs().get(0));
      }
      Set<String> need = new LinkedHashSet<>();
      kept.forEach(e -> need.addAll(Node.columns(e)));
      Plan child = prune(proj.child(), need);
      if (isIdentity(kept, child.schema())) {
        return child;
      }
      return new Plan.Project(child, kept);
    }

    @Override
    public Plan aggregate(Plan.Aggregate a) {
      Set<String> need = new LinkedHashSet<>(a.keys());
      a.calls().forEach(c -> need.addAll(c.inputs()));
      return a.withChildren(List.of(prune(a.child(), need)));
    }

    @Override
    public Plan sort(Plan.Sort s) {
      Set<String> need = new LinkedHashSet<>(required);
      for (SortKey k : s.keys()) {
        need.add(k.column());
      }
      return s.withChildren(List.of(prune(s.child(), need)));
    }

    @Override
    public Plan limit(Plan.Limit l) {
      return l.withChildren(List.of(prune(l.child(), required)));
    }

    /**
     * Each input pruned to the union's columns that are required, then projected to exactly those: a pruned
     * input may keep more (the columns its own filters read), and a union's inputs must have the same columns.
     */
    @Override
    public Plan union(Plan.Union u) {
      List<Node> out = new ArrayList<>();
      for (Field f : u.schema().getFields()) {
        if (required.contains(f.getName())) {
          out.add(new Node.Column(f.getName()));
        }
      }
      if (out.isEmpty()) {
        out.add(new Node.Column(u.schema().getFields().get(0).getName()));
      }
      Set<String> names = new LinkedHashSet<>();
      out.forEach(c -> names.add(c.outputName()));
      List<Plan> inputs = new ArrayList<>();
      for (Plan in : u.inputs()) {
        Plan p = prune(in, names);
        inputs.add(isIdentity(out, p.schema()) ? p : new Plan.Project(p, out));
      }
      return new Plan.Union(inputs);
    }

    @Override
    public Plan join(Plan.Join j) {
      Set<String> needed = new LinkedHashSet<>(required);
      if (j.residual() != null) {
        needed.addAll(Node.columns(j.residual()));
      }
      Set<String> left = new LinkedHashSet<>(j.leftKeys());
      Set<String> right = new LinkedHashSet<>(j.rightKeys());
      for (Field f : j.left().schema().getFields()) {
        if (needed.contains(f.getName())) {
          left.add(f.getName());
        }
      }
      boolean rightOut = j.type().outputsRight() || j.residual() != null;
      for (Field f : j.right().schema().getFields()) {
        if (rightOut && needed.contains(j.rightNames().get(f.getName()))) {
          right.add(f.getName());
        }
      }
      return j.withChildren(List.of(prune(j.left(), left), prune(j.right(), right)));
    }
  }

  /** Whether projecting {@code exprs} over {@code schema} would return exactly its columns, unchanged. */
  private static boolean isIdentity(List<Node> exprs, Schema schema) {
    List<Field> fields = schema.getFields();
    if (exprs.size() != fields.size()) {
      return false;
    }
    for (int i = 0; i < exprs.size(); i++) {
      if (!(exprs.get(i) instanceof Node.Column c) || !c.name().equals(fields.get(i).getName())) {
        return false;
      }
    }
    return true;
  }

  private static List<String> names(Schema s) {
    return s.getFields().stream().map(Field::getName).toList();
  }
}
