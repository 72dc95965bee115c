package dev.partita.agg;

import java.io.Serializable;
import java.util.Objects;

/**
 * One aggregation of a query: what to compute, over which input column, under which output name.
 *
 * <pre>{@code
 * AggCall c = new AggCall(AggKind.MEAN, "v3", "v3_mean");
 * AggCall n = new AggCall(AggKind.COUNT_ALL, null, "count");
 * }</pre>
 *
 * @param kind the aggregation
 * @param column the input column; null exactly for {@link AggKind#COUNT_ALL}
 * @param outputName the name of the result column
 */
public record AggCall(AggKind kind, String column, String outputName) implements Serializable {

  /** Checks that kind and output name are present and that only COUNT_ALL lacks a column. */
  public AggCall {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outputName, "outputName");
    if ((column == null) != (kind == AggKind.COUNT_ALL)) {
      throw new IllegalArgumentException(
          kind == AggKind.COUNT_ALL ? "COUNT_ALL takes no column" : kind + " needs a column");
    }
  }
}
