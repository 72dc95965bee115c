package dev.partita;

import dev.partita.exec.ExecContext;
import dev.partita.graph.Graph;
import dev.partita.io.sink.OutputTarget;
import dev.partita.io.sink.WriteMode;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import java.util.Objects;

/**
 * Writes a {@link DataFrame} to a directory: one {@code part-NNNNN} file per partition of its last stage (an
 * aggregation's result is one partition, or one per bucket when split), each written by one graph task fused
 * with the work that produces it, then one commit once all are written. Part names sort in partition order,
 * so the rows of an ordered frame read back in order. Returns the number of rows written; {@link #parquetGraph}
 * and {@link #csvGraph} show the tasks.
 *
 * <p>The {@link #mode} says what happens to a directory that holds data: {@code error} (the default) refuses it
 * before anything is computed, {@code overwrite} replaces its contents, {@code append} adds parts under new
 * names. Parts are written into a hidden directory next to the target and swapped in (moved in, for append) by
 * the commit: a reader sees the old contents or the new, never a mix, and a failed write leaves the target as
 * it was.
 *
 * <pre>{@code
 * long rows = df.filter(col("v1").gt(2)).write().parquet("out/");
 * df.write().mode("overwrite").options(ComputeOptions.defaults().threads(4)).csv("out-csv/");
 * }</pre>
 */
public final class DataFrameWriter {

  private final DataFrame frame;
  private final ComputeOptions options;
  private final WriteMode mode;

  DataFrameWriter(DataFrame frame) {
    this(frame, ComputeOptions.defaults(), WriteMode.ERROR);
  }

  private DataFrameWriter(DataFrame frame, ComputeOptions options, WriteMode mode) {
    this.frame = frame;
    this.options = options;
    this.mode = mode;
  }

  /** The same writer running with {@code options}. */
  public DataFrameWriter options(ComputeOptions options) {
    return new DataFrameWriter(frame, options, mode);
  }

  /**
   * The same writer with the mode named {@code error}, {@code overwrite} or {@code append}.
   *
   * @throws IllegalArgumentException naming the modes, for any other name
   */
  public DataFrameWriter mode(String mode) {
    return mode(WriteMode.parse(mode));
  }

  /** The same writer with {@code mode}. */
  public DataFrameWriter mode(WriteMode mode) {
    return new DataFrameWriter(frame, options, Objects.requireNonNull(mode, "mode"));
  }

  /**
   * Writes Parquet parts into {@code dir}.
   *
   * @throws java.io.UncheckedIOException with a {@link java.nio.file.FileAlreadyExistsException} as cause when
   *     the mode refuses the directory (its message names the directory and the modes that would write it)
   */
  public long parquet(String dir) {
    return Runner.write(frame.plan(), options, OutputTarget.parquet(dir, mode));
  }

  /** Writes CSV parts, each with a header line, into {@code dir}; refuses as {@link #parquet} does. */
  public long csv(String dir) {
    return Runner.write(frame.plan(), options, OutputTarget.csv(dir, mode));
  }

  /** The task graph {@link #parquet} runs (built for display). */
  public Graph parquetGraph(String dir) {
    return lower(OutputTarget.parquet(dir, mode));
  }

  /** The task graph {@link #csv} runs (built for display). */
  public Graph csvGraph(String dir) {
    return lower(OutputTarget.csv(dir, mode));
  }

  private Graph lower(OutputTarget target) {
    return Lowering.write(Optimizer.optimize(frame.plan()), ExecContext.display(), Runner.lowerOptions(options),
        target).graph();
  }
}
