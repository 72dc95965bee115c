package dev.partita.agg;

import java.io.Serializable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The state of one aggregation for every group, in primitive arrays indexed by group id.
 * One implementation per aggregation, created by {@link Aggregations#newAccumulator}.
 */
interface Accumulator extends Serializable {

  /** Makes room for groups {@code [0, groupCount)}; new groups start empty. */
  void resize(int groupCount);

  /** Folds rows {@code [0, rowCount)} of {@code input} (null for COUNT_ALL) into group {@code ids[i]}. */
  void update(int[] ids, int groupCount, FieldVector input, int rowCount);

  /** As {@link #update(int[], int, FieldVector, int)} for two-column aggregations (CORR, COVAR), which override it. */
  default void update(int[] ids, int groupCount, FieldVector x, FieldVector y, int rowCount) {
    update(ids, groupCount, x, rowCount);
  }

  /**
   * Lets go of the arrays an update works in (a batch's values, 512 KiB for a batch of 65,536 longs), once no
   * more rows will be added: a state held until its combine keeps only its groups.
   */
  default void dropScratch() {}

  /**
   * Folds group {@code og} of {@code other} (same kind, not changed) into group {@code map[og]}; groups
   * mapped to -1 are skipped (another hash bucket's).
   */
  void merge(Accumulator other, int[] map, int groupCount);

  /** The result of groups {@code [0, groupCount)} as a vector of {@code field}, owned by the caller. */
  FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator);

  /** A new accumulator of the same kind with no groups. */
  Accumulator emptyCopy();

  /** Approximate heap footprint in bytes. */
  long sizeBytes();

  /**
   * Whether the state travels as Arrow columns ({@link #writeState}); an aggregation that keeps values per
   * row (exact quantiles, distinct values) does not, so a shuffle moves its input rows instead.
   */
  default boolean hasArrowState() {
    return false;
  }

  /** The state of groups {@code [0, n)} as new vectors named {@code prefix} plus a digit, owned by the caller. */
  default java.util.List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no Arrow state");
  }

  /** An accumulator of the same kind holding {@code n} groups read from columns {@link #writeState} wrote. */
  default Accumulator readState(java.util.List<FieldVector> columns, int n) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no Arrow state");
  }

  /**
   * Whether the state keeps something per input row (an exact quantile's values, distinct values), so
   * that it grows with the rows rather than with the groups.
   */
  default boolean keepsRows() {
    return false;
  }
}
