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
 * (epoch microseconds) compare with their own kind, decimals with decimals of one scale. Other types are
 * widened by {@link Cast} first.
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
      ArrowBuf x = a.getDataBuffer();
      ArrowBuf y = b.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!a.isNull(i) && !b.isNull(i)) {
          Bits.set(validity, i);
          if (op.test(Long.compare(x.getLong(8L * i), y.getLong(8L * i)))) {
            Bits.set(data, i);
          }
        }
      }
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
      DateDayVector x = (DateDayVector) a;
      DateDayVector y = (DateDayVector) b;
      for (int i = 0; i < n; i++) {
        if (!a.isNull(i) && !b.isNull(i)) {
          Bits.set(validity, i);
          if (op.test(Integer.compare(x.get(i), y.get(i)))) {
            Bits.set(data, i);
          }
        }
      }
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
    int n = a.getValueCount();
    BitVector out = Bits.newBits("cmp", n, allocator);
    ArrowBuf data = out.getDataBuffer();
    Bits.copyValidity(a, out.getValidityBuffer(), n);
    boolean dense = Bits.noNulls(a);
    // The numeric cases build 64 result bits in a register and store them as one word, with the operator
    // as a bit mask: setting bits one at a time was most of TPC-H Q6's filter time.
    int mask = op.mask();
    if ((a instanceof BigIntVector || a instanceof TimeStampMicroVector) && s instanceof Long) {
      long v = (Long) s;
      ArrowBuf x = a.getDataBuffer();
      for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
        long word = 0;
        for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
          word |= (long) ((mask >>> (Long.compare(x.getLong(8L * i), v) + 1)) & 1) << i;
        }
        Bits.putWord(data, w, word, n);
      }
    } else if ((a instanceof Float8Vector || a instanceof BigIntVector) && s instanceof Number) {
      double v = ((Number) s).doubleValue();
      boolean longs = a instanceof BigIntVector;
      ArrowBuf x = a.getDataBuffer();
      // Against a number (not NaN), a value is below, equal (-0.0 equals 0.0) or else above: NaN sorts last.
      int less = mask & 1;
      int equal = (mask >>> 1) & 1;
      int greater = mask >>> 2;
      boolean nan = Double.isNaN(v);
      for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
        long word = 0;
        for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
          double d = longs ? (double) x.getLong(8L * i) : x.getDouble(8L * i);
          int bit = nan
              ? (mask >>> (Integer.signum(Numeric.compare(d, v)) + 1)) & 1
              : ((d < v ? 1 : 0) & less) | ((d == v ? 1 : 0) & equal) | ((d < v || d == v ? 0 : 1) & greater);
          word |= (long) bit << i;
        }
        Bits.putWord(data, w, word, n);
      }
    } else if (a instanceof DateDayVector && s instanceof Integer) {
      int v = (Integer) s;
      ArrowBuf x = a.getDataBuffer();
      for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
        long word = 0;
        for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
          word |= (long) ((mask >>> (Integer.compare(x.getInt(4L * i), v) + 1)) & 1) << i;
        }
        Bits.putWord(data, w, word, n);
      }
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

  static IllegalArgumentException unsupported(FieldVector a, FieldVector b) {
    return new IllegalArgumentException("cannot compare " + a.getField().getType() + " with "
        + b.getField().getType());
  }
}
