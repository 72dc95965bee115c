package dev.partita;

import dev.partita.exec.ExecContext;
import dev.partita.graph.Graph;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import dev.partita.exec.Tasks;

/**
 * Writes a {@link DataFrame} to a directory: one {@code part-NNNNN} file per partition of its last stage
 * (an aggregation's result is one partition, or one per bucket when split), each written by one graph task
 * fused with the work that produces it, then a {@code _SUCCESS} marker once all are committed. Returns the
 * number of rows written; {@link #parquetGraph} and {@link #csvGraph} show the tasks.
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
    return Lowering.write(Optimizer.optimize(frame.plan()), ctx, Runner.lowerOptions(options),
        new Tasks.Target(dir, parquet));
  }

  private long write(String dir, boolean parquet) {
    return Runner.write(frame.plan(), options, new Tasks.Target(dir, parquet));
  }
}
