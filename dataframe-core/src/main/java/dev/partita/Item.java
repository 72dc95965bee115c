package dev.partita;

import dev.partita.bag.BagLowering;
import dev.partita.bag.BagNode;
import dev.partita.bag.Reduction;
import dev.partita.exec.ExecContext;
import dev.partita.graph.Graph;
import dev.partita.lower.Lowering;

/**
 * A lazy single value computed from a {@link Bag} (dask.bag's {@code Item}), such as its count: one task per
 * partition, a tree of combines, one result. {@link #compute()} runs its graph.
 *
 * <pre>{@code
 * Item<Long> n = Bag.readText("logs/*.log.gz").filter(l -> l.contains("\" 404 ")).count();
 * long count = n.compute();
 * }</pre>
 */
public final class Item<T> {

  private final BagNode node;
  private final Reduction<?> reduction;
  private final Class<T> type;

  Item(BagNode node, Reduction<?> reduction, Class<T> type) {
    this.node = node;
    this.reduction = reduction;
    this.type = type;
  }

  /** Runs the graph and returns the value. */
  public T compute() {
    return compute(ComputeOptions.defaults());
  }

  /** As {@link #compute()}, with threads, memory limit, scheduler and listener of {@code options}. */
  public T compute(ComputeOptions options) {
    try (ExecContext ctx = Runner.open(options)) {
      Lowering.Lowered l = BagLowering.reduce(node, reduction, ctx, Runner.lowerOptions(options));
      String key = l.outputs().get(0);
      return type.cast(Runner.run(options, ctx, l.graph(), l.outputs()).get(key));
    }
  }

  /** The task graph {@link #compute()} runs (built for display: it cannot be run by a scheduler directly). */
  public Graph graph() {
    return BagLowering.reduce(node, reduction, ExecContext.display(), Runner.lowerOptions(ComputeOptions.defaults()))
        .graph();
  }

  @Override
  public String toString() {
    return "Item[" + reduction + "]";
  }
}
