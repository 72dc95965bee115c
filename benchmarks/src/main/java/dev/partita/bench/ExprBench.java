package dev.partita.bench;

import dev.partita.kernel.ArithOp;
import dev.partita.kernel.Arithmetic;
import dev.partita.kernel.Cast;
import dev.partita.kernel.CmpOp;
import dev.partita.kernel.Compare;
import dev.partita.kernel.Decimals;
import dev.partita.kernel.Logic;
import java.math.BigDecimal;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import dev.partita.exec.Memory;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
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
 * Expression kernels on one batch of 1,000,000 rows (10% nulls), one thread, reported as rows per
 * second: int64, float64, date and DECIMAL(15,2) comparison against a scalar (a decimal against a
 * decimal and against a double, as TPC-H Q6's {@code l_discount >= 0.05}), a date range and a decimal range
 * as two comparisons combined by AND and as one pass ({@link Compare#vectorScalars}), DECIMAL {@code 1 - x} with
 * the literal broadcast to a vector and kept a scalar, int64 against a vector,
 * int64 and mixed int64/float64 arithmetic, and the int32 to int64 widening cast that Parquet columns
 * go through. The allocator is a child of Partita's root, so Arrow's bounds checks are off as in a query.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar ExprBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExprBench {
  static final int ROWS = 1_000_000;

  private BufferAllocator allocator;
  private BigIntVector a;
  private BigIntVector b;
  private Float8Vector f;
  private IntVector i32;
  private DateDayVector day;
  private DecimalVector money;

  @Setup
  public void setUp() {
    allocator = Memory.root().newChildAllocator("bench", 0, Long.MAX_VALUE);
    Random r = new Random(1);
    a = new BigIntVector("a", allocator);
    b = new BigIntVector("b", allocator);
    f = new Float8Vector("f", allocator);
    i32 = new IntVector("i32", allocator);
    a.allocateNew(ROWS);
    b.allocateNew(ROWS);
    f.allocateNew(ROWS);
    i32.allocateNew(ROWS);
    day = new DateDayVector("day", allocator);
    day.allocateNew(ROWS);
    money = Decimals.allocate("money", 15, 2, ROWS, allocator);
    for (int i = 0; i < ROWS; i++) {
      if (r.nextInt(10) != 0) {
        a.set(i, r.nextInt(1000));
        i32.set(i, r.nextInt(1000));
      }
      b.set(i, r.nextInt(1000));
      f.set(i, r.nextDouble());
      day.set(i, 8000 + r.nextInt(2500));
      Decimals.setLong(money.getDataBuffer(), i, r.nextInt(11));
      money.setIndexDefined(i);
    }
    day.setValueCount(ROWS);
    money.setValueCount(ROWS);
    a.setValueCount(ROWS);
    b.setValueCount(ROWS);
    f.setValueCount(ROWS);
    i32.setValueCount(ROWS);
  }

  @TearDown
  public void tearDown() {
    a.close();
    b.close();
    f.close();
    i32.close();
    day.close();
    money.close();
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int compareInt64Scalar() {
    try (BitVector out = Compare.vectorScalar(CmpOp.GT, a, 500L, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int compareFloat64Scalar() {
    try (BitVector out = Compare.vectorScalar(CmpOp.LT, f, 0.5, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int compareDateScalar() {
    try (BitVector out = Compare.vectorScalar(CmpOp.GE, day, 8766, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int compareDecimalScalar() {
    try (BitVector out = Compare.vectorScalar(CmpOp.LE, money, new BigDecimal("0.07"), allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int compareDecimalDouble() {
    try (BitVector out = Compare.vectorScalar(CmpOp.GE, money, 0.05, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int rangeDateTwoPasses() {
    try (BitVector x = Compare.vectorScalar(CmpOp.GE, day, 8766, allocator);
        BitVector y = Compare.vectorScalar(CmpOp.LT, day, 9131, allocator); BitVector out = Logic.and(x, y, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int rangeDateOnePass() {
    try (BitVector out = Compare.vectorScalars(CmpOp.GE, 8766, CmpOp.LT, 9131, day, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int rangeDecimalDoubleTwoPasses() {
    try (BitVector x = Compare.vectorScalar(CmpOp.GE, money, 0.05, allocator);
        BitVector y = Compare.vectorScalar(CmpOp.LE, money, 0.07, allocator); BitVector out = Logic.and(x, y, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int rangeDecimalDoubleOnePass() {
    try (BitVector out = Compare.vectorScalars(CmpOp.GE, 0.05, CmpOp.LE, 0.07, money, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int oneMinusDecimalBroadcast() {
    try (DecimalVector one = Decimals.allocate("one", 16, 2, ROWS, allocator)) {
      Decimals.fill(one, BigDecimal.ONE, ROWS);
      one.setValueCount(ROWS);
      try (DecimalVector out = Decimals.arithmetic(ArithOp.MINUS, false, one, money, 16, 2, allocator)) {
        return out.getValueCount();
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int oneMinusDecimalScalar() {
    try (DecimalVector out = Decimals.arithmetic(ArithOp.MINUS, money, BigDecimal.ONE.setScale(2), true, 16, 2,
        allocator)) {
      return out.getValueCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int compareInt64Vector() {
    try (BitVector out = Compare.vectorVector(CmpOp.GT, a, b, allocator)) {
      return out.getNullCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int plusInt64Scalar() {
    try (FieldVector out = Arithmetic.vectorScalar(ArithOp.PLUS, a, 1L, allocator)) {
      return out.getValueCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int plusInt64Vector() {
    try (FieldVector out = Arithmetic.vectorVector(ArithOp.PLUS, a, b, allocator)) {
      return out.getValueCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int mulInt64Float64() {
    try (FieldVector out = Arithmetic.vectorVector(ArithOp.MUL, a, f, allocator)) {
      return out.getValueCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int widenInt32() {
    try (FieldVector out = Cast.widen(i32, allocator)) {
      return out.getValueCount();
    }
  }
}
