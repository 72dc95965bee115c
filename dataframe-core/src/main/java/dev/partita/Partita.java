package dev.partita;

import java.util.List;

/**
 * Computes several lazy values in one graph run. Their graphs are merged first, so work they share
 * (identical sub-plans get identical keys) runs once.
 *
 * <pre>{@code
 * List<Object> r = Partita.compute(df.col("fare").mean(), df.count(), df.groupBy("vendor").agg(count()));
 * double mean = (Double) r.get(0);  Table byVendor = (Table) r.get(2);
 * }</pre>
 */
public final class Partita {

  private Partita() {}

  /** The results in argument order: a {@link Table} for a DataFrame, the value for a Scalar. */
  public static List<Object> compute(Lazy... values) {
    return compute(ComputeOptions.defaults(), values);
  }

  public static List<Object> compute(ComputeOptions options, Lazy... values) {
    return Runner.compute(List.of(values), options);
  }
}
