package dev.partita;

import dev.partita.exec.ExecContext;
import dev.partita.graph.Graph;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import dev.partita.plan.Plan;
import java.util.List;

/**
 * Writes a {@link DataFrame} to a directory: one {@code part-NNNNN} file per partition, written by
 * one graph task each, then a {@code _SUCCESS} marker once all are committed. An aggregated frame
 * is written as a single part by a task after its finalize task, in the same graph. Both return
 * the number of rows written; {@link #parquetGraph} and {@link #csvGraph} show the tasks.
 *
 * <pre>{@code
 * long rows = df.filter(col("v1").gt(2)).write().parquet("out/");
 * df.write().options(ComputeOptions.defaults().threads(4)).csv("out-csv/");
 * }</pre>
 */
public final class DataFrameWriter {

  private final DataFrame frame;
  private final ComputeOptions options;

  DataFrameWriter(DataFrame frame) {
    this(frame, ComputeOptions.defaults());
  }

  private DataFrameWriter(DataFrame frame, ComputeOptions options) {
    this.frame = frame;
    this.options = options;
  }

  /** The same writer running with {@code options}. */
  public DataFrameWriter options(ComputeOptions options) {
    return new DataFrameWriter(frame, options);
  }

  public long parquet(String dir) {
    return write(dir, true);
  }

  public long csv(String dir) {
    return write(dir, false);
  }

  /** The task graph {@link #parquet} runs (built for display). */
  public Graph parquetGraph(String dir) {
    return lower(ExecContext.display(), dir, true).graph();
  }

  /** The task graph {@link #csv} runs (built for display). */
  public Graph csvGraph(String dir) {
    return lower(ExecContext.display(), dir, false).graph();
  }

  private Lowering.Lowered lower(ExecContext ctx, String dir, boolean parquet) {
    Plan plan = Optimizer.optimize(frame.plan());
    return frame.aggregated() ? Lowering.writeAggregated(plan, ctx, dir, parquet, options.splitEvery())
        : Lowering.write(plan, ctx, dir, parquet);
  }

  private long write(String dir, boolean parquet) {
    try (ExecContext ctx = Runner.open(options)) {
      Lowering.Lowered l = lower(ctx, dir, parquet);
      return (Long) Runner.run(options, ctx, l.graph(), List.of(l.outputKey())).get(l.outputKey());
    }
  }
}
