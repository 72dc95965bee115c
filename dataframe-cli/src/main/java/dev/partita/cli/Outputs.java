package dev.partita.cli;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.DataFrameWriter;
import dev.partita.Table;
import dev.partita.exec.Memory;
import dev.partita.io.fs.Storage;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import dev.partita.io.sink.WriteMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

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

  /**
   * Writes {@code df} to {@code target} in {@code mode}; returns the number of rows written. A single file is
   * claimed before anything is computed (an existing one is refused unless the mode is overwrite), its parts
   * are written into a hidden scratch directory next to it and copied into it in order, and it appears only
   * once complete; the scratch directory is deleted whatever happens.
   */
  static long write(DataFrame df, Target target, ComputeOptions options, WriteMode mode) throws IOException {
    if (!target.singleFile()) {
      DataFrameWriter w = df.write().options(options).mode(mode);
      return target.csv() ? w.csv(target.path()) : w.parquet(target.path());
    }
    Schema schema = df.schema();
    try (PartWriter writer = target.csv() ? Sinks.csvFile(target.path(), schema, mode)
        : Sinks.parquetFile(target.path(), schema, ParquetWriteOptions.defaults(), mode)) {
      Path file = Path.of(target.path()).toAbsolutePath();
      String parts = file.resolveSibling("." + file.getFileName() + ".parts").toString();
      try {
        long rows = df.write().options(options).mode(WriteMode.OVERWRITE).parquet(parts);
        concatenate(parts, writer, options.cache(null, 0));
        writer.commit();
        return rows;
      } finally {
        Storage.deleteRecursively(parts);
      }
    }
  }

  /** Copies the parts into {@code writer} in name order (row order), holding one part in memory at a time. */
  private static void concatenate(String parts, PartWriter writer, ComputeOptions options) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of(parts))) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    try (BufferAllocator allocator = Memory.root().newChildAllocator("cli-concat", 0, options.memoryLimit())) {
      for (Path part : files) {
        try (Table t = DataFrame.readParquet(part.toString()).compute(options);
            VectorSchemaRoot root = t.toArrow(allocator)) {
          writer.write(root);
        }
      }
    }
  }
}
