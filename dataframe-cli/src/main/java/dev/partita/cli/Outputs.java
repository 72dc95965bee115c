package dev.partita.cli;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.exec.Memory;
import dev.partita.io.fs.Storage;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes a frame where {@code --out} (or {@code convert}'s OUT) says: a name ending in {@code .parquet}
 * or {@code .csv} is one file; a name without extension, ending in {@code /} or naming an existing
 * directory is a directory of parts
 * ({@code part-00000.parquet}, ..., then {@code _SUCCESS}). Both stream: one partition in memory per
 * worker.
 */
final class Outputs {
  private Outputs() {}

  record Target(String path, boolean csv, boolean singleFile) {}

  /** Where and how {@code out} asks to write; {@code csvByDefault} picks the format of a plain directory. */
  static Target target(String out, boolean csvByDefault) {
    boolean slash = out.endsWith("/");
    String path = slash ? out.substring(0, out.length() - 1) : out;
    String lower = path.toLowerCase(Locale.ROOT);
    boolean dir = slash || Files.isDirectory(Path.of(path));
    boolean csv = lower.endsWith(".csv");
    boolean parquet = lower.endsWith(".parquet") || lower.endsWith(".parq");
    String name = Path.of(path).getFileName().toString();
    if (!dir && !csv && !parquet && name.indexOf('.') > 0) {
      throw new UsageException("cannot tell the format of '" + out + "': end it in .parquet or .csv for one "
          + "file, or in / for a directory of parts");
    }
    return new Target(path, csv || (!parquet && csvByDefault), !dir && (csv || parquet));
  }

  /** Writes {@code df} to {@code target}; returns the number of rows written. */
  static long write(DataFrame df, Target target, ComputeOptions options) throws IOException {
    if (!target.singleFile()) {
      return target.csv() ? df.write().options(options).csv(target.path())
          : df.write().options(options).parquet(target.path());
    }
    Path file = Path.of(target.path()).toAbsolutePath();
    String parts = file.resolveSibling("." + file.getFileName() + ".parts").toString();
    try {
      long rows = df.write().options(options).parquet(parts);
      concatenate(parts, target, options);
      return rows;
    } finally {
      Storage.deleteRecursively(parts);
    }
  }

  /** Copies the parts into one file, holding one part in memory at a time. */
  private static void concatenate(String parts, Target target, ComputeOptions options) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of(parts))) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    PartWriter writer = null;
    try (BufferAllocator allocator = Memory.root().newChildAllocator("cli-concat", 0, options.memoryLimit())) {
      for (Path part : files) {
        try (Table t = DataFrame.readParquet(part.toString()).compute(options);
            VectorSchemaRoot root = t.toArrow(allocator)) {
          if (writer == null) {
            writer = target.csv() ? Sinks.csvFile(target.path(), root.getSchema())
                : Sinks.parquetFile(target.path(), root.getSchema(), ParquetWriteOptions.defaults());
          }
          writer.write(root);
        }
      }
      if (writer != null) {
        writer.commit();
      }
    } finally {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
