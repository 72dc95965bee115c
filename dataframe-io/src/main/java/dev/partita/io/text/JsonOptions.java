package dev.partita.io.text;

import dev.partita.io.csv.OnBadLines;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to read JSON lines: the partition size, the inference sample, declared field types and what
 * to do with lines that are not JSON objects. Immutable; compares by value, so it can be part of a
 * task key.
 *
 * <pre>{@code
 * JsonOptions o = JsonOptions.defaults().dtype("status", JsonType.STRING).onBadLines(OnBadLines.WARN);
 * }</pre>
 *
 * <p>Defaults: 64 MiB blocks, types inferred from the first 1 MiB of each of the first 8 files,
 * {@link OnBadLines#ERROR}.
 *
 * @param blockSize target partition size of plain files in bytes
 * @param sampleBytes bytes sampled at the start of each sampled file
 * @param sampleFiles how many files (the first, in path order) are sampled
 * @param dtypes declared types by column name ({@code a.b} for field b of object a); a declared
 *     name the sample did not show adds a column
 * @param onBadLines what to do with a line that is not one JSON object
 */
public record JsonOptions(long blockSize, int sampleBytes, int sampleFiles,
    Map<String, JsonType> dtypes, OnBadLines onBadLines) implements Serializable {

  public JsonOptions {
    if (blockSize <= 0 || sampleBytes <= 0 || sampleFiles <= 0) {
      throw new IllegalArgumentException("blockSize, sampleBytes and sampleFiles must be positive,"
          + " got " + blockSize + ", " + sampleBytes + ", " + sampleFiles);
    }
    dtypes = Map.copyOf(new TreeMap<>(dtypes));
    Objects.requireNonNull(onBadLines);
  }

  /** The defaults described above. */
  public static JsonOptions defaults() {
    return new JsonOptions(64L << 20, 1 << 20, 8, Map.of(), OnBadLines.ERROR);
  }

  /** Plain files split into partitions of this many bytes; {@code Long.MAX_VALUE}: one per file. */
  public JsonOptions blockSize(long bytes) {
    return new JsonOptions(bytes, sampleBytes, sampleFiles, dtypes, onBadLines);
  }

  /** Types inferred from the first {@code bytes} of each of the first {@code files} files. */
  public JsonOptions sample(int bytes, int files) {
    return new JsonOptions(blockSize, bytes, files, dtypes, onBadLines);
  }

  /** Declares one column's type instead of inferring it. */
  public JsonOptions dtype(String column, JsonType type) {
    Map<String, JsonType> m = new TreeMap<>(dtypes);
    m.put(Objects.requireNonNull(column), Objects.requireNonNull(type));
    return new JsonOptions(blockSize, sampleBytes, sampleFiles, m, onBadLines);
  }

  /** What to do with a line that is not one JSON object. */
  public JsonOptions onBadLines(OnBadLines mode) {
    return new JsonOptions(blockSize, sampleBytes, sampleFiles, dtypes, mode);
  }
}
