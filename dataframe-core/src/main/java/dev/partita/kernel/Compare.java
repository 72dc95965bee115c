package dev.partita.kernel;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Comparison kernels producing a boolean vector with SQL nulls: a row is null when either operand
 * is null. Integers against doubles compare as doubles; strings compare by UTF-8 bytes (code point
 * order); doubles order as DuckDB's (NaN equal to NaN and above every number, -0.0 equal to 0.0); dates (epoch days) and timestamps
 * (epoch microseconds) compare with their own kind, decimals with decimals of one scale and (up to 18 digits)
 * with a double scalar as doubles. Other types are widened by {@link Cast} first.
 *
 * <pre>{@code
 * try (BitVector adults = Compare.vectorScalar(CmpOp.GE, age, 18L, allocator)) { ... }
 * }</pre>
 */
public final class Compare {

  private Compare() {}

  /** {@code a op b} row by row; both vectors have the same row count. */
  public static BitVector vectorVector(CmpOp op, FieldVector a, FieldVector b, BufferAllocator allocator) {
    if (a instanceof DecimalVector x && b instanceof DecimalVector y) {
      return Decimals.compare(op, x, y, allocator);
    }
    int n = a.getValueCount();
    BitVector out = Bits.newBits("cmp", n, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    if (a instanceof BigIntVector && b instanceof BigIntVector
        || a instanceof TimeStampMicroVector && b instanceof TimeStampMicroVector) {
      Bits.andValidity(a, b, out, n);
      longs(op.mask(), a.getDataBuffer(), b.getDataBuffer(), data, n);
    } else if (Numeric.isNumeric(a) && Numeric.isNumeric(b)) {
      for (int i = 0; i < n; i++) {
        if (!a.isNull(i) && !b.isNull(i)) {
          Bits.set(validity, i);
          if (op.test(Numeric.compare(Numeric.asDouble(a, i), Numeric.asDouble(b, i)))) {
            Bits.set(data, i);
          }
        }
      }
    } else if (a instanceof VarCharVector && b instanceof VarCharVector) {
      VarCharVector x = (VarCharVector) a;
      VarCharVector y = (VarCharVector) b;
      for (int i = 0; i < n; i++) {
        if (!a.isNull(i) && !b.isNull(i)) {
          Bits.set(validity, i);
          if (op.test(Strings.compare(x, i, y, i))) {
            Bits.set(data, i);
          }
        }
      }
    } else if (a instanceof BitVector && b instanceof BitVector) {
      BitVector x = (BitVector) a;
      BitVector y = (BitVector) b;
      for (int i = 0; i < n; i++) {
        if (!a.isNull(i) && !b.isNull(i)) {
          Bits.set(validity, i);
          if (op.test(Integer.compare(x.get(i), y.get(i)))) {
            Bits.set(data, i);
          }
        }
      }
    } else if (a instanceof DateDayVector && b instanceof DateDayVector) {
      Bits.andValidity(a, b, out, n);
      ints(op.mask(), a.getDataBuffer(), b.getDataBuffer(), data, n);
    } else {
      out.close();
      throw unsupported(a, b);
    }
    return out;
  }

  /**
   * {@code a op s} for a non-null scalar: a Long or Double (numbers), a BigDecimal at a decimal vector's
   * scale, String, Boolean, Integer days since the epoch (dates) or Long microseconds since the epoch
   * (timestamps).
   */
  public static BitVector vectorScalar(CmpOp op, FieldVector a, Object s, BufferAllocator allocator) {
    if (a instanceof DecimalVector x && s instanceof BigDecimal d) {
      return Decimals.compare(op, x, d, allocator);
    }
    if (a instanceof DecimalVector x && s instanceof Double d && Decimals.precision(x) <= Decimals.LONG_DIGITS) {
      return Decimals.compare(op, x, d.doubleValue(), allocator);
    }
    int n = a.getValueCount();
    BitVector out = Bits.newBits("cmp", n, allocator);
    ArrowBuf data = out.getDataBuffer();
    Bits.copyValidity(a, out.getValidityBuffer(), n);
    boolean dense = Bits.noNulls(a);
    // The numeric cases build 64 result bits in a register and store them as one word, with the operator as a
    // bit mask indexed by below/equal/above: setting bits one at a time was most of TPC-H Q6's filter time.
    // Each type has its own loop (its own compiled code and profile), and the index is two 0/1 comparisons
    // rather than Long.compare's three-way branches, which mispredict on unsorted data: int64 against a
    // scalar 170M -> see ExprBench.
    int mask = op.mask();
    if ((a instanceof BigIntVector || a instanceof TimeStampMicroVector) && s instanceof Long) {
      longs(mask, a.getDataBuffer(), (Long) s, data, n);
    } else if ((a instanceof Float8Vector || a instanceof BigIntVector) && s instanceof Number) {
      double v = ((Number) s).doubleValue();
      if (a instanceof BigIntVector) {
        longsAsDoubles(mask, a.getDataBuffer(), v, data, n);
      } else {
        doubles(mask, a.getDataBuffer(), v, data, n);
      }
    } else if (a instanceof DateDayVector && s instanceof Integer) {
      ints(mask, a.getDataBuffer(), (Integer) s, data, n);
    } else if (a instanceof VarCharVector && s instanceof String) {
      byte[] v = ((String) s).getBytes(StandardCharsets.UTF_8);
      VarCharVector x = (VarCharVector) a;
      for (int i = 0; i < n; i++) {
        if ((dense || !a.isNull(i)) && op.test(Strings.compare(x, i, v))) {
          Bits.set(data, i);
        }
      }
    } else if (a instanceof BitVector && s instanceof Boolean) {
      int v = (Boolean) s ? 1 : 0;
      BitVector x = (BitVector) a;
      for (int i = 0; i < n; i++) {
        if ((dense || !a.isNull(i)) && op.test(Integer.compare(x.get(i), v))) {
          Bits.set(data, i);
        }
      }
    } else {
      out.close();
      throw new IllegalArgumentException("cannot compare " + a.getField().getType() + " with "
          + s.getClass().getSimpleName() + " value " + s);
    }
    return out;
  }

  /** Bit {@code i} of the result: {@code mask}'s bit for below (0), equal (1) or above (2). */
  static long bit(int mask, int index, int i) {
    return (long) ((mask >>> index) & 1) << i;
  }

  private static void longs(int mask, ArrowBuf x, long v, ArrowBuf data, int n) {
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        long e = x.getLong(8L * i);
        word |= bit(mask, (e >= v ? 1 : 0) + (e > v ? 1 : 0), i);
      }
      Bits.putWord(data, w, word, n);
    }
  }

  private static void ints(int mask, ArrowBuf x, int v, ArrowBuf data, int n) {
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        int e = x.getInt(4L * i);
        word |= bit(mask, (e >= v ? 1 : 0) + (e > v ? 1 : 0), i);
      }
      Bits.putWord(data, w, word, n);
    }
  }

  private static void longs(int mask, ArrowBuf x, ArrowBuf y, ArrowBuf data, int n) {
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        long e = x.getLong(8L * i);
        long f = y.getLong(8L * i);
        word |= bit(mask, (e >= f ? 1 : 0) + (e > f ? 1 : 0), i);
      }
      Bits.putWord(data, w, word, n);
    }
  }

  private static void ints(int mask, ArrowBuf x, ArrowBuf y, ArrowBuf data, int n) {
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        int e = x.getInt(4L * i);
        int f = y.getInt(4L * i);
        word |= bit(mask, (e >= f ? 1 : 0) + (e > f ? 1 : 0), i);
      }
      Bits.putWord(data, w, word, n);
    }
  }

  /** Doubles in DuckDB's order: -0.0 equals 0.0, NaN equals NaN and is above every number. */
  private static void doubles(int mask, ArrowBuf x, double v, ArrowBuf data, int n) {
    boolean nan = Double.isNaN(v);
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        double d = x.getDouble(8L * i);
        // against a number: below, equal, or else above (NaN included); against NaN: NaN equal, numbers below
        int index = nan ? (d != d ? 1 : 0) : 2 - 2 * (d < v ? 1 : 0) - (d == v ? 1 : 0);
        word |= bit(mask, index, i);
      }
      Bits.putWord(data, w, word, n);
    }
  }

  private static void longsAsDoubles(int mask, ArrowBuf x, double v, ArrowBuf data, int n) {
    boolean nan = Double.isNaN(v);
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        double d = x.getLong(8L * i);
        word |= bit(mask, nan ? 0 : 2 - 2 * (d < v ? 1 : 0) - (d == v ? 1 : 0), i);
      }
      Bits.putWord(data, w, word, n);
    }
  }

  static IllegalArgumentException unsupported(FieldVector a, FieldVector b) {
    return new IllegalArgumentException("cannot compare " + a.getField().getType() + " with "
        + b.getField().getType());
  }
}
