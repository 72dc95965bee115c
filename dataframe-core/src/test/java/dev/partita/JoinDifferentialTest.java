package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins against DuckDB on the same files, sqllogictest style: each case is a Partita join and the SQL that
 * says the same, run for every join type on data sets that vary format, partition counts (1 to about 40 a
 * side), null keys, duplicate keys, a skewed key (30% of the left's rows), empty sides and int32 against
 * int64 keys, once with the default strategy (the small side broadcast) and once with broadcasts off (both
 * sides shuffled into buckets).
 */
class JoinDifferentialTest {

  /** A pair of tables: rows of each, files, null fraction, format, a partition size hint (0: one per file). */
  record DataSpec(String name, int leftRows, int rightRows, int files, double nulls, boolean parquet, int partitionHint) {}

  /** One join: the Partita side over (left, right), and its SQL over tables l and r for a join type. */
  record Case(String name, List<String> hows, BiFunction<DataFrame, DataFrame, Function3> partita, SqlFor sql) {}

  @FunctionalInterface
  interface Function3 {
    DataFrame apply(String how);
  }

  @FunctionalInterface
  interface SqlFor {
    String sql(String how);
  }

  static final List<DataSpec> DATA = List.of(
      new DataSpec("csv-one-partition", 400, 150, 1, 0.0, false, 0),
      new DataSpec("parquet-files-and-row-groups-10pct", 3000, 800, 3, 0.1, true, 200),
      new DataSpec("csv-many-partitions-25pct", 3000, 800, 2, 0.25, false, 4096),
      new DataSpec("parquet-empty-right", 500, 0, 1, 0.1, true, 0),
      new DataSpec("parquet-empty-left", 0, 300, 1, 0.1, true, 0));

  static final List<String> ALL = List.of("inner", "left", "right", "full", "semi", "anti");
  static final List<String> LEFT_COLUMNS = List.of("id", "k", "k32", "s", "d", "v", "n");
  static final List<String> RIGHT_COLUMNS = List.of("k", "k32", "s", "d", "w", "m", "v");

  static final List<Case> CASES = List.of(
      new Case("using one int key", ALL, (l, r) -> how -> l.join(r, List.of("k"), how),
          how -> using(how, List.of("k"))),
      new Case("using int and string keys", ALL, (l, r) -> how -> l.join(r, List.of("k", "s"), how),
          how -> using(how, List.of("k", "s"))),
      new Case("on int32 = int64", ALL, (l, r) -> how -> l.join(r, col("k32").eq(col("k_right")), how),
          how -> on(how, "l.k32 = r.k")),
      new Case("on date = date and string = string", ALL,
          (l, r) -> how -> l.join(r, col("d").eq(col("d_right")).and(col("s").eq(col("s_right"))), how),
          how -> on(how, "l.d = r.d AND l.s = r.s")),
      new Case("on key with a residual condition", ALL,
          (l, r) -> how -> l.join(r, col("k").eq(col("k_right")).and(col("v").lt(col("v_right"))), how),
          how -> on(how, "l.k = r.k AND l.v < r.v")),
      new Case("join then group", List.of("inner", "left", "full"),
          (l, r) -> how -> l.join(r, List.of("k"), how).groupBy("s").agg(count(), sum("m"), sum("n")),
          how -> "SELECT s, count(*), sum(m), sum(n) FROM (" + using(how, List.of("k")) + ") GROUP BY s"),
      new Case("filters pushed into either side", List.of("inner", "left", "right"),
          (l, r) -> how -> l.join(r, List.of("k"), how).filter(col("n").gt(10).and(col("m").lt(700))),
          how -> "SELECT * FROM (" + using(how, List.of("k")) + ") WHERE n > 10 AND m < 700"),
      new Case("distinct and union", List.of("inner"),
          (l, r) -> how -> l.select("k", "s").union(r.select("s", "k")).distinct(),
          how -> "SELECT DISTINCT k, s FROM (SELECT k, s FROM l UNION ALL SELECT k, s FROM r)"),
      new Case("drop duplicates keeps the first row", List.of("inner"),
          (l, r) -> how -> l.dropDuplicates("k"),
          how -> "SELECT id, k, k32, s, d, v, n FROM (SELECT *, row_number() OVER (PARTITION BY k ORDER BY id) AS rn"
              + " FROM l) WHERE rn = 1"));

  /** A USING join as Partita outputs it: left columns (keys once), then the right's other columns. */
  static String using(String how, List<String> keys) {
    String on = keys.stream().map(k -> "l." + k + " = r." + k).collect(Collectors.joining(" AND "));
    if (how.equals("semi") || how.equals("anti")) {
      return "SELECT l.* FROM l " + how.toUpperCase() + " JOIN r ON " + on;
    }
    List<String> select = new ArrayList<>();
    for (String c : LEFT_COLUMNS) {
      if (!keys.contains(c)) {
        select.add("l." + c);
      } else {
        select.add((how.equals("right") ? "r." + c : how.equals("full") ? "COALESCE(l." + c + ", r." + c + ")"
            : "l." + c) + " AS " + c);
      }
    }
    for (String c : RIGHT_COLUMNS) {
      if (!keys.contains(c)) {
        select.add("r." + c + " AS " + (LEFT_COLUMNS.contains(c) ? c + "_right" : c));
      }
    }
    return "SELECT " + String.join(", ", select) + " FROM l " + how.toUpperCase() + " JOIN r ON " + on;
  }

  /** An ON join as Partita outputs it: every left column, then every right column (renamed where taken). */
  static String on(String how, String condition) {
    if (how.equals("semi") || how.equals("anti")) {
      return "SELECT l.* FROM l " + how.toUpperCase() + " JOIN r ON " + condition;
    }
    List<String> select = new ArrayList<>();
    for (String c : LEFT_COLUMNS) {
      select.add("l." + c);
    }
    for (String c : RIGHT_COLUMNS) {
      select.add("r." + c + " AS " + (LEFT_COLUMNS.contains(c) ? c + "_right" : c));
    }
    return "SELECT " + String.join(", ", select) + " FROM l " + how.toUpperCase() + " JOIN r ON " + condition;
  }

  @TempDir
  static Path dir;
  static Connection duck;

  @BeforeAll
  static void connect() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET threads = 1");
    }
  }

  @AfterAll
  static void disconnect() throws SQLException {
    duck.close();
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  /**
   * A deterministic sample of the joins (case and type, shuffled by a seed per variation) run again with 1 and 4
   * threads, under a 16 MiB memory limit with broadcasts off (both sides shuffled), and twice with a result cache
   * (the second run answered from it). Joins whose shuffles go to disk: {@link #shuffledJoinsSpillUnderALimit}.
   */
  @TestFactory
  Stream<DynamicTest> joinVariationsAgreeWithDuckDb() {
    record Join(Case c, String how) {}
    record Variation(String name, BiFunction<Path, DifferentialTest.TaskWatch, ComputeOptions> options) {}
    List<Join> all = new ArrayList<>();
    CASES.forEach(c -> c.hows().forEach(how -> all.add(new Join(c, how))));
    List<Variation> variations = List.of(
        new Variation("1 thread", (cache, watch) -> ComputeOptions.defaults().threads(1)),
        new Variation("4 threads", (cache, watch) -> ComputeOptions.defaults().threads(4)),
        new Variation("shuffled under a 16 MiB limit", (cache, watch) -> ComputeOptions.defaults()
            .threads(2).memoryLimit(16L << 20).broadcastThreshold(0).spillDir(watch.spill)),
        new Variation("result cache", (cache, watch) -> ComputeOptions.defaults().threads(2)
            .cache(cache, 0).listener(watch)));
    DataSpec data = DATA.get(1);
    DataFrame[] sides = new DataFrame[2];
    return variations.stream().flatMap(v -> {
      List<Join> sample = new ArrayList<>(all);
      Collections.shuffle(sample, new Random(v.name().hashCode()));
      DifferentialTest.TaskWatch watch = new DifferentialTest.TaskWatch(dir.resolve("spill-" + v.name().hashCode()));
      Path cache = dir.resolve("cache-" + v.name().hashCode());
      boolean cached = v.name().equals("result cache");
      return sample.subList(0, Math.min(DifferentialTest.SAMPLE, sample.size())).stream()
          .map(j -> DynamicTest.dynamicTest(v.name() + ", " + data.name() + ": " + j.c().name() + " ("
              + j.how() + ")", () -> {
                if (sides[0] == null) {
                  sides[0] = load(data, "l");
                  sides[1] = load(data, "r");
                } else {
                  views(data);
                }
                List<List<Object>> expected = query(j.c().sql().sql(j.how()));
                for (int run = 0; run < (cached ? 2 : 1); run++) {
                  watch.hits.clear();
                  try (Table t = j.c().partita().apply(sides[0], sides[1]).apply(j.how())
                      .compute(v.options().apply(cache, watch))) {
                    compareUnordered(new ArrayList<>(expected), DifferentialTest.rowsOf(t), j.c().name() + " "
                        + j.how() + (run > 0 ? ", second run" : ""));
                  }
                }
                assertTrue(!cached || !watch.hits.isEmpty(), "the second run read nothing from the cache");
              }));
    });
  }

  /**
   * Joins with broadcasts off under a 16 MiB limit whose shuffle outputs (48,000 rows, about 2.3 MB, against
   * 200) pass the 2 MiB they may hold in memory, so they go to disk.
   */
  @Disabled("engine: shuffle map tasks fail with Arrow's OutOfMemoryException instead of writing to disk, and"
      + " the failed computations leave about 25 MB of Arrow memory allocated")
  @TestFactory
  Stream<DynamicTest> shuffledJoinsSpillUnderALimit() throws Exception {
    DataSpec data = new DataSpec("parquet-48k-by-200-rows", 48_000, 200, 4, 0.1, true, 1000);
    DataFrame l = load(data, "l");
    DataFrame r = load(data, "r");
    DifferentialTest.TaskWatch watch = new DifferentialTest.TaskWatch(dir.resolve("spill-joins"));
    ComputeOptions options = ComputeOptions.defaults().threads(2).memoryLimit(16L << 20).broadcastThreshold(0)
        .spillDir(watch.spill).listener(watch);
    Case c = CASES.get(0);
    return Stream.concat(c.hows().stream().map(how -> DynamicTest.dynamicTest(c.name() + " (" + how + ")", () -> {
      views(data);
      try (Table t = c.partita().apply(l, r).apply(how).compute(options)) {
        compareUnordered(query(c.sql().sql(how)), DifferentialTest.rowsOf(t), c.name() + " " + how);
      }
    })), Stream.of(DynamicTest.dynamicTest("files were written to disk", () -> assertTrue(watch.spilled,
        "no task left a file in " + watch.spill))));
  }

  @TestFactory
  Stream<DynamicTest> joinsAgreeWithDuckDb() {
    return DATA.stream().flatMap(data -> {
      DataFrame[] sides = new DataFrame[2];
      return CASES.stream().flatMap(c -> c.hows().stream().flatMap(how -> Stream.of(true, false).map(broadcast ->
          DynamicTest.dynamicTest(data.name() + ": " + c.name() + " (" + how + (broadcast ? "" : ", no broadcast")
              + ")", () -> {
                if (sides[0] == null) {
                  sides[0] = load(data, "l");
                  sides[1] = load(data, "r");
                }
                List<String> started = java.util.Collections.synchronizedList(new ArrayList<>());
                ComputeOptions opts = ComputeOptions.defaults().threads(3).listener(new SchedulerListener() {
                  @Override
                  public void onTaskStart(String key, int worker) {
                    started.add(key);
                  }
                });
                if (!broadcast) {
                  opts = opts.broadcastThreshold(0);
                }
                DataFrame joined = c.partita().apply(sides[0], sides[1]).apply(how);
                List<List<Object>> actual;
                try (Table t = joined.compute(opts)) {
                  actual = DifferentialTest.rowsOf(t);
                }
                List<List<Object>> expected = query(c.sql().sql(how));
                compareUnordered(expected, actual, c.name() + " " + how);
                if ((c.name().startsWith("using") || c.name().startsWith("on ")) && data.leftRows() > 0
                    && data.rightRows() > 0) {
                  boolean built = started.stream().anyMatch(k -> k.startsWith("build-"));
                  boolean shuffled = started.stream().anyMatch(k -> k.startsWith("shuffle-"));
                  boolean canBroadcast = !how.equals("full");
                  assertTrue(broadcast && canBroadcast ? built && !shuffled : shuffled && !built,
                      "strategy: " + started);
                }
              }))));
    });
  }

  static List<List<Object>> query(String sql) throws SQLException {
    return Answers.query(duck, sql);
  }

  /** Rows compared as multisets. */
  static void compareUnordered(List<List<Object>> expected, List<List<Object>> actual, String what) {
    String difference = Answers.difference(expected, actual, false);
    if (difference != null) {
      fail(what + ": " + difference);
    }
  }

  /** Views l and r over the files of {@code data}, written before. */
  static void views(DataSpec data) throws SQLException {
    try (Statement s = duck.createStatement()) {
      view(s, data, "l");
      view(s, data, "r");
    }
  }

  private static void view(Statement s, DataSpec data, String name) throws SQLException {
    String glob = dir.resolve(data.name()).resolve(name) + (data.parquet() ? "/*.parquet" : "/*.csv");
    String types = name.equals("l") ? "{'id': 'BIGINT', 'k': 'BIGINT', 'k32': 'INTEGER', 's': 'VARCHAR', 'd': 'DATE',"
        + " 'v': 'DOUBLE', 'n': 'BIGINT'}" : "{'k': 'BIGINT', 'k32': 'INTEGER', 's': 'VARCHAR', 'd': 'DATE',"
        + " 'w': 'DOUBLE', 'm': 'BIGINT', 'v': 'DOUBLE'}";
    s.execute("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM " + (data.parquet() ? "read_parquet('" + glob
        + "')" : "read_csv('" + glob + "', header = true, auto_detect = false, columns = " + types + ")"));
  }

  /** Writes side {@code name} (l or r) of {@code data} with DuckDB and reads it with Partita. */
  static DataFrame load(DataSpec data, String name) throws Exception {
    Path d = dir.resolve(data.name()).resolve(name);
    Files.createDirectories(d);
    boolean left = name.equals("l");
    int rows = left ? data.leftRows() : data.rightRows();
    double p = data.nulls();
    try (Statement s = duck.createStatement()) {
      s.execute("SELECT setseed(" + (left ? 0.25 : 0.75) + ")");
      // The left's k: 30% of rows share one key (skew); the right has each key about four times.
      String k = left ? "CASE WHEN random() < 0.3 THEN 7 ELSE (random() * 300)::BIGINT END"
          : "(random() * 200)::BIGINT";
      s.execute("CREATE OR REPLACE TABLE gen AS SELECT range AS id, nk AS k, nk::INTEGER AS k32,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE 's' || (random() * 4)::INT END AS s,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE DATE '2024-01-01' + (random() * 30)::INT END AS d,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE round(random() * 100, 2)::DOUBLE END AS v,"
          + " (random() * 1000)::BIGINT AS " + (left ? "n" : "m")
          + (left ? "" : ", round(random() * 10, 3)::DOUBLE AS w")
          + " FROM (SELECT range, CASE WHEN random() < " + p + " THEN NULL ELSE " + k + " END AS nk FROM range("
          + rows + "))");
      String columns = left ? "id, k, k32, s, d, v, n" : "k, k32, s, d, w, m, v";
      int per = Math.max(1, (rows + data.files() - 1) / data.files());
      for (int f = 0; f < data.files(); f++) {
        String file = d.resolve("part-" + f).toString();
        String select = "SELECT " + columns + " FROM gen WHERE id >= " + (f * per) + " AND id < " + ((f + 1) * per)
            + " ORDER BY id";
        if (data.parquet()) {
          s.execute("COPY (" + select + ") TO '" + file + ".parquet' (FORMAT parquet"
              + (data.partitionHint() > 0 ? ", ROW_GROUP_SIZE " + data.partitionHint() : "") + ")");
        } else {
          s.execute("COPY (" + select + ") TO '" + file + ".csv' (HEADER)");
        }
      }
      String glob = d + (data.parquet() ? "/*.parquet" : "/*.csv");
      view(s, data, name);
      s.execute("DROP TABLE gen");
      Map<String, CsvType> csvTypes = left
          ? Map.of("id", CsvType.INT64, "k", CsvType.INT64, "k32", CsvType.INT64, "s", CsvType.STRING,
              "d", CsvType.DATE, "v", CsvType.FLOAT64, "n", CsvType.INT64)
          : Map.of("k", CsvType.INT64, "k32", CsvType.INT64, "s", CsvType.STRING, "d", CsvType.DATE,
              "w", CsvType.FLOAT64, "m", CsvType.INT64, "v", CsvType.FLOAT64);
      CsvOptions opts = CsvOptions.defaults().dtypes(csvTypes);
      if (data.partitionHint() > 0) {
        opts = opts.blockSize(data.partitionHint());
      }
      DataFrame df = data.parquet() ? DataFrame.read(glob) : DataFrame.readCsv(glob, opts);
      long parts = df.graph().keys().stream().filter(key -> key.startsWith("chunk-") || key.startsWith("result-"))
          .count();
      assertTrue(parts >= 1 && parts <= 50, data.name() + " " + name + " has " + parts + " partitions");
      if (rows > 0 && df.count().compute() != rows) {
        fail(data.name() + " " + name + ": read " + df.count().compute() + " rows of " + rows);
      }
      return df;
    }
  }
}
