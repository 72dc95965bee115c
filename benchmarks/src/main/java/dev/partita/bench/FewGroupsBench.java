package dev.partita.bench;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.AggState;
import dev.partita.agg.HashAggregator;
import dev.partita.exec.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
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
 * TPC-H Q1's aggregation without its scan: by a key of four values in random order, five decimal sums
 * (DECIMAL(15,2), no nulls), two means of summed columns and a count, through {@link HashAggregator} in
 * batches of 65,536 rows as a Parquet scan delivers them; rows per second on one thread. With {@code nulls}
 * a tenth of each column's values are null.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar FewGroupsBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FewGroupsBench {

  static final int ROWS = 1 << 20;
  static final int BATCH = 65_536;
  static final int SUMS = 5;

  @Param({"false", "true"})
  public boolean nulls;

  private BufferAllocator allocator;
  private final List<BigIntVector> keys = new ArrayList<>();
  private final List<List<FieldVector>> inputs = new ArrayList<>();
  private final List<AggCall> calls = new ArrayList<>();
  private final List<Field> fields = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() {
    allocator = Memory.root().newChildAllocator("bench", 0, Long.MAX_VALUE);
    Random r = new Random(42);
    for (int b = 0; b < ROWS / BATCH; b++) {
      BigIntVector key = new BigIntVector("k", allocator);
      key.allocateNew(BATCH);
      for (int i = 0; i < BATCH; i++) {
        key.set(i, r.nextInt(4));
      }
      key.setValueCount(BATCH);
      keys.add(key);
      List<FieldVector> columns = new ArrayList<>();
      for (int s = 0; s < SUMS; s++) {
        DecimalVector v = new DecimalVector("v" + s, allocator, 15, 2);
        v.allocateNew(BATCH);
        for (int i = 0; i < BATCH; i++) {
          if (!nulls || r.nextInt(10) != 0) {
            v.set(i, r.nextInt(10_000_000));
          }
        }
        v.setValueCount(BATCH);
        columns.add(v);
      }
      inputs.add(columns);
    }
    List<FieldVector> first = inputs.get(0);
    for (int s = 0; s < SUMS; s++) {
      calls.add(new AggCall(AggKind.SUM, "v" + s, "sum" + s));
      fields.add(first.get(s).getField());
    }
    calls.add(new AggCall(AggKind.MEAN, "v0", "mean0"));
    fields.add(first.get(0).getField());
    calls.add(new AggCall(AggKind.MEAN, "v1", "mean1"));
    fields.add(first.get(1).getField());
    calls.add(new AggCall(AggKind.COUNT_ALL, null, "n"));
    fields.add(null);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    keys.forEach(BigIntVector::close);
    inputs.forEach(columns -> columns.forEach(FieldVector::close));
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public AggState q1Aggregation() {
    try (HashAggregator agg = new HashAggregator(List.of(keys.get(0).getField()), calls, fields)) {
      for (int b = 0; b < keys.size(); b++) {
        List<FieldVector> columns = inputs.get(b);
        List<FieldVector> in = new ArrayList<>(columns);
        in.add(columns.get(0));
        in.add(columns.get(1));
        in.add(null);
        agg.add(List.of(keys.get(b)), in, BATCH);
      }
      return agg.finish();
    }
  }
}
