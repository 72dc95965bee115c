package dev.partita.bench.compare;

import static dev.partita.Functions.col;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Ordering side by side with DuckDB (issue 13's figures): the db-benchmark groupby table sorted by
 * {@code (id3, v3 desc)} and written to Parquet, and its top 10 rows by {@code v3}, in one JVM, same file,
 * same threads. The sorted outputs are compared by DuckDB row by row on the sort keys (ties may order other
 * columns differently; both engines sort stably only within their own reading order); the top-10 values
 * exactly.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *   dev.partita.bench.compare.SortBench G1_1e7_1e2_0_0.csv [--runs 3] [--threads 2] [--memory 512m] [--out /tmp/sortbench]
 * </pre>
 */
public final class SortBench {

  private SortBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int runs = 3;
    int threads = 2;
    long memory = -1;
    Path out = Path.of(System.getProperty("java.io.tmpdir"), "sortbench");
    for (int i = 1; i < args.length; i += 2) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--memory" -> memory = Options.bytes(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --runs N --threads N --memory SIZE --out DIR");
      }
    }
    ComputeOptions options = ComputeOptions.defaults().threads(threads);
    if (memory > 0) {
      options = options.memoryLimit(memory);
    }
    String source = "'" + file + "'";
    System.out.printf("%s, %d threads, heap %d MiB, median of %d runs%n", file.getFileName(), threads,
        Runtime.getRuntime().maxMemory() >> 20, runs);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("SET threads = " + threads);
      if (memory > 0) {
        s.execute("SET memory_limit = '" + (memory >> 20) + "MB'");
      }
      List<Double> partita = new ArrayList<>();
      List<Double> duckdb = new ArrayList<>();
      Path mine = out.resolve("partita");
      Path theirs = out.resolve("duckdb.parquet");
      for (int r = 0; r < runs; r++) {
        delete(out);
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        DataFrame.read(file.toString()).orderBy(col("id3"), col("v3").desc()).write().options(options)
            .parquet(mine.toString());
        long t1 = System.nanoTime();
        s.execute("COPY (SELECT * FROM " + source + " ORDER BY id3, v3 DESC) TO '" + theirs + "' (FORMAT PARQUET)");
        long t2 = System.nanoTime();
        partita.add((t1 - t0) / 1e9);
        duckdb.add((t2 - t1) / 1e9);
      }
      long differing;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM"
          + " (SELECT row_number() OVER () AS rn, id3, v3 FROM read_parquet('" + mine + "/*.parquet')) a"
          + " FULL JOIN (SELECT row_number() OVER () AS rn, id3, v3 FROM '" + theirs + "') b USING (rn)"
          + " WHERE a.id3 IS DISTINCT FROM b.id3 OR a.v3 IS DISTINCT FROM b.v3")) {
        rs.next();
        differing = rs.getLong(1);
      }
      report("orderBy(id3, v3 desc) -> Parquet", partita, duckdb, differing == 0 ? "match" : differing + " rows differ");
      delete(out);

      partita.clear();
      duckdb.clear();
      String answer = "match";
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        List<Object> mineTop = new ArrayList<>();
        try (Table t = DataFrame.read(file.toString()).orderBy(col("v3").desc()).limit(10).compute(options)) {
          for (int i = 0; i < t.rowCount(); i++) {
            mineTop.add(t.getObject(i, "v3"));
          }
        }
        long t1 = System.nanoTime();
        List<Object> theirTop = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT v3 FROM " + source + " ORDER BY v3 DESC LIMIT 10")) {
          while (rs.next()) {
            theirTop.add(rs.getObject(1));
          }
        }
        long t2 = System.nanoTime();
        partita.add((t1 - t0) / 1e9);
        duckdb.add((t2 - t1) / 1e9);
        if (!mineTop.equals(theirTop)) {
          answer = "differ: " + mineTop + " vs " + theirTop;
        }
      }
      report("orderBy(v3 desc).limit(10)", partita, duckdb, answer);
    }
  }

  private static void report(String what, List<Double> partita, List<Double> duckdb, String answer) {
    double p = median(partita);
    double d = median(duckdb);
    System.out.printf("| %s | %.2f | %.2f | %.2f | %s |%n", what, p, d, p / d, answer);
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(Comparator.naturalOrder());
    return sorted.get(sorted.size() / 2);
  }

  private static void delete(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
