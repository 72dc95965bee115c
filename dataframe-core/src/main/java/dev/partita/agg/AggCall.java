package dev.partita.agg;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One aggregation of a query: what to compute, over which input column(s), under which output name,
 * with which parameter (the q of QUANTILE and APPROX_QUANTILE, the n of TOP_N; 0 otherwise).
 *
 * <pre>{@code
 * AggCall c = new AggCall(AggKind.MEAN, "v3", "v3_mean");
 * AggCall r = new AggCall(AggKind.CORR, "v1", "r", "v2", 0);
 * }</pre>
 *
 * @param kind the aggregation
 * @param column the input column; null exactly for {@link AggKind#COUNT_ALL}
 * @param outputName the name of the result column
 * @param column2 the second input column of CORR and COVAR; null for the others
 * @param param the quantile in [0, 1] or the number of values kept; 0 for the others
 */
public record AggCall(AggKind kind, String column, String outputName, String column2, double param)
    implements Serializable {

  /** Checks that kind and output name are present, the columns match the kind and the parameter is valid. */
  public AggCall {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outputName, "outputName");
    if ((column == null) != (kind == AggKind.COUNT_ALL)) {
      throw new IllegalArgumentException(
          kind == AggKind.COUNT_ALL ? "COUNT_ALL takes no column" : kind + " needs a column");
    }
    boolean two = kind == AggKind.CORR || kind == AggKind.COVAR;
    if ((column2 == null) == two) {
      throw new IllegalArgumentException(two ? kind + " needs two columns" : kind + " takes one column");
    }
    boolean quantile = kind == AggKind.QUANTILE || kind == AggKind.APPROX_QUANTILE;
    if (quantile ? !(param >= 0 && param <= 1)
        : kind == AggKind.TOP_N ? !(param >= 1 && param == Math.rint(param) && param <= Integer.MAX_VALUE)
        : param != 0) {
      throw new IllegalArgumentException(kind + (quantile ? " needs a quantile in [0, 1]"
          : kind == AggKind.TOP_N ? " needs a positive whole number of values" : " takes no parameter")
          + ", got " + param);
    }
  }

  /** A one-column (or, for COUNT_ALL, no-column) aggregation without a parameter. */
  public AggCall(AggKind kind, String column, String outputName) {
    this(kind, column, outputName, null, 0);
  }

  /** The same call under another output name. */
  public AggCall withOutputName(String name) {
    return new AggCall(kind, column, name, column2, param);
  }

  /** The columns this call reads, in order (none for COUNT_ALL). */
  public List<String> inputs() {
    List<String> out = new ArrayList<>(2);
    if (column != null) {
      out.add(column);
    }
    if (column2 != null) {
      out.add(column2);
    }
    return out;
  }
}
