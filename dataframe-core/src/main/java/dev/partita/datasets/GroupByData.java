package dev.partita.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * The db-benchmark "groupby" data generator ({@code G1_<N>_<K>_0_0}): {@code rows} rows of nine columns,
 * seeded and deterministic, written as CSV with a header.
 * <ul>
 *   <li>{@code id1, id2}: {@code "id"} + a 3-digit zero-padded integer in 1..K (few, large groups)</li>
 *   <li>{@code id3}: {@code "id"} + a 10-digit zero-padded integer in 1..N/K (many, small groups)</li>
 *   <li>{@code id4, id5}: integers in 1..K; {@code id6}: an integer in 1..N/K</li>
 *   <li>{@code v1}: integer in 1..5; {@code v2}: integer in 1..15; {@code v3}: double in [0, 100) with 6
 *       decimals</li>
 * </ul>
 *
 * <pre>{@code
 * GroupByData.writeCsv(Path.of("G1_1e7_1e2_0_0.csv"), 10_000_000, 100, 42);
 * }</pre>
 */
public final class GroupByData {

  /** The header line's column names, in order. */
  public static final String[] COLUMNS = {"id1", "id2", "id3", "id4", "id5", "id6", "v1", "v2", "v3"};

  private static final int BUFFER = 1 << 16;
  private static final int MAX_ROW = 96;

  private GroupByData() {}

  /**
   * Writes the data set to {@code file} atomically: into a temporary file next to it, renamed into
   * place once complete, so an interrupted run leaves no partial {@code file}.
   *
   * @param rows N, the number of rows (at least 1)
   * @param k K, the number of groups of the small-cardinality keys (1..999)
   * @param seed the random seed; equal arguments give byte-identical files
   */
  public static void writeCsv(Path file, long rows, int k, long seed) throws IOException {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1: " + rows);
    }
    if (k < 1 || k > 999) {
      throw new IllegalArgumentException("k must be in 1..999: " + k);
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        write(out, rows, k, seed);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The db-benchmark name of the data set, e.g. {@code G1_1e7_1e2_0_0} for 10,000,000 rows and K=100. */
  public static String name(long rows, int k) {
    return "G1_" + scientific(rows) + "_" + scientific(k) + "_0_0";
  }

  private static String scientific(long n) {
    int exp = 0;
    long m = n;
    while (m >= 10 && m % 10 == 0) {
      m /= 10;
      exp++;
    }
    return exp == 0 ? Long.toString(n) : m + "e" + exp;
  }

  private static void write(OutputStream out, long rows, int k, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long groups = Math.max(1, rows / k);
    byte[] buf = new byte[BUFFER];
    byte[] header = (String.join(",", COLUMNS) + "\n").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, buf, 0, header.length);
    int pos = header.length;
    for (long r = 0; r < rows; r++) {
      if (pos > BUFFER - MAX_ROW) {
        out.write(buf, 0, pos);
        pos = 0;
      }
      pos = id(buf, pos, 1 + random.nextInt(k), 3);
      buf[pos++] = ',';
      pos = id(buf, pos, 1 + random.nextInt(k), 3);
      buf[pos++] = ',';
      pos = id(buf, pos, 1 + random.nextLong(groups), 10);
      buf[pos++] = ',';
      pos = digits(buf, pos, 1 + random.nextInt(k));
      buf[pos++] = ',';
      pos = digits(buf, pos, 1 + random.nextInt(k));
      buf[pos++] = ',';
      pos = digits(buf, pos, 1 + random.nextLong(groups));
      buf[pos++] = ',';
      pos = digits(buf, pos, 1 + random.nextInt(5));
      buf[pos++] = ',';
      pos = digits(buf, pos, 1 + random.nextInt(15));
      buf[pos++] = ',';
      long micros = random.nextLong(100_000_000L);
      pos = digits(buf, pos, micros / 1_000_000);
      buf[pos++] = '.';
      pos = padded(buf, pos, micros % 1_000_000, 6);
      buf[pos++] = '\n';
    }
    out.write(buf, 0, pos);
  }

  private static int id(byte[] buf, int pos, long n, int width) {
    buf[pos++] = 'i';
    buf[pos++] = 'd';
    return padded(buf, pos, n, Math.max(width, length(n)));
  }

  private static int digits(byte[] buf, int pos, long n) {
    return padded(buf, pos, n, length(n));
  }

  private static int padded(byte[] buf, int pos, long n, int width) {
    long v = n;
    for (int i = pos + width - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return pos + width;
  }

  private static int length(long n) {
    int len = 1;
    for (long v = n; v >= 10; v /= 10) {
      len++;
    }
    return len;
  }
}
