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
}
