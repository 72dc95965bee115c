package dev.partita.bench;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.AggState;
import dev.partita.agg.HashAggregator;
import dev.partita.exec.Memory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
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
 * Sum and mean through {@link HashAggregator} over one 1M-row vector (no nulls: float64, int64, or
 * DECIMAL(15,2) as TPC-H's money), in rows per second on one thread: global (the accumulator loops with the
 * trivial group id of a global aggregate) and by an int64 key of four values in random order (TPC-H Q1's
 * shape: its group ids are cheap, its sums are not). The allocator is a child of Partita's root, so Arrow's
 * bounds checks are off as in a query.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar AggBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AggBench {

  static final int ROWS = 1_000_000;

  @Param({"float64", "int64", "decimal"})
  public String type;

  @Param({"SUM", "MEAN"})
  public String kind;

  private BufferAllocator allocator;
  private FieldVector values;
  private AggCall call;
  private BigIntVector key;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = Memory.root().newChildAllocator("bench", 0, Long.MAX_VALUE);
    Random r = new Random(42);
    key = new BigIntVector("k", allocator);
    key.allocateNew(ROWS);
    for (int i = 0; i < ROWS; i++) {
      key.set(i, r.nextInt(4));
    }
    key.setValueCount(ROWS);
    if (type.equals("float64")) {
      Float8Vector v = new Float8Vector("v", allocator);
      v.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        v.set(i, r.nextDouble() * 1000);
      }
      values = v;
    } else if (type.equals("decimal")) {
      DecimalVector v = new DecimalVector("v", allocator, 15, 2);
      v.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        v.set(i, r.nextInt(10_000_000));
      }
      values = v;
    } else {
      BigIntVector v = new BigIntVector("v", allocator);
      v.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        v.set(i, r.nextInt(1_000_000));
      }
      values = v;
    }
    values.setValueCount(ROWS);
    call = new AggCall(AggKind.valueOf(kind), "v", "out");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    values.close();
    key.close();
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public AggState global() {
    try (HashAggregator agg = new HashAggregator(List.of(), List.of(call), List.of(values.getField()))) {
      agg.add(List.of(), Arrays.asList(values), ROWS);
      return agg.finish();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public AggState fourGroups() {
    try (HashAggregator agg = new HashAggregator(List.of(key.getField()), List.of(call), List.of(values.getField()))) {
      agg.add(List.of(key), Arrays.asList(values), ROWS);
      return agg.finish();
    }
  }
}
