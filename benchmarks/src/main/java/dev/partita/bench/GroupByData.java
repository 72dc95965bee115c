package dev.partita.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The db-benchmark groupby table G1_N_K_0_0 (no nulls, unsorted) as CSV, seeded and
 * deterministic: id1, id2 = "id" + 3 digits in 1..K; id3 = "id" + 10 digits in 1..N/K; id4, id5
 * in 1..K; id6 in 1..N/K; v1 in 1..5; v2 in 1..15; v3 uniform in [0, 100) with 6 decimals.
 *
 * <pre>{@code
 * GroupByData.writeCsv(Path.of("G1_1e7_1e2_0_0.csv"), 10_000_000, 100, 42);
 * // or: java -cp benchmarks.jar dev.partita.bench.GroupByData out.csv 1e7 100 [seed]
 * }</pre>
 */
public final class GroupByData {

  private static final byte[] HEADER =
      "id1,id2,id3,id4,id5,id6,v1,v2,v3\n".getBytes(StandardCharsets.US_ASCII);

  private GroupByData() {}

  /** Writes {@code rows} rows with {@code k} groups per low-cardinality id. */
  public static void writeCsv(Path file, long rows, int k, long seed) throws IOException {
    long nk = Math.max(1, rows / k);
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] line = new byte[128];
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(HEADER);
      for (long r = 0; r < rows; r++) {
        int p = 0;
        p = id(line, p, 1 + rnd.nextInt(k), 3);
        p = id(line, p, 1 + rnd.nextInt(k), 3);
        p = id(line, p, 1 + rnd.nextLong(nk), 10);
        p = num(line, p, 1 + rnd.nextInt(k), ',');
        p = num(line, p, 1 + rnd.nextInt(k), ',');
        p = num(line, p, 1 + rnd.nextLong(nk), ',');
        p = num(line, p, 1 + rnd.nextInt(5), ',');
        p = num(line, p, 1 + rnd.nextInt(15), ',');
        long micros = rnd.nextLong(100_000_000L);
        p = num(line, p, micros / 1_000_000, '.');
        p = padded(line, p, micros % 1_000_000, 6);
        line[p++] = '\n';
        out.write(line, 0, p);
      }
    }
  }

  private static int id(byte[] b, int p, long v, int width) {
    b[p++] = 'i';
    b[p++] = 'd';
    p = padded(b, p, v, width);
    b[p++] = ',';
    return p;
  }

  private static int padded(byte[] b, int p, long v, int width) {
    for (int i = width - 1; i >= 0; i--) {
      b[p + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return p + width;
  }

  private static int num(byte[] b, int p, long v, char after) {
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    p = padded(b, p, v, digits);
    b[p++] = (byte) after;
    return p;
  }

  /** {@code GroupByData <file> <rows, e.g. 1e7> <k> [seed]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: GroupByData <file> <rows, e.g. 1e7> <k> [seed]");
      System.exit(2);
    }
    long rows = (long) Double.parseDouble(args[1]);
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
    writeCsv(Path.of(args[0]), rows, Integer.parseInt(args[2]), seed);
  }
}
