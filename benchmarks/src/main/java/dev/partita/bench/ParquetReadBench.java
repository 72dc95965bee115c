package dev.partita.bench;

import dev.partita.datasets.GroupByData;
import dev.partita.io.BatchReader;
import dev.partita.io.Filter;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.parquet.ParquetOptions;
import dev.partita.io.parquet.ParquetPartition;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parquet decode throughput on one core, in values per second: one PLAIN double column (10 M
 * random doubles, no dictionary), one dictionary-encoded string column (10 M values, 100
 * distinct; also read as dictionary codes) and one dictionary-encoded int column (10 M values,
 * 100 distinct, as db-benchmark's id4), each uncompressed and snappy, read by Partita's
 * vectorized decoders and by parquet-mr's value-at-a-time {@code ColumnReader}
 * ({@code ParquetOptions.vectorized(false)}). The files are written once into
 * benchmarks/target/data.
 *
 * <p>Files written by DuckDB ({@link DuckDbFiles}, its defaults: snappy, 122,880-row groups,
 * dictionaries where they pay): db-benchmark's 10 M-row groupby table and a 6 M-row table shaped
 * like TPC-H's lineitem (DECIMAL(15,2) money, DATE, short dictionary strings, comments); the JMH
 * cases read its money column as Decimal128, and filter a key that each
 * other row group's dictionary lacks. {@code main duckdb} prints every column's rate.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar ParquetReadBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParquetReadBench {

  static final int ROWS = 10_000_000;
  static final Path DIR = Path.of("benchmarks/target/data");

  @Param({"UNCOMPRESSED", "SNAPPY"})
  public ParquetWriteOptions.Codec codec;

  private RootAllocator allocator;
  private ParquetSource doubles;
  private ParquetSource doublesRowByRow;
  private ParquetSource strings;
  private ParquetSource stringsRowByRow;
  private ParquetSource ints;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path d = DIR.resolve("parquet-doubles-" + codec + ".parquet");
    Path s = DIR.resolve("parquet-strings-" + codec + ".parquet");
    Path i = DIR.resolve("parquet-ints-" + codec + ".parquet");
    if (!Files.exists(d)) {
      write(d, "x");
    }
    if (!Files.exists(s)) {
      write(s, "s");
    }
    if (!Files.exists(i)) {
      write(i, "i");
    }
    ParquetOptions slow = ParquetOptions.defaults().vectorized(false);
    doubles = ParquetSource.of(d.toString(), ParquetOptions.defaults());
    doublesRowByRow = ParquetSource.of(d.toString(), slow);
    strings = ParquetSource.of(s.toString(), ParquetOptions.defaults());
    stringsRowByRow = ParquetSource.of(s.toString(), slow);
    ints = ParquetSource.of(i.toString(), ParquetOptions.defaults());
    allocator = new RootAllocator();
  }

  /** Writes column {@code x} (PLAIN doubles), {@code s} or {@code i} (dictionary strings, ints). */
  private void write(Path file, String column) throws IOException {
    ArrowType type = switch (column) {
      case "s" -> ArrowType.Utf8.INSTANCE;
      case "i" -> new ArrowType.Int(32, true);
      default -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    };
    Schema schema = new Schema(List.of(new Field(column, FieldType.nullable(type), null)));
    ParquetWriteOptions o = ParquetWriteOptions.defaults().withCodec(codec)
        .withDictionary(!column.equals("x"));
    Random rnd = new Random(42);
    byte[][] ids = new byte[100][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = String.format("id%03d", i + 1).getBytes(StandardCharsets.US_ASCII);
    }
    try (RootAllocator a = new RootAllocator();
        PartWriter w = Sinks.parquetFile(file.toString(), schema, o)) {
      for (int done = 0; done < ROWS; done += 65_536) {
        int n = Math.min(65_536, ROWS - done);
        try (VectorSchemaRoot b = VectorSchemaRoot.create(schema, a)) {
          b.allocateNew();
          for (int i = 0; i < n; i++) {
            switch (column) {
              case "s" -> ((VarCharVector) b.getVector(0)).setSafe(i, ids[rnd.nextInt(ids.length)]);
              case "i" -> ((IntVector) b.getVector(0)).setSafe(i, 1 + rnd.nextInt(100));
              default -> ((Float8Vector) b.getVector(0)).setSafe(i, rnd.nextDouble() * 100);
            }
          }
          b.setRowCount(n);
          w.write(b);
        }
      }
      w.commit();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    allocator.close();
  }

  private long read(ParquetSource source, String column, Blackhole bh) throws IOException {
    long sink = read(source, ReadSpec.columns(column));
    bh.consume(sink);
    return ROWS;
  }

  /** Reads every batch; returns the sum of each batch's first data byte so none is dead. */
  private long read(ParquetSource source, ReadSpec spec) throws IOException {
    long rows = 0;
    long sink = 0;
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, spec, allocator)) {
        VectorSchemaRoot next;
        while ((next = r.next()) != null) {
          try (VectorSchemaRoot b = next) {
            rows += b.getRowCount();
            sink += b.getVector(0).getDataBuffer().getByte(0);
          }
        }
      }
    }
    if (rows != ROWS) {
      throw new IllegalStateException("read " + rows + " rows, expected " + ROWS);
    }
    return sink;
  }

  /** One line of {@link #main}: what is read, from which file, how. */
  private record Case(String what, ParquetSource source, ReadSpec spec) {}

  /**
   * Parquet files as DuckDB writes them by default, into benchmarks/target/data once:
   * groupby.parquet (db-benchmark G1_1e7_1e2_0_0 from {@link GroupByData}'s CSV, ints as BIGINT),
   * lineitem.parquet (6,001,215 rows, TPC-H lineitem's columns and value ranges, random),
   * alternating.parquet (10 M rows of a key whose even row groups hold the even values of k000-k099
   * and odd ones the odd, and a double).
   */
  @State(Scope.Benchmark)
  public static class DuckDbFiles {

    ParquetSource groupby;
    ParquetSource lineitem;
    ParquetSource alternating;
    RootAllocator allocator;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      write();
      groupby = ParquetSource.of(DIR.resolve("groupby.parquet").toString(),
          ParquetOptions.defaults());
      lineitem = ParquetSource.of(DIR.resolve("lineitem.parquet").toString(),
          ParquetOptions.defaults());
      alternating = ParquetSource.of(DIR.resolve("alternating.parquet").toString(),
          ParquetOptions.defaults());
      allocator = new RootAllocator();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      allocator.close();
    }

    static void write() throws Exception {
      Files.createDirectories(DIR);
      Path csv = DIR.resolve("G1_1e7_1e2_0_0.csv");
      Path groupby = DIR.resolve("groupby.parquet");
      Path lineitem = DIR.resolve("lineitem.parquet");
      Path alternating = DIR.resolve("alternating.parquet");
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = c.createStatement()) {
        if (!Files.exists(groupby)) {
          if (!Files.exists(csv)) {
            GroupByData.writeCsv(csv, ROWS, 100, 42);
          }
          st.execute("COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + groupby
              + "' (FORMAT parquet)");
        }
        if (!Files.exists(lineitem)) {
          st.execute("SELECT setseed(0.42)");
          st.execute("COPY (SELECT range // 4 + 1 AS l_orderkey,"
              + " (random() * 200000)::BIGINT + 1 AS l_partkey,"
              + " (random() * 10000)::BIGINT + 1 AS l_suppkey,"
              + " (range % 4 + 1)::INTEGER AS l_linenumber,"
              + " ((random() * 49)::INTEGER + 1)::DECIMAL(15,2) AS l_quantity,"
              + " (900 + random() * 104000)::DECIMAL(15,2) AS l_extendedprice,"
              + " ((random() * 10)::INTEGER / 100.0)::DECIMAL(15,2) AS l_discount,"
              + " ((random() * 8)::INTEGER / 100.0)::DECIMAL(15,2) AS l_tax,"
              + " ['R', 'A', 'N'][(random() * 3)::INTEGER % 3 + 1] AS l_returnflag,"
              + " ['O', 'F'][(random() * 2)::INTEGER % 2 + 1] AS l_linestatus,"
              + " DATE '1992-01-02' + (random() * 2525)::INTEGER AS l_shipdate,"
              + " DATE '1992-01-31' + (random() * 2466)::INTEGER AS l_commitdate,"
              + " DATE '1992-01-03' + (random() * 2556)::INTEGER AS l_receiptdate,"
              + " ['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN']"
              + "[(random() * 4)::INTEGER % 4 + 1] AS l_shipinstruct,"
              + " ['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB']"
              + "[(random() * 7)::INTEGER % 7 + 1] AS l_shipmode,"
              + " substr(md5(range::VARCHAR) || md5((range * 7)::VARCHAR), 1,"
              + " 10 + (random() * 33)::INTEGER) AS l_comment"
              + " FROM range(6001215)) TO '" + lineitem + "' (FORMAT parquet)");
        }
        if (!Files.exists(alternating)) {
          st.execute("COPY (SELECT 'k' || lpad(((range // 122880) % 2 + 2 * (hash(range) % 50))"
              + "::VARCHAR, 3, '0') AS k, random() AS v FROM range(" + ROWS + ")) TO '"
              + alternating + "' (FORMAT parquet)");
        }
      }
    }
  }

  /**
   * {@code main duckdb [iterations] [regex]}: the partition count of each DuckDB file, then every
   * case's M rows per CPU-second of the reading thread, median and range of the last two thirds of
   * {@code iterations} reads (default 15) in this one JVM. A filtered case counts all the file's
   * rows, read or skipped.
   */
  static void duckDb(int iterations, String only) throws Exception {
    DuckDbFiles f = new DuckDbFiles();
    f.setUp();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    System.out.printf("partitions: groupby %d, lineitem %d, alternating %d%n",
        f.groupby.partitions().size(), f.lineitem.partitions().size(),
        f.alternating.partitions().size());
    String q1 = "l_returnflag,l_linestatus,l_quantity,l_extendedprice,l_discount,l_tax,l_shipdate";
    List<Case> cases = new ArrayList<>();
    for (String c : List.of("id1", "id3", "id4", "id6", "v1", "v3")) {
      cases.add(new Case("groupby " + c, f.groupby, ReadSpec.columns(c)));
    }
    for (String c : List.of("l_orderkey", "l_quantity", "l_extendedprice", "l_discount",
        "l_shipdate", "l_returnflag", "l_comment", q1)) {
      cases.add(new Case("lineitem " + c, f.lineitem, ReadSpec.columns(List.of(c.split(",")))));
    }
    cases.add(new Case("alternating k,v", f.alternating, ReadSpec.columns("k", "v")));
    cases.add(new Case("alternating k,v where k = 'k017'", f.alternating,
        ReadSpec.columns("k", "v").withFilter(Filter.eq("k", "k017"))));
    for (Case c : cases) {
      if (!c.what().matches(only)) {
        continue;
      }
      long rows = c.source().partitions().stream()
          .mapToLong(p -> ((ParquetPartition) p).rowCount()).sum();
      double[] rates = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        for (Partition p : c.source().partitions(c.spec().filter())) {
          try (BatchReader r = c.source().open(p, c.spec(), f.allocator)) {
            for (VectorSchemaRoot next; (next = r.next()) != null; ) {
              next.close();
            }
          }
        }
        rates[i] = rows / ((cpu.getCurrentThreadCpuTime() - t0) / 1e9) / 1e6;
      }
      double[] kept = Arrays.copyOfRange(rates, iterations / 3, iterations);
      Arrays.sort(kept);
      System.out.printf("%-50s median %6.1f  range %6.1f-%6.1f M rows/CPU-s%n", c.what(),
          kept[kept.length / 2], kept[0], kept[kept.length - 1]);
    }
    f.tearDown();
  }

  /**
   * The vectorized cases in values per CPU-second of the reading thread: JMH's wall clock on a
   * shared, loaded machine measures the other processes as much as the decoder. Reads each file
   * {@code iterations} times (default 15) and prints the mean and best of the last two thirds.
   *
   * <pre>{@code
   * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.partita.bench.ParquetReadBench 15
   * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.partita.bench.ParquetReadBench duckdb 15
   * }</pre>
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("duckdb")) {
      duckDb(args.length > 1 ? Integer.parseInt(args[1]) : 15, args.length > 2 ? args[2] : ".*");
      return;
    }
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (ParquetWriteOptions.Codec codec : List.of(ParquetWriteOptions.Codec.UNCOMPRESSED,
        ParquetWriteOptions.Codec.SNAPPY)) {
      ParquetReadBench b = new ParquetReadBench();
      b.codec = codec;
      b.setUp();
      for (Case c : List.of(new Case("double, PLAIN", b.doubles, ReadSpec.columns("x")),
          new Case("string, dictionary", b.strings, ReadSpec.columns("s")),
          new Case("string, as codes", b.strings,
              ReadSpec.columns("s").withDictionaryIds(List.of("s"))),
          new Case("int, dictionary", b.ints, ReadSpec.columns("i")))) {
        double best = 0;
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < iterations; i++) {
          long t0 = cpu.getCurrentThreadCpuTime();
          b.read(c.source(), c.spec());
          double perSecond = ROWS / ((cpu.getCurrentThreadCpuTime() - t0) / 1e9) / 1e6;
          if (i >= iterations / 3) {
            best = Math.max(best, perSecond);
            sum += perSecond;
            counted++;
          }
        }
        System.out.printf("%-20s %-12s mean %4.0f  best %4.0f M values/CPU-s%n", c.what(), codec,
            sum / counted, best);
      }
      b.tearDown();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long doublesVectorized(Blackhole bh) throws IOException {
    return read(doubles, "x", bh);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long doublesColumnReader(Blackhole bh) throws IOException {
    return read(doublesRowByRow, "x", bh);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long dictionaryStringsVectorized(Blackhole bh) throws IOException {
    return read(strings, "s", bh);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long dictionaryStringsColumnReader(Blackhole bh) throws IOException {
    return read(stringsRowByRow, "s", bh);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long dictionaryStringsAsCodes(Blackhole bh) throws IOException {
    bh.consume(read(strings, ReadSpec.columns("s").withDictionaryIds(List.of("s"))));
    return ROWS;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long dictionaryIntsVectorized(Blackhole bh) throws IOException {
    return read(ints, "i", bh);
  }

  /** Reads every batch of {@code source}'s partitions that {@code spec}'s filter keeps. */
  private static long readDuckDb(DuckDbFiles f, ParquetSource source, ReadSpec spec)
      throws IOException {
    long rows = 0;
    for (Partition p : source.partitions(spec.filter())) {
      try (BatchReader r = source.open(p, spec, f.allocator)) {
        for (VectorSchemaRoot next; (next = r.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            rows += b.getRowCount();
          }
        }
      }
    }
    return rows;
  }

  @Benchmark
  @OperationsPerInvocation(6_001_215)
  public long duckDbMoneyAsDecimal128(DuckDbFiles f) throws IOException {
    return readDuckDb(f, f.lineitem, ReadSpec.columns("l_extendedprice"));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long duckDbKeyFilteredByDictionaries(DuckDbFiles f) throws IOException {
    return readDuckDb(f, f.alternating,
        ReadSpec.columns("k", "v").withFilter(Filter.eq("k", "k017")));
  }
}
