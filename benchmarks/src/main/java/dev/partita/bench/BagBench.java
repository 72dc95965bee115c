package dev.partita.bench;

import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;

import dev.partita.Bag;
import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.datasets.AccessLogs;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Bags and JSON lines, against dask.bag, a plain Java loop and DuckDB, on 2 threads:
 *
 * <ol>
 *   <li>lines/s of {@code Bag.readText} + a regex extracting the URL + {@code frequencies()} over
 *       gzip-compressed access logs ({@link AccessLogs}); the same in dask.bag (where a Python with dask is
 *       given) and in a {@code BufferedReader} loop over the files, two threads, one HashMap each (the floor:
 *       the same decompression, regex and counting, no engine);
 *   <li>rows/s and MB/s reading a JSON lines file: {@code DataFrame.read} vs DuckDB's {@code read_json}, both
 *       summing or counting every field so that every value is parsed.
 * </ol>
 *
 * <p>Each figure is the best of {@code runs} wall-clock runs; answers are checked equal across engines.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.partita.bench.BagBench \
 *     DIR FILES LINES_PER_FILE JSON_ROWS RUNS [PYTHON]
 * </pre>
 */
public final class BagBench {

  private static final int THREADS = 2;
  private static final String REGEX = "\"(?:GET|POST|HEAD) (\\S+) HTTP";
  private static final Pattern URL = Pattern.compile(REGEX);

  private BagBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: BagBench DIR FILES LINES_PER_FILE JSON_ROWS RUNS [PYTHON]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    int files = Integer.parseInt(args[1]);
    long linesPerFile = Long.parseLong(args[2]);
    long jsonRows = Long.parseLong(args[3]);
    int runs = Integer.parseInt(args[4]);
    String python = args.length > 5 ? args[5] : null;

    List<Path> logs = logs(dir.resolve("logs"), files, linesPerFile);
    long gz = 0;
    for (Path p : logs) {
      gz += Files.size(p);
    }
    String glob = dir.resolve("logs") + "/*.log.gz";
    System.out.printf("logs: %d files, %,d lines, %,d bytes gzip%n", files, files * linesPerFile, gz);

    Map<String, Long> floor = null;
    long floorNs = Long.MAX_VALUE;
    long bagNs = Long.MAX_VALUE;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      floor = javaLoop(logs);
      floorNs = Math.min(floorNs, System.nanoTime() - t0);
      t0 = System.nanoTime();
      Map<String, Long> bag = bag(glob);
      bagNs = Math.min(bagNs, System.nanoTime() - t0);
      if (!bag.equals(floor)) {
        throw new IllegalStateException("the bag's frequencies differ from the Java loop's");
      }
    }
    long lines = floor.values().stream().mapToLong(Long::longValue).sum();
    report("Partita Bag", lines, bagNs);
    report("Java BufferedReader loop", lines, floorNs);
    if (python == null || !Files.isExecutable(Path.of(python))) {
      System.out.println("dask.bag: skipped, no Python with dask given");
    } else {
      long daskNs = Long.MAX_VALUE;
      for (int r = 0; r < runs; r++) {
        daskNs = Math.min(daskNs, dask(python, dir, glob, lines));
      }
      report("dask.bag (processes)", lines, daskNs);
    }

    Path json = jsonLines(dir.resolve("events.jsonl"), jsonRows);
    long jsonBytes = Files.size(json);
    long partitaNs = Long.MAX_VALUE;
    long duckNs = Long.MAX_VALUE;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      long[] p = partitaJson(json);
      partitaNs = Math.min(partitaNs, System.nanoTime() - t0);
      t0 = System.nanoTime();
      long[] d = duckJson(json);
      duckNs = Math.min(duckNs, System.nanoTime() - t0);
      if (!java.util.Arrays.equals(p, d)) {
        throw new IllegalStateException("JSON answers differ: Partita " + java.util.Arrays.toString(p)
            + ", DuckDB " + java.util.Arrays.toString(d));
      }
    }
    System.out.printf("json: %,d rows, %,d bytes%n", jsonRows, jsonBytes);
    reportBytes("Partita DataFrame.read", jsonRows, jsonBytes, partitaNs);
    reportBytes("DuckDB read_json", jsonRows, jsonBytes, duckNs);
  }

  private static void report(String what, long lines, long ns) {
    System.out.printf("%-28s %8.2f s %,12.0f lines/s%n", what, ns / 1e9, lines / (ns / 1e9));
  }

  private static void reportBytes(String what, long rows, long bytes, long ns) {
    System.out.printf("%-28s %8.2f s %,12.0f rows/s %8.1f MB/s%n", what, ns / 1e9, rows / (ns / 1e9),
        bytes / 1e6 / (ns / 1e9));
  }

  /** {@code files} gzip files of access logs, written on {@link #THREADS} threads unless already there. */
  private static List<Path> logs(Path dir, int files, long lines) throws Exception {
    Files.createDirectories(dir);
    List<Path> out = IntStream.range(0, files).mapToObj(i -> dir.resolve(String.format("access-%03d.log.gz", i)))
        .toList();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        Path p = out.get(i);
        long seed = i;
        done.add(pool.submit(() -> {
          if (!Files.exists(p)) {
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
              AccessLogs.write(o, lines, seed);
            }
            Files.move(tmp, p);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return out;
  }

  static String url(String line) {
    Matcher m = URL.matcher(line);
    return m.find() ? m.group(1) : "";
  }

  private static Map<String, Long> bag(String glob) {
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<String, Long> e : Bag.readText(glob).map(BagBench::url).frequencies()
        .compute(ComputeOptions.defaults().threads(THREADS))) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The floor: files taken in turn by two threads, each line matched and counted in the thread's map. */
  private static Map<String, Long> javaLoop(List<Path> files) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Map<String, Long>>> parts = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        parts.add(pool.submit(() -> {
          Map<String, Long> counts = new HashMap<>();
          for (int i; (i = next.getAndIncrement()) < files.size(); ) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(files.get(i)), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
              for (String line; (line = r.readLine()) != null; ) {
                counts.merge(url(line), 1L, Long::sum);
              }
            }
          }
          return counts;
        }));
      }
      Map<String, Long> all = new HashMap<>();
      for (Future<Map<String, Long>> f : parts) {
        f.get().forEach((k, v) -> all.merge(k, v, Long::sum));
      }
      return all;
    } finally {
      pool.shutdown();
    }
  }

  /** Runs the same work in dask.bag (multiprocessing scheduler, two workers); its wall time in ns. */
  private static long dask(String python, Path dir, String glob, long lines) throws Exception {
    Path script = dir.resolve("bag_bench.py");
    Files.writeString(script, String.join("\n",
        "import re, sys, time",
        "import dask.bag as db",
        "pat = re.compile(r'" + REGEX + "')",
        "def url(line):",
        "    m = pat.search(line)",
        "    return m.group(1) if m else ''",
        "if __name__ == '__main__':",
        "    t = time.perf_counter()",
        "    freq = db.read_text(sys.argv[1]).map(url).frequencies().compute(scheduler='processes', num_workers="
            + THREADS + ")",
        "    ns = int((time.perf_counter() - t) * 1e9)",
        "    print(sum(c for _, c in freq), ns)",
        ""));
    Process p = new ProcessBuilder(python, script.toString(), glob).redirectErrorStream(true).start();
    String out;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      out = r.lines().reduce("", (a, b) -> b);
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("dask.bag failed: " + out);
    }
    String[] f = out.trim().split(" ");
    if (Long.parseLong(f[0]) != lines) {
      throw new IllegalStateException("dask.bag counted " + f[0] + " lines, not " + lines);
    }
    return Long.parseLong(f[1]);
  }

  /** A JSON lines file of web events: two strings, two integers (one sometimes null), one float. */
  private static Path jsonLines(Path file, long rows) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    SplittableRandom r = new SplittableRandom(7);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (long i = 0; i < rows; i++) {
        int host = r.nextInt(5000);
        w.write("{\"host\":\"10.0." + (host >> 8) + "." + (host & 255) + "\",\"url\":\"/products/" + r.nextInt(2000)
            + "\",\"status\":" + (r.nextInt(10) == 0 ? 404 : 200) + ",\"bytes\":"
            + (r.nextInt(20) == 0 ? "null" : String.valueOf(r.nextInt(60_000))) + ",\"ms\":"
            + r.nextInt(100_000) / 100.0 + "}\n");
      }
    }
    Files.move(tmp, file);
    return file;
  }

  /** count(host), count(url), sum(status), sum(bytes), and sum(ms) in hundredths, rounded. */
  private static long[] partitaJson(Path file) {
    try (Table t = DataFrame.read(file.toString())
        .agg(count("host"), count("url"), sum("status"), sum("bytes"), sum("ms"))
        .compute(ComputeOptions.defaults().threads(THREADS))) {
      long[] out = new long[5];
      for (int i = 0; i < 4; i++) {
        out[i] = t.getLong(0, t.columnNames().get(i));
      }
      out[4] = Math.round(t.getDouble(0, t.columnNames().get(4)) * 100);
      return out;
    }
  }

  private static long[] duckJson(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + THREADS);
      try (ResultSet rs = s.executeQuery("SELECT count(host), count(url), sum(status), sum(bytes), sum(ms)"
          + " FROM read_json('" + file + "', format = 'newline_delimited')")) {
        rs.next();
        long[] out = new long[5];
        for (int i = 0; i < 4; i++) {
          out[i] = rs.getLong(i + 1);
        }
        out[4] = Math.round(rs.getDouble(5) * 100);
        return out;
      }
    }
  }
}
