package dev.partita.kernel;

import dev.partita.EvaluationException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Numeric functions on int64 and float64 with DuckDB's semantics: {@code round} halves away from zero (to
 * {@code digits} places; a negative count rounds to tens, hundreds...), {@code %} truncates toward zero as C
 * does, an integer {@code % 0} or an overflow is an error naming the value.
 *
 * <pre>{@code
 * try (FieldVector r = Maths.round(prices, 2, allocator)) { ... }
 * }</pre>
 */
public final class Maths {

  private Maths() {}

  /** {@code abs(v)}. */
  public static FieldVector abs(FieldVector v, BufferAllocator allocator) {
    return map(v, allocator, x -> {
      if (x == Long.MIN_VALUE) {
        throw overflow("abs", x);
      }
      return Math.abs(x);
    }, Math::abs);
  }

  /** {@code -v}. */
  public static FieldVector neg(FieldVector v, BufferAllocator allocator) {
    return map(v, allocator, x -> {
      if (x == Long.MIN_VALUE) {
        throw overflow("-", x);
      }
      return -x;
    }, x -> -x);
  }

  /** {@code round(v, digits)}. */
  public static FieldVector round(FieldVector v, int digits, BufferAllocator allocator) {
    if (v instanceof BigIntVector) {
      if (digits >= 0) {
        return map(v, allocator, x -> x, x -> x);
      }
      long unit = pow10(-digits);
      return map(v, allocator, x -> {
        long r = Math.floorDiv(Math.abs(x) + unit / 2, unit) * unit;
        return x < 0 ? -r : r;
      }, x -> x);
    }
    double scale = Math.pow(10, digits);
    return map(v, allocator, x -> x, x -> {
      if (Double.isNaN(x) || Double.isInfinite(x)) {
        return x;
      }
      double r = Math.signum(x) * Math.floor(Math.abs(x * scale) + 0.5) / scale;
      return Double.isInfinite(r) || Double.isNaN(r) ? x : r;
    });
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n && p < Long.MAX_VALUE / 10; i++) {
      p *= 10;
    }
    return p;
  }

  /** {@code a % b}: both int64 (error on a zero divisor), else as doubles ({@code fmod}). Vectors of one length. */
  public static FieldVector mod(FieldVector a, Object as, FieldVector b, Object bs, BufferAllocator allocator) {
    FieldVector shape = a != null ? a : b;
    int n = shape.getValueCount();
    boolean longs = (a == null ? as instanceof Long : a instanceof BigIntVector)
        && (b == null ? bs instanceof Long : b instanceof BigIntVector);
    FieldVector out = longs ? new BigIntVector("mod", allocator) : new Float8Vector("mod", allocator);
    try {
      ((org.apache.arrow.vector.BaseFixedWidthVector) out).allocateNew(Math.max(n, 1));
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if ((a != null && a.isNull(i)) || (b != null && b.isNull(i))) {
          continue;
        }
        if (longs) {
          long x = a == null ? (Long) as : a.getDataBuffer().getLong(8L * i);
          long y = b == null ? (Long) bs : b.getDataBuffer().getLong(8L * i);
          if (y == 0) {
            throw new EvaluationException("division by zero in " + x + " % 0",
                "filter out the zero divisors, or compute on doubles (cast(\"double\")), where it gives NaN");
          }
          od.setLong(8L * i, x % y);
        } else {
          double x = a == null ? ((Number) as).doubleValue() : Numeric.asDouble(a, i);
          double y = b == null ? ((Number) bs).doubleValue() : Numeric.asDouble(b, i);
          od.setDouble(8L * i, x % y);
        }
        Bits.set(out.getValidityBuffer(), i);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  @FunctionalInterface
  private interface LongOp {
    long apply(long x);
  }

  @FunctionalInterface
  private interface DoubleOp {
    double apply(double x);
  }

  private static FieldVector map(FieldVector v, BufferAllocator allocator, LongOp longs, DoubleOp doubles) {
    int n = v.getValueCount();
    boolean isLong = v instanceof BigIntVector;
    FieldVector out = isLong ? new BigIntVector(v.getName(), allocator) : new Float8Vector(v.getName(), allocator);
    try {
      ((org.apache.arrow.vector.BaseFixedWidthVector) out).allocateNew(Math.max(n, 1));
      ArrowBuf in = v.getDataBuffer();
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          continue;
        }
        if (isLong) {
          od.setLong(8L * i, longs.apply(in.getLong(8L * i)));
        } else {
          od.setDouble(8L * i, doubles.apply(in.getDouble(8L * i)));
        }
        Bits.set(out.getValidityBuffer(), i);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  static EvaluationException overflow(String op, long x) {
    return new EvaluationException("int64 overflow in " + op + "(" + x + ")", "compute on doubles: cast(\"double\")");
  }
}
