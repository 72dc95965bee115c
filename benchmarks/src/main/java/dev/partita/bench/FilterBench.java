package dev.partita.bench;

import dev.partita.kernel.CmpOp;
import dev.partita.kernel.Compare;
import dev.partita.kernel.Logic;
import dev.partita.kernel.Selection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Filter kernels on one batch of 1,000,000 rows, one thread, reported as input rows per second:
 * turning a mask (about half true, 10% null) into a selection, taking the selected rows of a
 * batch (int64, float64 and a short string column) and taking all but one row in 70 at random (as TPC-H
 * Q1's filter keeps 98.6%), and SQL three-valued AND of two masks.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar FilterBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FilterBench {
  static final int ROWS = 1_000_000;

  private BufferAllocator allocator;
  private VectorSchemaRoot batch;
  private BitVector mask;
  private BitVector other;
  private int[] selection;
  private int[] most;

  @Setup
  public void setUp() {
    allocator = new RootAllocator();
    Random r = new Random(2);
    BigIntVector x = new BigIntVector("x", allocator);
    Float8Vector y = new Float8Vector("y", allocator);
    VarCharVector s = new VarCharVector("s", allocator);
    x.allocateNew(ROWS);
    y.allocateNew(ROWS);
    s.allocateNew(ROWS * 4L, ROWS);
    for (int i = 0; i < ROWS; i++) {
      if (r.nextInt(10) != 0) {
        x.set(i, r.nextInt(1000));
      }
      y.set(i, r.nextDouble());
      s.setSafe(i, ("k" + r.nextInt(100)).getBytes(StandardCharsets.UTF_8));
    }
    x.setValueCount(ROWS);
    y.setValueCount(ROWS);
    s.setValueCount(ROWS);
    batch = new VectorSchemaRoot(List.<FieldVector>of(x, y, s));
    batch.setRowCount(ROWS);
    mask = Compare.vectorScalar(CmpOp.GE, x, 500L, allocator);
    other = Compare.vectorScalar(CmpOp.LT, y, 0.5, allocator);
    selection = Selection.of(mask);
    most = IntStream.range(0, ROWS).filter(i -> r.nextInt(70) != 0).toArray();
  }

  @TearDown
  public void tearDown() {
    mask.close();
    other.close();
    batch.close();
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int selectionOfMask() {
    return Selection.of(mask).length;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int takeSelectedRows() {
    try (VectorSchemaRoot kept = Selection.take(batch, selection, allocator)) {
      return kept.getRowCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int takeMostRows() {
    try (VectorSchemaRoot kept = Selection.take(batch, most, allocator)) {
      return kept.getRowCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int filterSelectionAndTake() {
    try (VectorSchemaRoot kept = Selection.take(batch, Selection.of(mask), allocator)) {
      return kept.getRowCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int threeValuedAnd() {
    try (BitVector both = Logic.and(mask, other, allocator)) {
      return both.getNullCount();
    }
  }
}
