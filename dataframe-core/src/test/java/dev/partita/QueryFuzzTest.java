package dev.partita;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.partita.RandomQueries.Col;
import dev.partita.RandomQueries.Data;
import dev.partita.RandomQueries.Rel;
import dev.partita.RandomQueries.Type;
import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random queries over random tables, each checked against DuckDB on the same files (SQLancer's idea, see
 * {@link RandomQueries}). It runs for {@code -Dpartita.fuzz.seconds} (45 by default), a new pair of tables
 * (CSV or Parquet, several files, some empty, many partitions) every few queries, each query under random
 * options (1 to 4 threads, combines of 2 to 8, a tiny memory limit that makes aggregations, joins and sorts
 * spill, broadcasts off, forced splitOut, a result cache answering a second run), and prints the number of
 * queries and the seed. The seed is fixed unless {@code -Dpartita.fuzz.seed=random} (or another number) is given,
 * so that {@code mvn verify} checks the same queries on every machine (a faster one only checks more of them)
 * and a new failure there is a change's, not the dice's. A failure prints, for each differing
 * query, how to rerun it alone ({@code -Dpartita.fuzz.world=W -Dpartita.fuzz.query=Q}), the options, the
 * Partita query as Java, the SQL and the first differing row; the run goes on to find more and fails at the end.
 *
 * <p>A seeded generator under a time budget rather than a jqwik property: a jqwik run is counted in tries, not
 * seconds, and its shrinking would rewrite and re-query files per step; here a failing query is rerun alone
 * from its two numbers and minimized by hand into a case of {@link DifferentialTest}.
 */
class QueryFuzzTest {

  private static final long SECONDS = Long.getLong("partita.fuzz.seconds", 45);
  private static final String SEED = System.getProperty("partita.fuzz.seed", "20261203");
  private static final Long WORLD = Long.getLong("partita.fuzz.world");
  private static final Integer QUERY = Integer.getInteger("partita.fuzz.query");
  private static final int QUERIES_PER_WORLD = 12;
  /** A query whose answer DuckDB gives in more rows than this is skipped (a join of two low-cardinality keys). */
  private static final long MAX_ROWS = 100_000;
  private static final long QUERY_TIMEOUT_SECONDS = 120;
  private static final int REPORTED = 5;

  @TempDir
  Path dir;

  /** What a run did: queries checked, skipped (and why), failures. */
  private static final class Stats {
    int checked;
    int worlds;
    boolean leaked;
    /** The last query run, as a failure names it. */
    String last;
    final Map<String, Integer> skipped = new TreeMap<>();
    final List<String> failures = new ArrayList<>();

    void skip(String why) {
      String key = why.length() > 80 ? why.substring(0, 80) : why;
      skipped.merge(key.replace('\n', ' '), 1, Integer::sum);
    }
  }

  @Test
  void randomQueriesAgreeWithDuckDb() throws Exception {
    long seed = SEED.equals("random") ? new Random().nextLong() : Long.parseLong(SEED);
    Random worlds = new Random(seed);
    Stats stats = new Stats();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-query");
      t.setDaemon(true);
      return t;
    });
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement s = duck.createStatement()) {
        s.execute("SET threads = 1");
      }
      do {
        long world = WORLD != null ? WORLD : worlds.nextLong();
        stats.worlds++;
        World w;
        try {
          w = world(duck, world, dir.resolve("w" + stats.worlds));
        } catch (RuntimeException e) {
          stats.failures.add("world " + world + " (rerun alone: -Dpartita.fuzz.world=" + world
              + " -Dpartita.fuzz.query=0): reading its files failed: " + e);
          continue;
        }
        for (int q = QUERY != null ? QUERY : 0; q < (QUERY != null ? QUERY + 1 : QUERIES_PER_WORLD)
            && (QUERY != null || stats.checked == 0 || System.nanoTime() < deadline); q++) {
          runOne(duck, runner, w, world, q, stats);
          long left = Memory.root().getAllocatedMemory();
          if (left != 0) {
            // Every later query would report the same bytes: the run stops here.
            stats.failures.add(stats.last + left + " bytes of Arrow memory left allocated:\n"
                + Memory.root().toVerboseString().lines().limit(40).collect(Collectors.joining("\n")));
            stats.leaked = true;
          }
          if (stats.failures.size() >= 20 || stats.leaked) {
            break;
          }
        }
      } while (WORLD == null && System.nanoTime() < deadline && stats.failures.size() < 20 && !stats.leaked);
    } finally {
      runner.shutdownNow();
    }
    System.out.printf("fuzz: %d random queries checked against DuckDB over %d pairs of tables in %d s, seed %d;"
        + " skipped %s; %d failed%n", stats.checked, stats.worlds, SECONDS, seed, stats.skipped,
        stats.failures.size());
    if (!stats.failures.isEmpty()) {
      fail(stats.failures.size() + " of " + (stats.checked + stats.failures.size()) + " random queries disagree with"
          + " DuckDB (seed " + seed + "):\n\n" + String.join("\n\n", stats.failures.subList(0,
          Math.min(REPORTED, stats.failures.size()))));
    }
    assertTrue(stats.checked > 0 || QUERY != null, "no query checked: " + stats.skipped);
  }

  /** Generates query {@code q} of world {@code world}, runs it on both sides and records the outcome. */
  private void runOne(Connection duck, ExecutorService runner, World w, long world, int q, Stats stats)
      throws Exception {
    Random r = new Random(world * 1_000_003L + q);
    RandomQueries g = new RandomQueries(r);
    g.register(w.t());
    g.register(w.u());
    Rel query;
    Options options = Options.random(r, dir.resolve("spill"), dir.resolve("cache-" + world + "-" + q));
    stats.last = header(world, q, options);
    try {
      query = query(g, w, options.splitOut());
    } catch (AnalysisException e) {
      stats.failures.add(header(world, q, options) + "Partita rejected a generated query: " + e.getMessage());
      return;
    }
    if (query == null) {
      stats.skip("no comparable join columns");
      return;
    }
    String repro = header(world, q, options) + "Partita:\n  " + query.code() + "\nSQL:\n  " + query.sql() + "\n";
    stats.last = repro;
    List<List<Object>> expected;
    try {
      if (query.sql().contains(" JOIN ") && count(duck, query.sql()) > MAX_ROWS) {
        stats.skip("more than " + MAX_ROWS + " rows");
        return;
      }
      expected = Answers.query(duck, query.sql());
    } catch (SQLException e) {
      stats.skip("DuckDB: " + e.getMessage());
      return;
    }
    Future<String> run = runner.submit(() -> check(query, options, expected));
    String problem;
    try {
      problem = run.get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      stats.failures.add(repro + "no answer after " + QUERY_TIMEOUT_SECONDS + " s (a hang?)");
      throw new AssertionError(String.join("\n\n", stats.failures));
    } catch (ExecutionException e) {
      if (options.memoryLimit() > 0 && causes(e.getCause(), org.apache.arrow.memory.OutOfMemoryException.class)) {
        stats.skip("known: Arrow's OutOfMemoryException under a " + (options.memoryLimit() >> 20) + " MiB limit");
        return;
      }
      java.io.StringWriter trace = new java.io.StringWriter();
      e.getCause().printStackTrace(new java.io.PrintWriter(trace));
      problem = "Partita failed where DuckDB answered " + expected.size() + " rows: " + trace.toString()
          .lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("");
    }
    if (problem == null) {
      stats.checked++;
    } else {
      stats.failures.add(repro + problem);
      System.out.println("FAILED " + repro + problem + "\n");
    }
  }

  /** Runs the query under the options (twice with a cache: the second run is answered from it); a difference or null. */
  private static String check(Rel query, Options options, List<List<Object>> expected) {
    DifferentialTest.TaskWatch cold = new DifferentialTest.TaskWatch(options.spillDir());
    String problem = Answers.difference(expected, rows(query, options.compute(cold)), query.ordered());
    if (problem != null || options.cacheDir() == null) {
      return problem;
    }
    DifferentialTest.TaskWatch warm = new DifferentialTest.TaskWatch(options.spillDir());
    problem = Answers.difference(expected, rows(query, options.compute(warm)), query.ordered());
    if (problem == null && !cold.ran.isEmpty() && warm.hits.isEmpty()) {
      problem = "the second run with a cache read nothing from it; it ran " + warm.ran;
    }
    return problem == null ? null : "second run, with the cache: " + problem;
  }

  private static List<List<Object>> rows(Rel query, ComputeOptions options) {
    try (Table t = query.df().compute(options)) {
      return Answers.rowsOf(t);
    }
  }

  private static boolean causes(Throwable t, Class<? extends Throwable> type) {
    for (; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static long count(Connection duck, String sql) throws SQLException {
    return (Long) Answers.query(duck, "SELECT count(*) FROM (" + sql + ")").get(0).get(0);
  }

  private static String header(long world, int q, Options options) {
    return "world " + world + " query " + q + " (rerun alone: -Dpartita.fuzz.world=" + world + " -Dpartita.fuzz.query="
        + q + ")\noptions: " + options + "\n";
  }

  // ------------------------------------------------------------------ queries

  /** A random query shape over tables t (with a unique id) and u. */
  private static Rel query(RandomQueries g, World w, int splitOut) {
    Random r = g.random();
    Rel t = RandomQueries.scan(w.frames().get("t"), w.t());
    Rel u = RandomQueries.scan(w.frames().get("u"), w.u());
    Rel base = t;
    if (r.nextInt(3) > 0) {
      base = g.filter(base);
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      base = g.withColumn(base);
    }
    switch (r.nextInt(8)) {
      case 0: {
        Rel s = g.select(base);
        return r.nextBoolean() ? g.filter(s) : s;
      }
      case 1: case 2: {
        int keys = 1 + r.nextInt(3);
        Rel a = g.aggregate(base, keys, splitOut);
        if (r.nextInt(3) == 0) {
          a = g.filter(a);
        }
        return r.nextInt(3) == 0 ? g.orderBy(a, a.cols().subList(0, Math.min(keys, a.cols().size()))) : a;
      }
      case 3:
        return g.aggregate(base, 0, 0);
      case 4:
        return g.orderBy(base, List.of(new Col("id", Type.BIGINT)));
      case 5: {
        Rel d = g.distinct(g.select(base));
        return r.nextBoolean() ? g.orderBy(d, d.cols()) : d;
      }
      case 6: {
        Rel right = r.nextBoolean() ? g.filter(u) : u;
        Rel j = g.join(base, right);
        if (j == null) {
          return null;
        }
        return switch (r.nextInt(4)) {
          case 0 -> g.aggregate(j, 1 + r.nextInt(2), splitOut);
          case 1 -> g.filter(j);
          case 2 -> g.orderBy(j, j.cols());
          default -> j;
        };
      }
      default: {
        Rel all = g.union(g.filter(base), g.filter(base));
        return switch (r.nextInt(3)) {
          case 0 -> g.distinct(all);
          case 1 -> g.aggregate(all, 1, splitOut);
          default -> all;
        };
      }
    }
  }

  // ------------------------------------------------------------------ options

  /** How a query runs: threads, combines, memory limit, broadcasts, forced splitOut, cache. */
  record Options(int threads, int splitEvery, long memoryLimit, Path spillDir, boolean broadcast, int splitOut,
      Path cacheDir) {

    static Options random(Random r, Path spill, Path cache) {
      int threads = 1 + r.nextInt(4);
      int splitEvery = new int[] {2, 3, 8}[r.nextInt(3)];
      long limit = r.nextInt(4) == 0 ? (4L << 20) << r.nextInt(3) : 0;
      return new Options(threads, splitEvery, limit, limit > 0 ? spill : null, r.nextBoolean(),
          r.nextInt(4) == 0 ? 1 + r.nextInt(7) : 0, r.nextInt(8) == 0 ? cache : null);
    }

    ComputeOptions compute(SchedulerListener listener) {
      ComputeOptions o = ComputeOptions.defaults().threads(threads).splitEvery(splitEvery).listener(listener);
      if (memoryLimit > 0) {
        o = o.memoryLimit(memoryLimit).spillDir(spillDir);
      }
      if (!broadcast) {
        o = o.broadcastThreshold(0);
      }
      return cacheDir == null ? o : o.cache(cacheDir, 0);
    }

    @Override
    public String toString() {
      return "threads " + threads + ", splitEvery " + splitEvery + (memoryLimit > 0 ? ", memoryLimit "
          + (memoryLimit >> 20) + " MiB" : "") + (broadcast ? "" : ", broadcastThreshold 0")
          + (splitOut > 0 ? ", splitOut " + splitOut : "") + (cacheDir != null ? ", cache (run twice)" : "");
    }
  }

  // ------------------------------------------------------------------ tables

  /** Tables t (with a unique id) and u (sharing some columns with t), and Partita's frames over their files. */
  private record World(Data t, Data u, Map<String, DataFrame> frames) {}

  /**
   * Writes world {@code seed}'s tables with DuckDB as 1 to 4 files each (some may hold no rows: a header-only
   * CSV, a Parquet file without row groups), CSV or Parquet with small partitions, defines views t and u over
   * those files, and returns Partita's frames over the same files.
   */
  private static World world(Connection duck, long seed, Path dir) throws Exception {
    Random r = new Random(seed);
    RandomQueries g = new RandomQueries(r);
    List<Col> shared = g.sharedColumns();
    Data[] data = {g.table("t", true, shared, 1 + r.nextInt(4), g.pick(List.of(0, 1, 60, 700, 3000))),
        g.table("u", false, shared, 1 + r.nextInt(3), g.pick(List.of(0, 10, 200, 1500)))};
    boolean parquet = r.nextBoolean();
    Map<String, DataFrame> frames = new LinkedHashMap<>();
    for (Data d : data) {
      Path tableDir = dir.resolve(d.name());
      Files.createDirectories(tableDir);
      String columns = RandomQueries.describe(d.cols(), c -> c.name() + " " + c.type().sql);
      try (Statement s = duck.createStatement()) {
        s.execute("CREATE OR REPLACE TABLE gen (" + columns + ", row_index BIGINT)");
      }
      try (DuckDBAppender a = ((DuckDBConnection) duck).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "gen")) {
        for (int i = 0; i < d.rows().size(); i++) {
          a.beginRow();
          for (Object v : d.rows().get(i)) {
            append(a, v);
          }
          a.append((long) i);
          a.endRow();
        }
      }
      int files = 1 + r.nextInt(4);
      List<Integer> cuts = new ArrayList<>();
      for (int f = 1; f < files; f++) {
        cuts.add(r.nextInt(d.rows().size() + 1));
      }
      cuts.add(0);
      cuts.add(d.rows().size());
      Collections.sort(cuts);
      List<String> paths = new ArrayList<>();
      int rowGroup = List.of(50, 300, 100_000).get(r.nextInt(3));
      try (Statement s = duck.createStatement()) {
        for (int f = 0; f < files; f++) {
          String path = tableDir.resolve(String.format("part-%02d.%s", f, parquet ? "parquet" : "csv")).toString();
          paths.add("'" + path + "'");
          String select = "SELECT " + RandomQueries.describe(d.cols(), Col::name) + " FROM gen WHERE row_index >= "
              + cuts.get(f) + " AND row_index < " + cuts.get(f + 1) + " ORDER BY row_index";
          s.execute("COPY (" + select + ") TO '" + path + "' (" + (parquet ? "FORMAT parquet, ROW_GROUP_SIZE "
              + rowGroup : "HEADER") + ")");
        }
        String list = "[" + String.join(", ", paths) + "]";
        String types = "{" + RandomQueries.describe(d.cols(), c -> "'" + c.name() + "': '" + c.type().sql + "'") + "}";
        s.execute("CREATE OR REPLACE VIEW " + d.name() + " AS SELECT * FROM " + (parquet ? "read_parquet(" + list + ")"
            : "read_csv(" + list + ", header = true, auto_detect = false, allow_quoted_nulls = false, columns = "
            + types + ")"));
        s.execute("DROP TABLE gen");
      }
      String glob = tableDir + (parquet ? "/*.parquet" : "/*.csv");
      if (parquet) {
        frames.put(d.name(), DataFrame.read(glob));
      } else {
        Map<String, CsvType> dtypes = new LinkedHashMap<>();
        d.cols().forEach(c -> dtypes.put(c.name(), c.type().csv));
        CsvOptions opts = CsvOptions.defaults().dtypes(dtypes);
        frames.put(d.name(), DataFrame.readCsv(glob, r.nextBoolean() ? opts.blockSize(256 << r.nextInt(8)) : opts));
      }
    }
    return new World(data[0], data[1], frames);
  }

  private static void append(DuckDBAppender a, Object v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else if (v instanceof Long l) {
      a.append(l.longValue());
    } else if (v instanceof Double x) {
      a.append(x.doubleValue());
    } else if (v instanceof Boolean b) {
      a.append(b.booleanValue());
    } else if (v instanceof String s) {
      a.append(s);
    } else if (v instanceof LocalDate d) {
      a.append(d);
    } else {
      a.append((LocalDateTime) v);
    }
  }
}
