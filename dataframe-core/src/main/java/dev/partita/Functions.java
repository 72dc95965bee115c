package dev.partita;

import dev.partita.agg.AggKind;
import dev.partita.expr.Fn;
import dev.partita.expr.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Static constructors for expressions and aggregations; import them statically. Every aggregation takes a
 * column name or an expression.
 *
 * <pre>{@code
 * import static dev.partita.Functions.*;
 * df.filter(col("passengers").gt(1)).groupBy("vendor").agg(sum("fare"), mean(col("tip").div(col("fare"))), count());
 * df.select(when(col("fare").gt(50), "high").when(col("fare").gt(10), "mid").otherwise("low").as("band"));
 * }</pre>
 */
public final class Functions {

  private Functions() {}

  /** The column named {@code name}. */
  public static Expr col(String name) {
    return new Expr(new Node.Column(name));
  }

  /** A constant: a number, String, Boolean, LocalDate, LocalDateTime, Instant or null. */
  public static Expr lit(Object value) {
    return new Expr(Node.literal(value));
  }

  /**
   * SQL's {@code CASE WHEN condition THEN value}: continue with {@link When#when} and end with
   * {@link When#otherwise}, or use as it is (null where no condition holds).
   */
  public static When when(Expr condition, Object value) {
    return new When(List.of(condition.node()), List.of(Expr.nodeOf(value)));
  }

  /** The first of {@code values} (columns or constants) that is not null, per row. */
  public static Expr coalesce(Object... values) {
    List<Node> nodes = new ArrayList<>();
    for (Object v : values) {
      nodes.add(Expr.nodeOf(v));
    }
    return new Expr(new Node.Coalesce(nodes));
  }

  /** The values (columns or constants) as text, one after the other; nulls are skipped (DuckDB's {@code concat}). */
  public static Expr concat(Object... values) {
    List<Node> nodes = new ArrayList<>();
    for (Object v : values) {
      nodes.add(Expr.nodeOf(v));
    }
    return new Expr(new Node.Call(Fn.CONCAT, nodes));
  }

  /**
   * A CASE being built: {@link #when} adds a branch, {@link #otherwise} gives the value where no condition
   * holds; as an {@link Expr} itself, that value is null.
   */
  public static final class When extends Expr {
    private final List<Node> conditions;
    private final List<Node> values;

    private When(List<Node> conditions, List<Node> values) {
      super(new Node.Case(conditions, values, Node.literal(null)));
      this.conditions = conditions;
      this.values = values;
    }

    /** One more branch, tried after the ones before it. */
    public When when(Expr condition, Object value) {
      List<Node> c = new ArrayList<>(conditions);
      List<Node> v = new ArrayList<>(values);
      c.add(condition.node());
      v.add(Expr.nodeOf(value));
      return new When(c, v);
    }

    /** The value where no condition holds. */
    public Expr otherwise(Object value) {
      return new Expr(new Node.Case(conditions, values, Expr.nodeOf(value)));
    }
  }

  /** Number of rows, named {@code count}. */
  public static Agg count() {
    return new Agg(AggKind.COUNT_ALL, null, null);
  }

  /** Number of non-null values of {@code column}. */
  public static Agg count(String column) {
    return new Agg(AggKind.COUNT, column, null);
  }

  /** Number of non-null values of {@code value}. */
  public static Agg count(Expr value) {
    return of(AggKind.COUNT, value);
  }

  public static Agg sum(String column) {
    return new Agg(AggKind.SUM, column, null);
  }

  public static Agg sum(Expr value) {
    return of(AggKind.SUM, value);
  }

  public static Agg mean(String column) {
    return new Agg(AggKind.MEAN, column, null);
  }

  public static Agg mean(Expr value) {
    return of(AggKind.MEAN, value);
  }

  /** {@link #mean(String)} by its SQL name. */
  public static Agg avg(String column) {
    return mean(column);
  }

  /** {@link #mean(Expr)} by its SQL name. */
  public static Agg avg(Expr value) {
    return mean(value);
  }

  public static Agg min(String column) {
    return new Agg(AggKind.MIN, column, null);
  }

  public static Agg min(Expr value) {
    return of(AggKind.MIN, value);
  }

  public static Agg max(String column) {
    return new Agg(AggKind.MAX, column, null);
  }

  public static Agg max(Expr value) {
    return of(AggKind.MAX, value);
  }

  /** Sample standard deviation (n - 1). */
  public static Agg std(String column) {
    return new Agg(AggKind.STD, column, null);
  }

  public static Agg std(Expr value) {
    return of(AggKind.STD, value);
  }

  /** Sample variance (n - 1). */
  public static Agg var(String column) {
    return new Agg(AggKind.VAR, column, null);
  }

  public static Agg var(Expr value) {
    return of(AggKind.VAR, value);
  }

  /** The value in the first row (partition order, then row order), null included. */
  public static Agg first(String column) {
    return new Agg(AggKind.FIRST, column, null);
  }

  public static Agg first(Expr value) {
    return of(AggKind.FIRST, value);
  }

  /** The value in the last row (partition order, then row order), null included. */
  public static Agg last(String column) {
    return new Agg(AggKind.LAST, column, null);
  }

  public static Agg last(Expr value) {
    return of(AggKind.LAST, value);
  }

  /** Number of distinct non-null values. */
  public static Agg nunique(String column) {
    return new Agg(AggKind.NUNIQUE, column, null);
  }

  public static Agg nunique(Expr value) {
    return of(AggKind.NUNIQUE, value);
  }

  /** Number of distinct non-null values (SQL's {@code count(DISTINCT x)}); the same as {@link #nunique}. */
  public static Agg countDistinct(String column) {
    return nunique(column);
  }

  public static Agg countDistinct(Expr value) {
    return nunique(value);
  }

  /** Exact median of the non-null values as float64 (SQL {@code median}); null when there are none. */
  public static Agg median(String column) {
    return quantile(column, 0.5);
  }

  public static Agg median(Expr value) {
    return quantile(value, 0.5);
  }

  /**
   * Exact quantile {@code q} in [0, 1] of the non-null values as float64, interpolating linearly
   * between neighbouring values (SQL {@code quantile_cont}); null when there are none. Keeps every value.
   */
  public static Agg quantile(String column, double q) {
    return quantile(col(column), q);
  }

  public static Agg quantile(Expr value, double q) {
    return new Agg(AggKind.QUANTILE, value.node(), null, null, q);
  }

  /**
   * Approximate quantile {@code q} from a t-digest per group (a few KB each, whatever the row count):
   * rank error well under 1%, smallest near q = 0 and 1. Not-a-number values are ignored.
   */
  public static Agg approxQuantile(String column, double q) {
    return approxQuantile(col(column), q);
  }

  public static Agg approxQuantile(Expr value, double q) {
    return new Agg(AggKind.APPROX_QUANTILE, value.node(), null, null, q);
  }

  /** Pearson correlation of {@code x} and {@code y} over rows where both are non-null (SQL {@code corr}). */
  public static Agg corr(String x, String y) {
    return new Agg(AggKind.CORR, col(x).node(), "corr_" + x + "_" + y, col(y).node(), 0);
  }

  public static Agg corr(Expr x, Expr y) {
    return new Agg(AggKind.CORR, x.node(), null, y.node(), 0);
  }

  /** Sample covariance (n - 1) of {@code x} and {@code y} over rows where both are non-null ({@code covar_samp}). */
  public static Agg covar(String x, String y) {
    return new Agg(AggKind.COVAR, col(x).node(), "covar_" + x + "_" + y, col(y).node(), 0);
  }

  public static Agg covar(Expr x, Expr y) {
    return new Agg(AggKind.COVAR, x.node(), null, y.node(), 0);
  }

  /** The aggregations {@link #aggregation} knows, by name. */
  public static final List<String> AGGREGATIONS = List.of("count", "sum", "mean", "avg", "min", "max", "std",
      "stddev", "var", "variance", "first", "last", "nunique", "count_distinct", "median", "quantile",
      "approx_quantile", "corr", "covar");

  /**
   * The aggregation named {@code name} (one of {@link #AGGREGATIONS}, as the command line and SQL name them)
   * over {@code args}: the inputs (none for {@code count()}), then for {@code quantile} and
   * {@code approx_quantile} the quantile as a number.
   *
   * @throws AnalysisException for an unknown name or the wrong arguments, listing the known names
   */
  public static Agg aggregation(String name, List<Object> args) {
    String n = name.toLowerCase(Locale.ROOT);
    List<Expr> exprs = new ArrayList<>();
    Double q = null;
    for (Object a : args) {
      if (a instanceof Number x && (n.equals("quantile") || n.equals("approx_quantile"))) {
        q = x.doubleValue();
      } else {
        exprs.add(a instanceof Expr e ? e : lit(a));
      }
    }
    int want = n.equals("count") && exprs.isEmpty() ? 0 : n.equals("corr") || n.equals("covar") ? 2 : 1;
    boolean quantile = n.equals("quantile") || n.equals("approx_quantile");
    if (!AGGREGATIONS.contains(n)) {
      throw new AnalysisException("unknown aggregation '" + name + "'", "known: " + String.join(", ", AGGREGATIONS));
    }
    if (exprs.size() != want || quantile != (q != null)) {
      throw new AnalysisException(name + " takes " + (want == 2 ? "two columns" : quantile
          ? "a column and a quantile in [0, 1]" : want == 0 ? "no argument" : "one column") + ", got " + args,
          "e.g. " + (quantile ? name + "(v, 0.9)" : want == 2 ? name + "(x, y)" : name + "(v)"));
    }
    switch (n) {
      case "count": return exprs.isEmpty() ? count() : count(exprs.get(0));
      case "sum": return sum(exprs.get(0));
      case "mean": case "avg": return mean(exprs.get(0));
      case "min": return min(exprs.get(0));
      case "max": return max(exprs.get(0));
      case "std": case "stddev": return std(exprs.get(0));
      case "var": case "variance": return var(exprs.get(0));
      case "first": return first(exprs.get(0));
      case "last": return last(exprs.get(0));
      case "nunique": case "count_distinct": return nunique(exprs.get(0));
      case "median": return median(exprs.get(0));
      case "quantile": return quantile(exprs.get(0), q);
      case "approx_quantile": return approxQuantile(exprs.get(0), q);
      case "corr": return corr(exprs.get(0), exprs.get(1));
      default: return covar(exprs.get(0), exprs.get(1));
    }
  }

  private static Agg of(AggKind kind, Expr value) {
    return new Agg(kind, value.node(), null, null, 0);
  }
}
