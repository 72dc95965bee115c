package dev.partita.optimize;

import dev.partita.expr.BinOp;
import dev.partita.expr.Node;
import dev.partita.io.Filter;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Rewrites a logical plan before lowering: filters move below projections that only pass their
 * columns through; simple conjuncts of a filter over a scan become the scan's pruning
 * {@link Filter} (the row filter stays); the scan reads only the columns the plan uses.
 *
 * <pre>{@code
 * Plan optimized = Optimizer.optimize(plan);
 * }</pre>
 */
public final class Optimizer {

  private Optimizer() {}

  public static Plan optimize(Plan plan) {
    Plan pushed = pushFilters(plan);
    Set<String> all = new LinkedHashSet<>();
    for (Field f : pushed.schema().getFields()) {
      all.add(f.getName());
    }
    return prune(pushed, all);
  }

  private static Plan pushFilters(Plan p) {
    if (p instanceof Plan.Where) {
      Plan.Where w = (Plan.Where) p;
      Plan child = pushFilters(w.child());
      if (child instanceof Plan.Project && passesThrough((Plan.Project) child, w.condition())) {
        Plan.Project proj = (Plan.Project) child;
        return new Plan.Project(pushFilters(new Plan.Where(proj.child(), w.condition())), proj.exprs());
      }
      if (child instanceof Plan.Scan) {
        Plan.Scan scan = (Plan.Scan) child;
        Filter f = toSourceFilter(w.condition());
        if (f != null) {
          Filter combined = scan.pushed() == null ? f : Filter.and(scan.pushed(), f);
          child = new Plan.Scan(scan.source(), scan.columns(), combined);
        }
      }
      return new Plan.Where(child, w.condition());
    }
    if (p instanceof Plan.Project) {
      Plan.Project proj = (Plan.Project) p;
      return new Plan.Project(pushFilters(proj.child()), proj.exprs());
    }
    if (p instanceof Plan.Aggregate) {
      Plan.Aggregate a = (Plan.Aggregate) p;
      return new Plan.Aggregate(pushFilters(a.child()), a.keys(), a.calls(), a.splitOut());
    }
    if (p instanceof Plan.Sort) {
      Plan.Sort s = (Plan.Sort) p;
      return new Plan.Sort(pushFilters(s.child()), s.columns(), s.descending());
    }
    return p;
  }

  /** True when every column the condition reads is a plain pass-through column of the projection. */
  private static boolean passesThrough(Plan.Project proj, Node condition) {
    Set<String> plain = proj.exprs().stream().filter(e -> e instanceof Node.Column)
        .map(Node::outputName).collect(Collectors.toSet());
    return plain.containsAll(columnsOf(condition));
  }

  /** The conjuncts a source understands (column op literal, null tests), or null when none. */
  static Filter toSourceFilter(Node n) {
    if (n instanceof Node.Binary) {
      Node.Binary b = (Node.Binary) n;
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
        if (b.left() instanceof Node.Column && b.right() instanceof Node.Literal
            && ((Node.Literal) b.right()).value() != null) {
          return new Filter.Compare(((Node.Column) b.left()).name(), sourceOp(b.op()),
              ((Node.Literal) b.right()).value());
        }
        if (b.right() instanceof Node.Column && b.left() instanceof Node.Literal
            && ((Node.Literal) b.left()).value() != null) {
          return new Filter.Compare(((Node.Column) b.right()).name(),
              sourceOp(flip(b.op())), ((Node.Literal) b.left()).value());
        }
      }
      return null;
    }
    if (n instanceof Node.IsNull && ((Node.IsNull) n).input() instanceof Node.Column) {
      Node.IsNull isNull = (Node.IsNull) n;
      return new Filter.IsNull(((Node.Column) isNull.input()).name(), isNull.negated());
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

  /** {@code p} rewritten to produce at least {@code required}, reading no column it does not need. */
  private static Plan prune(Plan p, Set<String> required) {
    if (p instanceof Plan.Scan) {
      Plan.Scan s = (Plan.Scan) p;
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
    if (p instanceof Plan.Where) {
      Plan.Where w = (Plan.Where) p;
      Set<String> need = new LinkedHashSet<>(required);
      need.addAll(columnsOf(w.condition()));
      return new Plan.Where(prune(w.child(), need), w.condition());
    }
    if (p instanceof Plan.Project) {
      Plan.Project proj = (Plan.Project) p;
      List<Node> kept = new ArrayList<>();
      Set<String> need = new LinkedHashSet<>();
      for (Node e : proj.exprs()) {
        if (required.contains(e.outputName())) {
          kept.add(e);
          need.addAll(columnsOf(e));
        }
      }
      return new Plan.Project(prune(proj.child(), need), kept);
    }
    if (p instanceof Plan.Aggregate) {
      Plan.Aggregate a = (Plan.Aggregate) p;
      Set<String> need = new LinkedHashSet<>(a.keys());
      a.calls().forEach(c -> need.addAll(c.inputs()));
      return new Plan.Aggregate(prune(a.child(), need), a.keys(), a.calls(), a.splitOut());
    }
    Plan.Sort s = (Plan.Sort) p;
    Set<String> need = new LinkedHashSet<>(required);
    need.addAll(s.columns());
    return new Plan.Sort(prune(s.child(), need), s.columns(), s.descending());
  }

  /** The input columns an expression reads. */
  public static Set<String> columnsOf(Node n) {
    Set<String> out = new LinkedHashSet<>();
    collect(n, out);
    return out;
  }

  private static void collect(Node n, Set<String> out) {
    if (n instanceof Node.Column) {
      out.add(((Node.Column) n).name());
    } else if (n instanceof Node.Binary) {
      collect(((Node.Binary) n).left(), out);
      collect(((Node.Binary) n).right(), out);
    } else if (n instanceof Node.Not) {
      collect(((Node.Not) n).input(), out);
    } else if (n instanceof Node.IsNull) {
      collect(((Node.IsNull) n).input(), out);
    } else if (n instanceof Node.In) {
      collect(((Node.In) n).input(), out);
    } else if (n instanceof Node.Alias) {
      collect(((Node.Alias) n).input(), out);
    }
  }
}
