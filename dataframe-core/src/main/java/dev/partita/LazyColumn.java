package dev.partita;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.expr.Node;
import dev.partita.plan.Plan;
import dev.partita.plan.SortKey;
import java.util.List;

/**
 * One column of a {@link DataFrame}: an {@link Expr} with reductions. Each reduction is a lazy
 * {@link Scalar}: {@code Long} for integer sum, min, max, count and nunique, {@code Double} for
 * floating results, {@code null} when there is no non-null value; std and var are sample (n - 1).
 *
 * <pre>{@code
 * double m = df.col("fare").mean().compute();
 * Table counts = df.col("vendor").valueCounts().compute();
 * }</pre>
 */
public final class LazyColumn extends Expr {

  private final DataFrame frame;
  private final String name;

  LazyColumn(DataFrame frame, String name) {
    super(new Node.Column(name));
    this.frame = frame;
    this.name = name;
  }

  private <T> Scalar<T> reduce(AggKind kind, Class<T> type) {
    AggCall call = GroupedData.check(frame, new Agg(kind, name, null).call(name, null));
    return new Scalar<>(new Plan.Aggregate(frame.plan(), List.of(), List.of(call)),
        kind.name().toLowerCase(java.util.Locale.ROOT), type);
  }

  /** Integer columns give a Long, float columns a Double. */
  public Scalar<Number> sum() {
    return reduce(AggKind.SUM, Number.class);
  }

  public Scalar<Double> mean() {
    return reduce(AggKind.MEAN, Double.class);
  }

  /** The smallest value, typed as the column (Long, Double, String, LocalDate, Boolean). */
  public Scalar<Object> min() {
    return reduce(AggKind.MIN, Object.class);
  }

  /** The largest value, typed as the column (Long, Double, String, LocalDate, Boolean). */
  public Scalar<Object> max() {
    return reduce(AggKind.MAX, Object.class);
  }

  /** The number of non-null values. */
  public Scalar<Long> count() {
    return reduce(AggKind.COUNT, Long.class);
  }

  public Scalar<Double> std() {
    return reduce(AggKind.STD, Double.class);
  }

  public Scalar<Double> var() {
    return reduce(AggKind.VAR, Double.class);
  }

  public Scalar<Long> nunique() {
    return reduce(AggKind.NUNIQUE, Long.class);
  }

  /**
   * Each distinct value with its number of rows, as columns ({@code name}, {@code count}), most
   * frequent first, ties by value; nulls form one group.
   */
  public DataFrame valueCounts() {
    Plan agg = new Plan.Aggregate(frame.plan(), List.of(name),
        List.of(new AggCall(AggKind.COUNT_ALL, null, "count")));
    return new DataFrame(new Plan.Sort(agg, List.of(new SortKey("count", true, false), SortKey.asc(name))));
  }
}
