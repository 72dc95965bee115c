package dev.partita.bench;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.parquet.ParquetOptions;
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
   * The vectorized cases in values per CPU-second of the reading thread: JMH's wall clock on a
   * shared, loaded machine measures the other processes as much as the decoder. Reads each file
   * {@code iterations} times (default 15) and prints the mean and best of the last two thirds.
   *
   * <pre>{@code
   * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.partita.bench.ParquetReadBench 15
   * }</pre>
   */
  public static void main(String[] args) throws IOException {
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
}
