package dev.partita.cli;

import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.exec.Memory;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes a query's result by {@code --out}'s shape: a {@code .parquet} or {@code .csv} file, or else a
 * directory of parts ({@code part-00000.parquet}, ... and {@code _SUCCESS}; {@code .csv} parts when the
 * directory name ends in {@code .csv/}).
 */
final class Outputs {
  private Outputs() {}

  enum Kind { PARQUET_FILE, CSV_FILE, PARQUET_DIR, CSV_DIR }

  static Kind kind(String out) {
    String lower = out.toLowerCase(Locale.ROOT);
    boolean dir = out.endsWith("/") || Files.isDirectory(Path.of(out));
    boolean csv = lower.endsWith(".csv") || lower.endsWith(".csv/");
    if (dir) {
      return csv ? Kind.CSV_DIR : Kind.PARQUET_DIR;
    }
    if (csv) {
      return Kind.CSV_FILE;
    }
    if (lower.endsWith(".parquet") || lower.endsWith(".parq")) {
      return Kind.PARQUET_FILE;
    }
    throw new UsageException("--out " + out + ": end the name in .parquet or .csv for one file, "
        + "or in / for a directory of parts");
  }

  static void write(Session session, DataFrame df, String out) throws IOException {
    Kind kind = kind(out);
    String target = out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
    try (Table table = df.compute(session.compute());
        BufferAllocator allocator = Memory.root().newChildAllocator("cli-out", 0, Long.MAX_VALUE);
        VectorSchemaRoot root = table.toArrow(allocator)) {
      try (PartWriter w = writer(kind, target, root)) {
        w.write(root);
        w.commit();
      }
      if (kind == Kind.PARQUET_DIR || kind == Kind.CSV_DIR) {
        Sinks.markSuccess(target);
      }
      session.endProgress();
      session.out.println("wrote " + String.format(Locale.ROOT, "%,d", table.rowCount()) + " rows to " + target);
    }
  }

  private static PartWriter writer(Kind kind, String target, VectorSchemaRoot root) throws IOException {
    switch (kind) {
      case PARQUET_FILE: return Sinks.parquetFile(target, root.getSchema(), ParquetWriteOptions.defaults());
      case CSV_FILE: return Sinks.csvFile(target, root.getSchema());
      case PARQUET_DIR: return Sinks.parquet(target, 0, root.getSchema(), ParquetWriteOptions.defaults());
      default: return Sinks.csv(target, 0, root.getSchema());
    }
  }
}
