package dev.partita;

import dev.partita.exec.Chunks;
import dev.partita.exec.ExecContext;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@link DataFrame} to a directory: one {@code part-NNNNN} file per partition, written by
 * one graph task each, then a {@code _SUCCESS} marker once all are committed. An aggregated frame
 * (one partition) is written as a single part. Both return the number of rows written.
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

  private long write(String dir, boolean parquet) {
    if (frame.aggregated()) {
      return writeTable(dir, parquet);
    }
    try (ExecContext ctx = ExecContext.open(options.memoryLimit())) {
      Lowering.Lowered l = Lowering.write(Optimizer.optimize(frame.plan()), ctx, dir, parquet);
      return (Long) Runner.run(options, l.graph(), List.of(l.outputKey())).get(l.outputKey());
    }
  }

  private long writeTable(String dir, boolean parquet) {
    try (Table t = frame.compute(options); PartWriter w = Chunks.open(dir, parquet, 0, t.schema())) {
      w.write(t.root());
      w.commit();
      Sinks.markSuccess(dir);
      return t.rowCount();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }
}
