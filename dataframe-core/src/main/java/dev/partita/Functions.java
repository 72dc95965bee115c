package dev.partita;

import dev.partita.agg.AggKind;
import dev.partita.expr.Node;

/**
 * Static constructors for expressions and aggregations; import them statically.
 *
 * <pre>{@code
 * import static dev.partita.Functions.*;
 * df.filter(col("passengers").gt(1)).groupBy("vendor").agg(sum("fare"), mean("tip"), count());
 * }</pre>
 */
public final class Functions {

  private Functions() {}

  /** The column named {@code name}. */
  public static Expr col(String name) {
    return new Expr(new Node.Column(name));
  }

  /** A constant: a number, String, Boolean, LocalDate or null. */
  public static Expr lit(Object value) {
    return new Expr(Node.literal(value));
  }

  /** Number of rows, named {@code count}. */
  public static Agg count() {
    return new Agg(AggKind.COUNT_ALL, null, null);
  }

  /** Number of non-null values of {@code column}. */
  public static Agg count(String column) {
    return new Agg(AggKind.COUNT, column, null);
  }

  public static Agg sum(String column) {
    return new Agg(AggKind.SUM, column, null);
  }

  public static Agg mean(String column) {
    return new Agg(AggKind.MEAN, column, null);
  }

  public static Agg min(String column) {
    return new Agg(AggKind.MIN, column, null);
  }

  public static Agg max(String column) {
    return new Agg(AggKind.MAX, column, null);
  }

  /** Sample standard deviation (n - 1). */
  public static Agg std(String column) {
    return new Agg(AggKind.STD, column, null);
  }

  /** Sample variance (n - 1). */
  public static Agg var(String column) {
    return new Agg(AggKind.VAR, column, null);
  }

  /** The value in the first row (partition order, then row order), null included. */
  public static Agg first(String column) {
    return new Agg(AggKind.FIRST, column, null);
  }

  /** The value in the last row (partition order, then row order), null included. */
  public static Agg last(String column) {
    return new Agg(AggKind.LAST, column, null);
  }

  /** Number of distinct non-null values. */
  public static Agg nunique(String column) {
    return new Agg(AggKind.NUNIQUE, column, null);
  }

  /** Exact median of the non-null values as float64 (SQL {@code median}); null when there are none. */
  public static Agg median(String column) {
    return quantile(column, 0.5);
  }

  /**
   * Exact quantile {@code q} in [0, 1] of the non-null values as float64, interpolating linearly
   * between neighbouring values (SQL {@code quantile_cont}); null when there are none. Keeps every value.
   */
  public static Agg quantile(String column, double q) {
    return new Agg(AggKind.QUANTILE, column, null, null, q);
  }

  /**
   * Approximate quantile {@code q} from a t-digest per group (a few KB each, whatever the row count):
   * rank error well under 1%, smallest near q = 0 and 1. Not-a-number values are ignored.
   */
  public static Agg approxQuantile(String column, double q) {
    return new Agg(AggKind.APPROX_QUANTILE, column, null, null, q);
  }

  /** Pearson correlation of {@code x} and {@code y} over rows where both are non-null (SQL {@code corr}). */
  public static Agg corr(String x, String y) {
    return new Agg(AggKind.CORR, x, "corr_" + x + "_" + y, y, 0);
  }

  /** Sample covariance (n - 1) of {@code x} and {@code y} over rows where both are non-null ({@code covar_samp}). */
  public static Agg covar(String x, String y) {
    return new Agg(AggKind.COVAR, x, "covar_" + x + "_" + y, y, 0);
  }
}
