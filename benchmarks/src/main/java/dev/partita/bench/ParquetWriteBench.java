package dev.partita.bench;

import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Parquet write throughput on one core, in rows per second, for rows shaped like db-benchmark q10's
 * answer (the largest file any question writes): id1, id2 (100 distinct strings), id3 (100,000 distinct
 * strings), id4, id5 (100 distinct ints), id6 (100,000 distinct ints), v3 (a random double), count (a
 * long); 1 M rows in batches of 65,536, written with the defaults (snappy, dictionaries) to one file.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar ParquetWriteBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParquetWriteBench {

  static final int ROWS = 1 << 20;
  static final int BATCH = 1 << 16;

  private RootAllocator allocator;
  private Schema schema;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private Path dir;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    allocator = new RootAllocator();
    ArrowType utf8 = ArrowType.Utf8.INSTANCE;
    ArrowType int32 = new ArrowType.Int(32, true);
    schema = new Schema(List.of(Field.nullable("id1", utf8), Field.nullable("id2", utf8),
        Field.nullable("id3", utf8), Field.nullable("id4", int32), Field.nullable("id5", int32),
        Field.nullable("id6", int32),
        Field.nullable("v3", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        Field.nullable("count", new ArrowType.Int(64, true))));
    Random rnd = new Random(42);
    for (int start = 0; start < ROWS; start += BATCH) {
      VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator);
      b.allocateNew();
      for (int i = 0; i < BATCH; i++) {
        put(b, 0, i, String.format("id%03d", 1 + rnd.nextInt(100)));
        put(b, 1, i, String.format("id%03d", 1 + rnd.nextInt(100)));
        put(b, 2, i, String.format("id%010d", 1 + rnd.nextInt(100_000)));
        ((IntVector) b.getVector(3)).setSafe(i, 1 + rnd.nextInt(100));
        ((IntVector) b.getVector(4)).setSafe(i, 1 + rnd.nextInt(100));
        ((IntVector) b.getVector(5)).setSafe(i, 1 + rnd.nextInt(100_000));
        ((Float8Vector) b.getVector(6)).setSafe(i, rnd.nextDouble() * 100);
        ((BigIntVector) b.getVector(7)).setSafe(i, 1);
      }
      b.setRowCount(BATCH);
      batches.add(b);
    }
    dir = Files.createTempDirectory("parquet-write-bench");
  }

  private static void put(VectorSchemaRoot b, int column, int row, String value) {
    ((VarCharVector) b.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
    Files.deleteIfExists(dir.resolve("q10.parquet"));
    Files.deleteIfExists(dir);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long writeQ10Shape() throws IOException {
    Path file = dir.resolve("q10.parquet");
    try (PartWriter w = Sinks.parquetFile(file.toString(), schema, ParquetWriteOptions.defaults())) {
      for (VectorSchemaRoot b : batches) {
        w.write(b);
      }
      w.commit();
    }
    return Files.size(file);
  }
}
