package dev.partita.io;

import java.io.Serializable;

/**
 * A simple predicate a source can use to skip partitions, row groups or rows that cannot match:
 * column-op-literal comparisons and null tests joined by and/or. A source may keep rows that do
 * not match, never drop one that does; the engine still filters the rows it reads.
 *
 * <pre>{@code
 * Filter f = Filter.and(Filter.gt("v1", 2L), Filter.eq("id1", "id016"));
 * }</pre>
 */
public sealed interface Filter extends Serializable {

  /** Comparison operators. */
  enum Op { EQ, NE, LT, LE, GT, GE }

  /**
   * {@code column op value}; value is a Long, Double, Boolean, String, LocalDate, Instant or, for a
   * decimal column, a BigDecimal (converted once to the column's unscaled value, so that pruning
   * compares longs).
   */
  record Compare(String column, Op op, Object value) implements Filter {}

  /** {@code column IS NULL}, or {@code IS NOT NULL} when negated. */
  record IsNull(String column, boolean negated) implements Filter {}

  /** Both must hold. */
  record And(Filter left, Filter right) implements Filter {}

  /** Either may hold. */
  record Or(Filter left, Filter right) implements Filter {}

  static Filter eq(String column, Object value) {
    return new Compare(column, Op.EQ, value);
  }

  static Filter gt(String column, Object value) {
    return new Compare(column, Op.GT, value);
  }

  static Filter lt(String column, Object value) {
    return new Compare(column, Op.LT, value);
  }

  static Filter and(Filter left, Filter right) {
    return new And(left, right);
  }

  static Filter or(Filter left, Filter right) {
    return new Or(left, right);
  }
}
