package dev.partita.agg;

import java.io.Serializable;

/**
 * The partial result of aggregating some rows: per group, one accumulator state per call.
 * Immutable once produced; combined with {@link AggStates#merge} and finalized with
 * {@link AggStates#toArrow}.
 *
 * <pre>{@code
 * AggState s = aggregator.finish();
 * long bytes = s.sizeBytes();
 * }</pre>
 */
public interface AggState extends Serializable {

  /** Number of groups (1 for a global aggregation, even over no rows). */
  int groupCount();

  /** Approximate heap footprint in bytes, for memory accounting and spill decisions. */
  long sizeBytes();

  /**
   * The part of {@link #sizeBytes} that grows with the input rows rather than the groups (the values an
   * exact median keeps), for estimating the state of more rows than were seen.
   */
  default long rowBytes() {
    return 0;
  }
}
