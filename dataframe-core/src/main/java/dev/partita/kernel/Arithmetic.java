package dev.partita.kernel;

import dev.partita.EvaluationException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Arithmetic kernels on int64 and float64 vectors. int64 with int64 stays int64 (overflow is an
 * error, as in DuckDB) except division, which gives float64; any float64 operand gives float64.
 * A row is null when either operand is null, or on division by zero (DuckDB's answer).
 *
 * <pre>{@code
 * try (FieldVector total = Arithmetic.vectorVector(ArithOp.PLUS, fare, tip, allocator)) { ... }
 * }</pre>
 */
public final class Arithmetic {

  private Arithmetic() {}

  /** {@code a op b} row by row; both vectors have the same row count. */
  public static FieldVector vectorVector(ArithOp op, FieldVector a, FieldVector b, BufferAllocator allocator) {
    return apply(op, a, null, b, null, allocator);
  }

  /** {@code a op s} for a non-null Long or Double scalar. */
  public static FieldVector vectorScalar(ArithOp op, FieldVector a, Number s, BufferAllocator allocator) {
    return apply(op, a, null, null, s, allocator);
  }

  /** {@code s op b} for a non-null Long or Double scalar. */
  public static FieldVector scalarVector(ArithOp op, Number s, FieldVector b, BufferAllocator allocator) {
    return apply(op, null, s, b, null, allocator);
  }

  private static FieldVector apply(ArithOp op, FieldVector a, Number as, FieldVector b, Number bs,
      BufferAllocator allocator) {
    check(a, as);
    check(b, bs);
    FieldVector shape = a != null ? a : b;
    int n = shape.getValueCount();
    boolean integral = op != ArithOp.DIV && isLong(a, as) && isLong(b, bs);
    if (integral) {
      BigIntVector out = new BigIntVector("arith", allocator);
      out.allocateNew(n);
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if ((a == null || !a.isNull(i)) && (b == null || !b.isNull(i))) {
          long x = a == null ? as.longValue() : a.getDataBuffer().getLong(8L * i);
          long y = b == null ? bs.longValue() : b.getDataBuffer().getLong(8L * i);
          od.setLong(8L * i, longOp(op, x, y));
          Bits.set(out.getValidityBuffer(), i);
        }
      }
      out.setValueCount(n);
      return out;
    }
    Float8Vector out = new Float8Vector("arith", allocator);
    out.allocateNew(n);
    ArrowBuf od = out.getDataBuffer();
    double xs = as == null ? 0 : as.doubleValue();
    double ys = bs == null ? 0 : bs.doubleValue();
    for (int i = 0; i < n; i++) {
      if ((a == null || !a.isNull(i)) && (b == null || !b.isNull(i))) {
        double x = a == null ? xs : Numeric.asDouble(a, i);
        double y = b == null ? ys : Numeric.asDouble(b, i);
        od.setDouble(8L * i, doubleOp(op, x, y));
        Bits.set(out.getValidityBuffer(), i);
      }
    }
    out.setValueCount(n);
    return out;
  }

  private static void check(FieldVector v, Number s) {
    if (v != null && !Numeric.isNumeric(v)) {
      throw new IllegalArgumentException("arithmetic needs int64 or float64, got " + v.getField().getType());
    }
  }

  private static boolean isLong(FieldVector v, Number s) {
    return v != null ? v instanceof BigIntVector : s instanceof Long;
  }

  private static long longOp(ArithOp op, long x, long y) {
    try {
      switch (op) {
        case PLUS: return Math.addExact(x, y);
        case MINUS: return Math.subtractExact(x, y);
        default: return Math.multiplyExact(x, y);
      }
    } catch (ArithmeticException e) {
      throw new EvaluationException("int64 overflow in " + x + " " + op.symbol() + " " + y,
          "compute on doubles: cast(\"double\")");
    }
  }

  private static double doubleOp(ArithOp op, double x, double y) {
    switch (op) {
      case PLUS: return x + y;
      case MINUS: return x - y;
      case MUL: return x * y;
      default: return x / y;
    }
  }
}
