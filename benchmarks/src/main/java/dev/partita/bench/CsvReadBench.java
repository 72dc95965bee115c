package dev.partita.bench;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvSource;
import java.io.IOException;
import java.io.Reader;
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
