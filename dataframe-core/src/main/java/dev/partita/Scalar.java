package dev.partita;

import dev.partita.plan.Plan;
import java.util.List;

/**
 * A lazy single value, such as a column's mean. {@link #compute()} runs its graph and returns the
 * value (null when SQL would give null, e.g. the mean of no values).
 *
 * <pre>{@code
 * Scalar<Double> m = df.col("fare").mean();
 * double fare = m.compute();
 * }</pre>
 */
public final class Scalar<T> extends Lazy {

  private final Plan plan;
  private final String label;
  private final Class<T> type;

  Scalar(Plan plan, String label, Class<T> type) {
    this.plan = plan;
    this.label = label;
    this.type = type;
    plan.schema();
  }

  @Override
  Plan plan() {
    return plan;
  }

  @Override
  String label() {
    return label;
  }

  @Override
  Object result(Table table) {
    return type.cast(Table.value(table.root().getVector(0), 0));
  }

  public T compute() {
    return compute(ComputeOptions.defaults());
  }

  public T compute(ComputeOptions options) {
    return type.cast(Runner.compute(List.of(this), options).get(0));
  }

  @Override
  boolean keepsTable() {
    return false;
  }

  @Override
  public String toString() {
    return "Scalar[" + plan.describe() + "]";
  }
}
