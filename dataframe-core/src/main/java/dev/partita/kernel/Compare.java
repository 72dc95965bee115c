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

  /**
   * {@code a op1 s1 AND a op2 s2} (scalars as in {@link #vectorScalar}) in one pass over {@code a}: a range such
   * as TPC-H Q6's {@code l_shipdate >= d1 AND l_shipdate < d2} reads the column once instead of twice and needs no
   * third pass to combine. Dates, int64, timestamps and decimals of up to 18 digits (against a decimal of their
   * scale or a double); other types compare twice and combine.
   */
  public static BitVector vectorScalars(CmpOp op1, Object s1, CmpOp op2, Object s2, FieldVector a,
      BufferAllocator allocator) {
    long[] first = bounds(a, s1);
    long[] second = first == null ? null : bounds(a, s2);
    if (second == null) {
      try (BitVector x = vectorScalar(op1, a, s1, allocator); BitVector y = vectorScalar(op2, a, s2, allocator)) {
        return Logic.and(x, y, allocator);
      }
    }
    int n = a.getValueCount();
    BitVector out = Bits.newBits("cmp", n, allocator);
    ArrowBuf data = out.getDataBuffer();
    Bits.copyValidity(a, out.getValidityBuffer(), n);
    ArrowBuf x = a.getDataBuffer();
    int width = a instanceof DateDayVector ? 4 : a instanceof DecimalVector ? 16 : 8;
    long[] in1 = interval(op1, first);
    long[] in2 = interval(op2, second);
    if (in1 != null && in2 != null) {
      long lo = Math.max(in1[0], in2[0]);
      long hi = Math.min(in1[1], in2[1]);
      if (lo <= hi) {
        within(x, width, lo, hi, data, n);
      }
      return out;
    }
    long a1 = first[0];
    long b1 = first[1];
    long a2 = second[0];
    long b2 = second[1];
    int m1 = op1.mask();
    int m2 = op2.mask();
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        long e = width == 4 ? x.getInt(4L * i) : x.getLong((long) width * i);
        word |= bit(m1, (e >= a1 ? 1 : 0) + (e > b1 ? 1 : 0), i) & bit(m2, (e >= a2 ? 1 : 0) + (e > b2 ? 1 : 0), i);
      }
      Bits.putWord(data, w, word, n);
    }
    return out;
  }

  /**
   * The values (read as longs) for which {@code op} against a scalar with {@code bounds} holds, as an inclusive
   * interval {@code [lo, hi]} (empty when {@code lo > hi}); null for {@code NE}, which is not one.
   */
  private static long[] interval(CmpOp op, long[] bounds) {
    long a = bounds[0];
    long b = bounds[1];
    return switch (op) {
      case GE -> new long[] {a, Long.MAX_VALUE};
      case GT -> b == Long.MAX_VALUE ? new long[] {1, 0} : new long[] {b + 1, Long.MAX_VALUE};
      case LE -> new long[] {Long.MIN_VALUE, b};
      case LT -> a == Long.MIN_VALUE ? new long[] {1, 0} : new long[] {Long.MIN_VALUE, a - 1};
      case EQ -> new long[] {a, b};
      default -> null;
    };
  }

  /**
   * Sets the bits of the values in {@code [lo, hi]}: one unsigned comparison of {@code e - lo} with
   * {@code hi - lo} per row, where the two three-way comparisons took about twice as long (ExprBench.range*).
   */
  private static void within(ArrowBuf x, int width, long lo, long hi, ArrowBuf data, int n) {
    if (width == 4) {
      if (lo <= Integer.MAX_VALUE && hi >= Integer.MIN_VALUE) {
        withinInts(x, (int) Math.max(lo, Integer.MIN_VALUE), (int) Math.min(hi, Integer.MAX_VALUE), data, n);
      }
      return;
    }
    long span = hi - lo + Long.MIN_VALUE;
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        word |= (x.getLong((long) width * i) - lo + Long.MIN_VALUE <= span ? 1L : 0L) << i;
      }
      Bits.putWord(data, w, word, n);
    }
  }

  /**
   * {@link #within} for int values, {@code lo <= hi}: in long arithmetic, where {@code e - lo} and
   * {@code hi - e} cannot overflow, a row is in range when neither is negative, read from their sign bits
   * without a comparison (ExprBench.rangeDateOnePass: 444M rows/s with an unsigned comparison, see RESULTS.md).
   */
  private static void withinInts(ArrowBuf x, int lo, int hi, ArrowBuf data, int n) {
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        long e = x.getInt(4L * i);
        word |= (~((e - lo) | (hi - e)) >>> 63) << i;
      }
      Bits.putWord(data, w, word, n);
    }
  }

  /**
   * A scalar as two bounds {@code (lo, hi)} on the values read as longs (a decimal's unscaled value): a value
   * is below the scalar when under {@code lo}, above it when over {@code hi}, else equal; null when the pair
   * of types is not one {@link #vectorScalars} reads as longs.
   */
  private static long[] bounds(FieldVector a, Object s) {
    if (a instanceof DateDayVector && s instanceof Integer v) {
      return new long[] {v, v};
    }
    if ((a instanceof BigIntVector || a instanceof TimeStampMicroVector) && s instanceof Long v) {
      return new long[] {v, v};
    }
    if (a instanceof DecimalVector x && Decimals.precision(x) <= Decimals.LONG_DIGITS) {
      if (s instanceof BigDecimal d && d.unscaledValue().bitLength() < 63) {
        long v = d.unscaledValue().longValue();
        return new long[] {v, v};
      }
      if (s instanceof Double d) {
        int scale = Decimals.scale(x);
        return new long[] {Decimals.firstReaching(d, scale, false), Decimals.firstReaching(d, scale, true) - 1};
      }
    }
    return null;
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
