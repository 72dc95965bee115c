package dev.partita.bench;

import dev.partita.datasets.GroupByData;
import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvSource;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CSV read throughput on one core over the db-benchmark file G1_1e7_1e2_0_0 (about 0.5 GB,
 * generated once into benchmarks/target/data by {@link GroupByData}): Partita's reader with one
 * numeric column projected and with all columns, every partition in turn on one thread; commons-csv
 * over the same file; DuckDB with one thread. MB/s = file size / seconds per operation.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar CsvReadBench -f 1 -wi 3 -i 5
 * }</pre>
 *
 * <p>{@link #main} times the two Partita reads in thread CPU time instead, which other processes
 * on a shared machine disturb far less than wall time:
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.partita.bench.CsvReadBench 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CsvReadBench {

  static final Path FILE = Path.of("benchmarks/target/data/G1_1e7_1e2_0_0.csv");

  private CsvSource source;
  private RootAllocator allocator;
  private Connection duck;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    if (!Files.exists(FILE)) {
      GroupByData.writeCsv(FILE, 10_000_000, 100, 42);
    }
    source = CsvSource.of(FILE.toString(), CsvOptions.defaults());
    allocator = new RootAllocator();
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET threads=1");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    duck.close();
    allocator.close();
  }

  /** The sum of v3 through Partita's reader, v3 only. */
  @Benchmark
  public double partitaV3() throws IOException {
    double sum = 0;
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, ReadSpec.columns("v3"), allocator)) {
        for (VectorSchemaRoot next; (next = r.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            Float8Vector v = (Float8Vector) b.getVector(0);
            for (int i = 0; i < b.getRowCount(); i++) {
              sum += v.get(i);
            }
          }
        }
      }
    }
    return sum;
  }

  /** Rows through Partita's reader with all nine columns. */
  @Benchmark
  public long partitaAllColumns() throws IOException {
    List<String> all = source.schema().getFields().stream().map(f -> f.getName()).toList();
    long rows = 0;
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, ReadSpec.columns(all), allocator)) {
        for (VectorSchemaRoot next; (next = r.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            rows += b.getRowCount();
          }
        }
      }
    }
    return rows;
  }

  /** Runs each Partita read {@code args[0]} times, printing this thread's CPU time per pass. */
  public static void main(String[] args) throws Exception {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    CsvReadBench b = new CsvReadBench();
    b.setUp();
    try {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      double mb = Files.size(FILE) / 1e6;
      for (String name : List.of("partitaV3", "partitaAllColumns")) {
        for (int i = 0; i < passes; i++) {
          long t0 = mx.getCurrentThreadCpuTime();
          Object r = name.equals("partitaV3") ? b.partitaV3() : b.partitaAllColumns();
          double s = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
          System.out.printf("%s pass %d: %.0f ms CPU, %.0f MB/s (%s)%n", name, i, s * 1e3,
              mb / s, r);
        }
      }
    } finally {
      b.tearDown();
    }
  }

  /** The sum of v3 through commons-csv's record parser. */
  @Benchmark
  public double commonsCsvV3() throws IOException {
    double sum = 0;
    CSVFormat f = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(FILE, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, f)) {
      for (CSVRecord r : parser) {
        sum += Double.parseDouble(r.get(8));
      }
    }
    return sum;
  }

  /** The sum of v3 through DuckDB's read_csv, one thread. */
  @Benchmark
  public double duckdbV3() throws SQLException {
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT sum(v3) FROM read_csv('" + FILE + "')")) {
      rs.next();
      return rs.getDouble(1);
    }
  }
}
