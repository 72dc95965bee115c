package dev.partita.bench;

import static dev.partita.Functions.count;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.sum;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.datasets.GroupByData;
import dev.partita.graph.SchedulerListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the disk cache saves: a grouped aggregation over several CSV files (db-benchmark columns, grouped by
 * {@code id3}), each run in a child JVM through the API, in rounds of
 * <ol>
 *   <li>{@code uncached}: no cache;</li>
 *   <li>{@code cold}: an empty cache, filled by the run;</li>
 *   <li>{@code resumed}: a run into another empty cache killed with SIGKILL once half its chunks are in the
 *       cache, then run again to the end;</li>
 *   <li>{@code incremental}: one more file added, over the cache of the cold run;</li>
 *   <li>{@code warm}: the same query again.</li>
 * </ol>
 * Each run's wall time (JVM start to exit) and CPU time (the child's own, all threads) are reported, with
 * their medians over the rounds as a share of the cold run's, the tasks each ran, and the cache's size
 * against the input's. Every run must give the same answer.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.partita.bench.CacheBench --dir benchmarks/target/cache-bench --files 4 --rows 2000000 --rounds 3
 * }</pre>
 */
public final class CacheBench {

  private static final String CHILD = "--child";
  private static final String[] RUNS = {"uncached", "cold", "resumed", "incremental", "warm"};

  private CacheBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(CHILD)) {
      child(args[1], args[2], Integer.parseInt(args[3]));
      return;
    }
    Map<String, String> o = new LinkedHashMap<>(Map.of("--dir", "benchmarks/target/cache-bench", "--files", "4",
        "--rows", "2000000", "--groups", "100000", "--threads", "2", "--rounds", "3", "--xmx", "1g"));
    for (int i = 0; i < args.length; i++) {
      if (!o.containsKey(args[i]) || i + 1 == args.length) {
        System.err.println("Usage: CacheBench " + String.join(" ", o.keySet().stream()
            .map(k -> "[" + k + " " + o.get(k) + "]").toList()));
        System.exit(2);
      }
      o.put(args[i], args[++i]);
    }
    new CacheBench().run(Path.of(o.get("--dir")), Integer.parseInt(o.get("--files")),
        Long.parseLong(o.get("--rows")), Long.parseLong(o.get("--groups")), Integer.parseInt(o.get("--threads")),
        Integer.parseInt(o.get("--rounds")), o.get("--xmx"));
  }

  /** One child run: wall and CPU milliseconds, tasks run by kind, results read from the cache, its answer. */
  record Run(long wallMs, long cpuMs, Map<String, Integer> ran, int hits, String answer) {}

  private void run(Path dir, int files, long rows, long groups, int threads, int rounds, String xmx)
      throws Exception {
    Path data = dir.resolve("data");
    Path extra = dir.resolve("extra").resolve(String.format("part-%02d.csv", files));
    generate(data, extra, files, rows, groups);
    Path added = data.resolve(extra.getFileName());
    Files.deleteIfExists(added);
    long input = size(data);
    String glob = data.toAbsolutePath() + "/*.csv";
    Map<String, List<Run>> all = new LinkedHashMap<>();
    List<Long> sizes = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%d files, %,d bytes, %,d rows each, %,d groups, %d threads, -Xmx%s%n",
        files, input, rows, groups, threads, xmx);
    for (int round = 1; round <= rounds; round++) {
      Path cold = dir.resolve("cache-cold");
      Path killed = dir.resolve("cache-killed");
      delete(cold);
      delete(killed);
      Map<String, Run> r = new LinkedHashMap<>();
      r.put("uncached", child(glob, null, threads, xmx));
      r.put("cold", child(glob, cold, threads, xmx));
      sizes.add(size(cold));
      int chunks = r.get("cold").ran().getOrDefault("chunk", 0);
      kill(glob, killed, threads, xmx, chunks / 2);
      r.put("resumed", child(glob, killed, threads, xmx));
      Files.copy(extra, added, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(added, Files.getLastModifiedTime(extra));
      try {
        r.put("incremental", child(glob, cold, threads, xmx));
      } finally {
        Files.delete(added);
      }
      r.put("warm", child(glob, cold, threads, xmx));
      String answer = r.get("uncached").answer();
      for (String name : List.of("cold", "resumed", "warm")) {
        if (!r.get(name).answer().equals(answer)) {
          throw new IllegalStateException(name + " answered " + r.get(name).answer() + ", uncached " + answer);
        }
      }
      System.out.printf(Locale.ROOT, "round %d: cache %,d bytes (%.2fx the input)%n", round, size(cold),
          (double) size(cold) / input);
      r.forEach((name, run) -> {
        System.out.printf(Locale.ROOT, "  %-12s wall %6.2f s  cpu %6.2f s  ran %s, %d from the cache%n", name,
            run.wallMs() / 1e3, run.cpuMs() / 1e3, run.ran(), run.hits());
        all.computeIfAbsent(name, k -> new ArrayList<>()).add(run);
      });
    }
    double coldWall = median(all.get("cold"), Run::wallMs);
    double coldCpu = median(all.get("cold"), Run::cpuMs);
    System.out.printf(Locale.ROOT, "%nmedians over %d rounds (x = share of the cold run's)%n", rounds);
    System.out.println("| run | wall s | x cold | cpu s | x cold |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String name : RUNS) {
      double wall = median(all.get(name), Run::wallMs);
      double cpu = median(all.get(name), Run::cpuMs);
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n", name, wall / 1e3, wall / coldWall,
          cpu / 1e3, cpu / coldCpu);
    }
    sizes.sort(null);
    System.out.printf(Locale.ROOT, "cache after the cold run: %,d bytes, %.3fx the input (%,d bytes)%n",
        sizes.get(sizes.size() / 2), (double) sizes.get(sizes.size() / 2) / input, input);
  }

  private static void generate(Path data, Path extra, int files, long rows, long groups) throws IOException {
    long k = rows / groups;
    if (k < 1 || k > 999) {
      throw new IllegalArgumentException("rows / groups must be in 1..999, got " + k);
    }
    for (int f = 0; f <= files; f++) {
      Path file = f < files ? data.resolve(String.format("part-%02d.csv", f)) : extra;
      if (!Files.exists(file)) {
        System.out.println("generating " + file);
        GroupByData.writeCsv(file, rows, (int) k, 100 + f);
      }
    }
  }

  private static double median(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
    long[] v = runs.stream().mapToLong(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
  }

  private static List<String> command(String glob, Path cache, int threads, String xmx) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
        "-XX:MaxDirectMemorySize=2g", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), CacheBench.class.getName(), CHILD, glob,
        cache == null ? "-" : cache.toAbsolutePath().toString(), Integer.toString(threads));
  }

  /** Runs the query in a child JVM to the end. */
  private static Run child(String glob, Path cache, int threads, String xmx) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command(glob, cache, threads, xmx)).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    }
    int exit = p.waitFor();
    long wall = (System.nanoTime() - start) / 1_000_000;
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    if (exit != 0 || !last.startsWith("done ")) {
      throw new IllegalStateException("child exited with " + exit + ": " + lines);
    }
    String[] f = last.split(" ", 5);
    Map<String, Integer> ran = new TreeMap<>();
    for (String kv : f[3].split(",")) {
      if (!kv.isEmpty()) {
        ran.put(kv.substring(0, kv.indexOf('=')), Integer.parseInt(kv.substring(kv.indexOf('=') + 1)));
      }
    }
    return new Run(wall, Long.parseLong(f[1]), ran, Integer.parseInt(f[2]), f[4]);
  }

  /** Starts the query and kills it with SIGKILL once {@code chunks} chunk results are in the cache. */
  private static void kill(String glob, Path cache, int threads, String xmx, int chunks) throws Exception {
    Process p = new ProcessBuilder(command(glob, cache, threads, xmx)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (entries(cache, "chunk-") < chunks && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (!p.isAlive()) {
      throw new IllegalStateException("the run to kill ended first; use more rows per file");
    }
    p.destroyForcibly().waitFor();
  }

  private static long entries(Path cache, String prefix) throws IOException {
    if (!Files.isDirectory(cache)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    }
  }

  private static long size(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      long total = 0;
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * The query, printing {@code done <cpu ms> <cache hits> <kind=count,...> <answer>} at the end; the answer
   * is the row count and the sums of the aggregated columns, which every run must reproduce exactly.
   */
  private static void child(String glob, String cache, int threads) {
    Map<String, AtomicInteger> ran = new TreeMap<>();
    AtomicInteger hits = new AtomicInteger();
    SchedulerListener listener = new SchedulerListener() {
      @Override
      public void onTaskStart(String key, int worker) {
        String kind = key.substring(0, Math.max(0, key.indexOf('-')));
        synchronized (ran) {
          ran.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
      }

      @Override
      public void onCacheHit(String key, int worker, long nanos) {
        hits.incrementAndGet();
      }

      @Override
      public void onCacheProblem(String key, Path entry, String problem) {
        System.err.println("cache problem: " + entry + ": " + problem);
      }
    };
    ComputeOptions options = ComputeOptions.defaults().threads(threads).listener(listener);
    if (!cache.equals("-")) {
      options = options.cache(Path.of(cache), 0);
    }
    String answer;
    try (Table t = DataFrame.read(glob).groupBy("id3").agg(sum("v1").as("s"), mean("v3").as("m"),
        count().as("n")).compute(options)) {
      long n = 0;
      long s = 0;
      double m = 0;
      for (int i = 0; i < t.rowCount(); i++) {
        n += t.getLong(i, "n");
        s += t.getLong(i, "s");
        m += t.getDouble(i, "m");
      }
      answer = t.rowCount() + "/" + n + "/" + s + "/" + Double.toHexString(m);
    }
    long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1_000_000;
    StringBuilder kinds = new StringBuilder();
    ran.forEach((k, v) -> kinds.append(kinds.length() == 0 ? "" : ",").append(k).append('=').append(v.get()));
    System.out.println("done " + cpu + " " + hits.get() + " " + kinds + " " + answer);
  }
}
