package dev.partita.bench;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.AggState;
import dev.partita.agg.HashAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
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

/**
 * Hash group-by {@code sum(v)} of a float64 column over 1M rows in 16 batches of 65,536, keyed by
 * an int64 or a string column with 100 or 1M distinct keys drawn uniformly ("id%03d" and
 * "id%010d" for strings), in rows per second on one thread. Each invocation builds a fresh table.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar HashBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HashBench {

  static final int ROWS = 1 << 20;
  static final int BATCH = 1 << 16;

  @Param({"int64", "string"})
  public String key;

  @Param({"100", "1000000"})
  public int distinct;

  private BufferAllocator allocator;
  private final List<FieldVector> keys = new ArrayList<>();
  private final List<FieldVector> values = new ArrayList<>();
  private final AggCall sum = new AggCall(AggKind.SUM, "v", "sum_v");

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    Random r = new Random(42);
    for (int b = 0; b < ROWS / BATCH; b++) {
      Float8Vector v = new Float8Vector("v", allocator);
      v.allocateNew(BATCH);
      FieldVector k;
      if (key.equals("int64")) {
        BigIntVector kv = new BigIntVector("k", allocator);
        kv.allocateNew(BATCH);
        for (int i = 0; i < BATCH; i++) {
          kv.set(i, r.nextInt(distinct));
        }
        k = kv;
      } else {
        VarCharVector kv = new VarCharVector("k", allocator);
        kv.allocateNew(BATCH);
        String format = distinct <= 1000 ? "id%03d" : "id%010d";
        for (int i = 0; i < BATCH; i++) {
          kv.setSafe(i, String.format(format, r.nextInt(distinct)).getBytes(StandardCharsets.UTF_8));
        }
        k = kv;
      }
      for (int i = 0; i < BATCH; i++) {
        v.set(i, r.nextDouble());
      }
      k.setValueCount(BATCH);
      v.setValueCount(BATCH);
      keys.add(k);
      values.add(v);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    keys.forEach(FieldVector::close);
    values.forEach(FieldVector::close);
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public AggState groupBySum() {
    try (HashAggregator agg = new HashAggregator(
        List.of(keys.get(0).getField()), List.of(sum), List.of(values.get(0).getField()))) {
      for (int b = 0; b < keys.size(); b++) {
        agg.add(List.of(keys.get(b)), List.of(values.get(b)), BATCH);
      }
      return agg.finish();
    }
  }
}
