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
import java.lang.management.ManagementFactory;
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
 * <p>Each figure is the best of {@code runs} runs, in wall time and in CPU time of the process (and its
 * children for dask); answers are checked equal across engines.
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
    Timing floorTime = Timing.NONE;
    Timing bagTime = Timing.NONE;
    for (int r = 0; r < runs; r++) {
      Timing t0 = Timing.now();
      floor = javaLoop(logs);
      floorTime = floorTime.best(t0.since());
      t0 = Timing.now();
      Map<String, Long> bag = bag(glob);
      bagTime = bagTime.best(t0.since());
      if (!bag.equals(floor)) {
        throw new IllegalStateException("the bag's frequencies differ from the Java loop's");
      }
    }
    long lines = floor.values().stream().mapToLong(Long::longValue).sum();
    report("Partita Bag", lines, bagTime, "lines");
    report("Java BufferedReader loop", lines, floorTime, "lines");
    if (python == null || !Files.isExecutable(Path.of(python))) {
      System.out.println("dask.bag: skipped, no Python with dask given");
    } else {
      Timing daskTime = Timing.NONE;
      for (int r = 0; r < runs; r++) {
        daskTime = daskTime.best(dask(python, dir, glob, lines));
      }
      report("dask.bag (processes)", lines, daskTime, "lines");
    }

    Path json = jsonLines(dir.resolve("events.jsonl"), jsonRows);
    long jsonBytes = Files.size(json);
    Timing partitaTime = Timing.NONE;
    Timing duckTime = Timing.NONE;
    for (int r = 0; r < runs; r++) {
      Timing t0 = Timing.now();
      long[] p = partitaJson(json);
      partitaTime = partitaTime.best(t0.since());
      t0 = Timing.now();
      long[] d = duckJson(json);
      duckTime = duckTime.best(t0.since());
      if (!java.util.Arrays.equals(p, d)) {
        throw new IllegalStateException("JSON answers differ: Partita " + java.util.Arrays.toString(p)
            + ", DuckDB " + java.util.Arrays.toString(d));
      }
    }
    System.out.printf("json: %,d rows, %,d bytes%n", jsonRows, jsonBytes);
    report("Partita DataFrame.read", jsonRows, partitaTime, "rows");
    report("DuckDB read_json", jsonRows, duckTime, "rows");
    System.out.printf("MB/s: Partita %.1f, DuckDB %.1f (wall)%n", jsonBytes * 1e3 / partitaTime.wallNs(),
        jsonBytes * 1e3 / duckTime.wallNs());
  }

  /**
   * Wall time and CPU time of the process (every thread, native ones included), so that a figure taken on a
   * machine shared with other work can be read per CPU-second too; the best of runs keeps the least of each.
   */
  record Timing(long wallNs, long cpuNs) {
    static final Timing NONE = new Timing(Long.MAX_VALUE, Long.MAX_VALUE);

    static Timing now() {
      return new Timing(System.nanoTime(),
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime());
    }

    Timing since() {
      Timing end = now();
      return new Timing(end.wallNs - wallNs, end.cpuNs - cpuNs);
    }

    Timing best(Timing other) {
      return new Timing(Math.min(wallNs, other.wallNs), Math.min(cpuNs, other.cpuNs));
    }
  }

  private static void report(String what, long n, Timing t, String unit) {
    System.out.printf("%-28s %8.2f s wall %8.2f s CPU %,12.0f %s/s %,12.0f %s/CPU-s%n", what, t.wallNs() / 1e9,
        t.cpuNs() / 1e9, n / (t.wallNs() / 1e9), unit, n / (t.cpuNs() / 1e9), unit);
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

  /**
   * Runs the same work in dask.bag (multiprocessing scheduler, a pool of two workers joined before the CPU
   * time of the Python process and its children is read); its wall and CPU time.
   */
  private static Timing dask(String python, Path dir, String glob, long lines) throws Exception {
    Path script = dir.resolve("bag_bench.py");
    Files.writeString(script, String.join("\n",
        "import re, resource, sys, time",
        "from concurrent.futures import ProcessPoolExecutor",
        "import dask.bag as db",
        "pat = re.compile(r'" + REGEX + "')",
        "def url(line):",
        "    m = pat.search(line)",
        "    return m.group(1) if m else ''",
        "def cpu():",
        "    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),",
        "               resource.getrusage(resource.RUSAGE_CHILDREN)))",
        "if __name__ == '__main__':",
        "    t, c = time.perf_counter(), cpu()",
        "    with ProcessPoolExecutor(" + THREADS + ") as pool:",
        "        freq = db.read_text(sys.argv[1]).map(url).frequencies().compute(scheduler='processes', pool=pool)",
        "    print(sum(n for _, n in freq), int((time.perf_counter() - t) * 1e9), int((cpu() - c) * 1e9))",
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
    return new Timing(Long.parseLong(f[1]), Long.parseLong(f[2]));
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
