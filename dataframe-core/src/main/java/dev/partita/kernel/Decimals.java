package dev.partita.kernel;

import dev.partita.EvaluationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Kernels on decimals: Arrow Decimal128 vectors of unscaled integers (16 bytes little-endian per row), with
 * DuckDB's semantics: a cast or rescale to fewer digits rounds half away from zero, a value beyond the
 * result's precision is an error naming it, division goes to double.
 *
 * <p>A decimal of at most 18 digits ("narrow") is a long in the low 8 bytes of its slot, the high 8 bytes
 * its sign; the kernels read and write those longs, with no BigDecimal per row. Wider results (sums,
 * products of wide operands) are computed 128 bits wide, falling back to BigInteger only for a product
 * whose operands do not fit a long.
 *
 * <pre>{@code
 * try (DecimalVector cents = Decimals.rescale(price, 15, 4, allocator)) { ... }   // DECIMAL(15,2) -> (15,4)
 * }</pre>
 */
public final class Decimals {

  /** Digits a long always holds: a DECIMAL(p, s) with {@code p <= 18} is narrow. */
  public static final int LONG_DIGITS = 18;

  /** The most digits a decimal holds. */
  public static final int MAX_DIGITS = 38;

  private static final long[] POW10 = new long[19];
  private static final long[] POW10_HI = new long[39];
  private static final long[] POW10_LO = new long[39];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
    for (int i = 0; i < POW10_HI.length; i++) {
      BigInteger p = BigInteger.TEN.pow(i);
      POW10_LO[i] = p.longValue();
      POW10_HI[i] = p.shiftRight(64).longValue();
    }
  }

  private Decimals() {}

  /** {@code 10^n} for {@code 0 <= n <= 18}. */
  public static long pow10(int n) {
    return POW10[n];
  }

  /** The low 64 bits of row {@code i}: the value itself when the column is narrow. */
  public static long lo(ArrowBuf data, int i) {
    return data.getLong(16L * i);
  }

  /** The high 64 bits of row {@code i}: the sign of a narrow value. */
  public static long hi(ArrowBuf data, int i) {
    return data.getLong(16L * i + 8);
  }

  /** Writes a value that fits a long at row {@code i} (the high 8 bytes its sign); validity is the caller's. */
  public static void setLong(ArrowBuf data, int i, long v) {
    data.setLong(16L * i, v);
    data.setLong(16L * i + 8, v >> 63);
  }

  /** Writes the 128-bit value {@code (hi, lo)} at row {@code i}; validity is the caller's. */
  public static void set128(ArrowBuf data, int i, long hi, long lo) {
    data.setLong(16L * i, lo);
    data.setLong(16L * i + 8, hi);
  }

  /** Row {@code i} as an unscaled BigInteger (for the rare wide operands). */
  public static BigInteger big(ArrowBuf data, int i) {
    long lo = lo(data, i);
    long hi = hi(data, i);
    if (hi == lo >> 63) {
      return BigInteger.valueOf(lo);
    }
    return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
  }

  private static void setBig(ArrowBuf data, int i, BigInteger v) {
    set128(data, i, v.shiftRight(64).longValue(), v.longValue());
  }

  /** Sets rows {@code [0, n)} of {@code out} (allocated for them) to {@code value}, at the vector's scale. */
  public static void fill(DecimalVector out, BigDecimal value, int n) {
    BigInteger u = value.setScale(scale(out), RoundingMode.HALF_UP).unscaledValue();
    long hi = u.shiftRight(64).longValue();
    long lo = u.longValue();
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < n; i++) {
      set128(data, i, hi, lo);
      out.setIndexDefined(i);
    }
  }

  public static int precision(FieldVector v) {
    return ((ArrowType.Decimal) v.getField().getType()).getPrecision();
  }

  public static int scale(FieldVector v) {
    return ((ArrowType.Decimal) v.getField().getType()).getScale();
  }

  /** A new, all-null decimal vector of {@code n} rows. */
  public static DecimalVector allocate(String name, int precision, int scale, int n, BufferAllocator allocator) {
    DecimalVector out = new DecimalVector(name, allocator, precision, scale);
    out.allocateNew(Math.max(n, 1));
    return out;
  }

  /** Whether the 128-bit value {@code (hi, lo)} has fewer than {@code digits} digits. */
  public static boolean fits(long hi, long lo, int digits) {
    if (hi < 0) {
      lo = -lo;
      hi = lo == 0 ? -hi : ~hi;
      if (hi < 0) {
        return false;
      }
    }
    long ph = POW10_HI[digits];
    return hi < ph || (hi == ph && Long.compareUnsigned(lo, POW10_LO[digits]) < 0);
  }

  private static boolean fitsLong(long v, int digits) {
    return digits > LONG_DIGITS || (v < POW10[digits] && v > -POW10[digits]);
  }

  // ------------------------------------------------------------------ casts

  /** Decimals rescaled to DECIMAL(precision, scale): exact when the scale grows, else rounded half away from zero. */
  public static DecimalVector rescale(DecimalVector v, int precision, int scale, BufferAllocator allocator) {
    int n = v.getValueCount();
    int from = scale(v);
    DecimalVector out = allocate(v.getName(), precision, scale, n, allocator);
    try {
      ArrowBuf in = v.getDataBuffer();
      ArrowBuf od = out.getDataBuffer();
      boolean narrow = precision(v) <= LONG_DIGITS && precision <= LONG_DIGITS && Math.abs(scale - from) <= LONG_DIGITS;
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          continue;
        }
        if (narrow) {
          long x = lo(in, i);
          long r = scale >= from ? multiplyExact(x, POW10[scale - from], v, i) : divideRound(x, POW10[from - scale]);
          if (!fitsLong(r, precision)) {
            throw outOfRange(v, i, precision, scale);
          }
          setLong(od, i, r);
        } else {
          BigInteger r = new BigDecimal(big(in, i), from).setScale(scale, RoundingMode.HALF_UP).unscaledValue();
          if (r.abs().compareTo(BigInteger.TEN.pow(precision)) >= 0) {
            throw outOfRange(v, i, precision, scale);
          }
          setBig(od, i, r);
        }
        out.setIndexDefined(i);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static long multiplyExact(long x, long factor, DecimalVector v, int i) {
    long hi = Math.multiplyHigh(x, factor);
    long lo = x * factor;
    if (hi != lo >> 63) {
      throw outOfRange(v, i, LONG_DIGITS, scale(v));
    }
    return lo;
  }

  /** {@code x / unit} rounded half away from zero ({@code unit <= 10^18}, so twice a remainder fits). */
  static long divideRound(long x, long unit) {
    long q = x / unit;
    return 2 * Math.abs(x % unit) >= unit ? q + (x < 0 ? -1 : 1) : q;
  }

  private static EvaluationException outOfRange(DecimalVector v, int i, int precision, int scale) {
    return outOfRange(v.getObject(i).toPlainString(), precision, scale);
  }

  private static EvaluationException outOfRange(String value, int precision, int scale) {
    return new EvaluationException("casting value " + value + " to DECIMAL(" + precision + "," + scale
        + ") failed: value is out of range", "cast to a decimal with more digits, or to double");
  }

  /** Integers as DECIMAL(precision, scale). */
  public static DecimalVector fromLong(BigIntVector v, int precision, int scale, BufferAllocator allocator) {
    int n = v.getValueCount();
    DecimalVector out = allocate(v.getName(), precision, scale, n, allocator);
    try {
      ArrowBuf in = v.getDataBuffer();
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          continue;
        }
        long x = in.getLong(8L * i);
        BigInteger r = null;
        if (scale <= LONG_DIGITS) {
          long hi = Math.multiplyHigh(x, POW10[scale]);
          long lo = x * POW10[scale];
          if (fits(hi, lo, precision)) {
            set128(od, i, hi, lo);
            out.setIndexDefined(i);
            continue;
          }
        } else {
          r = BigInteger.valueOf(x).multiply(BigInteger.TEN.pow(scale));
        }
        if (r == null || r.abs().compareTo(BigInteger.TEN.pow(precision)) >= 0) {
          throw outOfRange(Long.toString(x), precision, scale);
        }
        setBig(od, i, r);
        out.setIndexDefined(i);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** Doubles as DECIMAL(precision, scale), rounded half away from zero from their exact binary value. */
  public static DecimalVector fromDouble(Float8Vector v, int precision, int scale, BufferAllocator allocator) {
    int n = v.getValueCount();
    DecimalVector out = allocate(v.getName(), precision, scale, n, allocator);
    try {
      ArrowBuf od = out.getDataBuffer();
      BigInteger limit = BigInteger.TEN.pow(precision);
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          continue;
        }
        double d = v.get(i);
        BigInteger r = Double.isFinite(d) ? new BigDecimal(d).setScale(scale, RoundingMode.HALF_UP).unscaledValue() : null;
        if (r == null || r.abs().compareTo(limit) >= 0) {
          throw new EvaluationException("could not cast value " + d + " to DECIMAL(" + precision + "," + scale + ")",
              "cast to a decimal with more digits, or keep it a double");
        }
        setBig(od, i, r);
        out.setIndexDefined(i);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Decimals as doubles, correctly rounded: a narrow value below 2^53 divides by an exact power of ten in one
   * IEEE operation; others go through BigDecimal.
   */
  public static Float8Vector toDouble(DecimalVector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    Float8Vector out = new Float8Vector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    int scale = scale(v);
    Bits.copyValidity(v, out.getValidityBuffer(), n);
    boolean dense = Bits.noNulls(v);
    for (int i = 0; i < n; i++) {
      if (dense || !v.isNull(i)) {
        od.setDouble(8L * i, toDouble(in, i, scale));
      }
    }
    out.setValueCount(n);
    return out;
  }

  /** Row {@code i} of a decimal column's data as a double, correctly rounded. */
  public static double toDouble(ArrowBuf data, int i, int scale) {
    long lo = lo(data, i);
    return hi(data, i) == lo >> 63 ? toDouble(lo, scale) : new BigDecimal(big(data, i), scale).doubleValue();
  }

  /** An unscaled value as a double, correctly rounded. */
  static double toDouble(long unscaled, int scale) {
    if (Math.abs(unscaled) < (1L << 53) && scale <= 22) {
      return scale == 0 ? unscaled : unscaled / DOUBLE_POW10[scale];
    }
    return BigDecimal.valueOf(unscaled, scale).doubleValue();
  }

  private static final double[] DOUBLE_POW10 = new double[23];

  static {
    for (int i = 0; i < DOUBLE_POW10.length; i++) {
      DOUBLE_POW10[i] = Double.parseDouble("1e" + i);
    }
  }

  /** Decimals as integers, rounded half away from zero (DuckDB's cast). */
  public static BigIntVector toLong(DecimalVector v, BufferAllocator allocator) {
    try (DecimalVector whole = rescale(v, MAX_DIGITS, 0, allocator)) {
      int n = v.getValueCount();
      BigIntVector out = new BigIntVector(v.getName(), allocator);
      out.allocateNew(Math.max(n, 1));
      ArrowBuf in = whole.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          long lo = lo(in, i);
          if (hi(in, i) != lo >> 63) {
            out.close();
            throw new EvaluationException("cannot cast " + v.getObject(i).toPlainString() + " to int64: out of range",
                "keep it a decimal, or cast to double");
          }
          out.set(i, lo);
        }
      }
      out.setValueCount(n);
      return out;
    }
  }

  /** A decimal's text as DuckDB casts it to VARCHAR: every digit of its scale, no exponent ({@code 12.30}). */
  static String text(ArrowBuf data, int i, int scale) {
    long lo = lo(data, i);
    if (hi(data, i) != lo >> 63 || lo == Long.MIN_VALUE) {
      return new BigDecimal(big(data, i), scale).toPlainString();
    }
    if (scale == 0) {
      return Long.toString(lo);
    }
    String digits = Long.toString(Math.abs(lo));
    if (digits.length() <= scale) {
      digits = "0".repeat(scale - digits.length() + 1) + digits;
    }
    int point = digits.length() - scale;
    return (lo < 0 ? "-" : "") + digits.substring(0, point) + "." + digits.substring(point);
  }

  /** Text read as DECIMAL(precision, scale), spaces around it ignored, extra digits rounded half away from zero. */
  public static DecimalVector parse(VarCharVector v, int precision, int scale, BufferAllocator allocator) {
    int n = v.getValueCount();
    DecimalVector out = allocate(v.getName(), precision, scale, n, allocator);
    try {
      ArrowBuf od = out.getDataBuffer();
      BigInteger limit = BigInteger.TEN.pow(precision);
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          continue;
        }
        String text = new String(v.get(i), StandardCharsets.UTF_8).strip();
        BigInteger r;
        try {
          r = new BigDecimal(text.startsWith("+") ? text.substring(1) : text).setScale(scale, RoundingMode.HALF_UP)
              .unscaledValue();
        } catch (NumberFormatException e) {
          r = null;
        }
        if (r == null || r.abs().compareTo(limit) >= 0) {
          throw new EvaluationException("could not convert string '" + text + "' to DECIMAL(" + precision + ","
              + scale + ")", "filter out such values first, or read the column as a string");
        }
        setBig(od, i, r);
        out.setIndexDefined(i);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------ arithmetic

  /**
   * {@code a op b} into DECIMAL(precision, scale): for + - and %, both operands already have the result's
   * scale; for * the scales add up to it. A result beyond the precision is an error, as DuckDB's overflow
   * checks (a product of two narrow decimals is narrow, DuckDB's rule, so its overflow is checked too).
   */
  public static DecimalVector arithmetic(ArithOp op, boolean mod, DecimalVector a, DecimalVector b, int precision,
      int scale, BufferAllocator allocator) {
    int n = a.getValueCount();
    DecimalVector out = allocate("arith", precision, scale, n, allocator);
    try {
      ArrowBuf x = a.getDataBuffer();
      ArrowBuf y = b.getDataBuffer();
      ArrowBuf od = out.getDataBuffer();
      Bits.andValidity(a, b, out, n);
      ArrowBuf valid = out.getValidityBuffer();
      boolean narrowIn = precision(a) <= LONG_DIGITS && precision(b) <= LONG_DIGITS;
      if (narrowIn && !mod) {
        // the hot path (money arithmetic): every row computed, null rows' slots included, validity copied
        // above a byte at a time; only a row that does not fit asks whether it is null
        for (int i = 0; i < n; i++) {
          long p = x.getLong(16L * i);
          long q = y.getLong(16L * i);
          long hi;
          long lo;
          if (op == ArithOp.MUL) {
            hi = Math.multiplyHigh(p, q);
            lo = p * q;
          } else {
            lo = op == ArithOp.PLUS ? p + q : p - q;
            hi = lo >> 63;
          }
          if (!fits(hi, lo, precision)) {
            if (Bits.isValid(valid, i)) {
              throw overflow(op, a, b, i, precision);
            }
            hi = 0;
            lo = 0;
          }
          set128(od, i, hi, lo);
        }
        out.setValueCount(n);
        return out;
      }
      for (int i = 0; i < n; i++) {
        if (!Bits.isValid(valid, i)) {
          continue;
        }
        if (mod) {
          if (lo(y, i) == 0 && hi(y, i) == 0) {
            throw new EvaluationException("division by zero in " + a.getObject(i) + " % " + b.getObject(i),
                "filter out zero divisors first");
          }
          if (narrowIn) {
            setLong(od, i, lo(x, i) % lo(y, i));
          } else {
            setBig(od, i, big(x, i).remainder(big(y, i)));
          }
        } else {
          BigInteger p = big(x, i);
          BigInteger q = big(y, i);
          BigInteger r = op == ArithOp.MUL ? p.multiply(q) : op == ArithOp.PLUS ? p.add(q) : p.subtract(q);
          if (r.bitLength() > 127 || !fits(r.shiftRight(64).longValue(), r.longValue(), precision)) {
            throw overflow(op, a, b, i, precision);
          }
          setBig(od, i, r);
        }
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * {@code v op s}, or {@code s op v} when {@code scalarLeft}, for a non-null scalar: {@link #arithmetic} with
   * the scalar at the scale that asks for (no {@code %}). A narrow vector and scalar go through one pass that
   * reads one buffer and writes the result; others go through a vector of the scalar. Broadcasting the
   * scalar first (TPC-H Q1's {@code 1 - l_discount}, {@code 1 + l_tax}) wrote and read a second 16-byte vector
   * per row, 17% of Q1's JFR samples in the two kernels (ExprBench.oneMinusDecimal*: 112M rows/s broadcast,
   * 327M kept a scalar).
   */
  public static DecimalVector arithmetic(ArithOp op, DecimalVector v, BigDecimal s, boolean scalarLeft,
      int precision, int scale, BufferAllocator allocator) {
    int n = v.getValueCount();
    BigInteger u = s.unscaledValue();
    if (precision(v) > LONG_DIGITS || u.bitLength() >= 63 || Math.abs(u.longValue()) >= POW10[LONG_DIGITS]) {
      try (DecimalVector c = allocate("literal", DecimalVector.MAX_PRECISION, s.scale(), n, allocator)) {
        fill(c, s, n);
        c.setValueCount(n);
        return scalarLeft ? arithmetic(op, false, c, v, precision, scale, allocator)
            : arithmetic(op, false, v, c, precision, scale, allocator);
      }
    }
    long k = u.longValue();
    DecimalVector out = allocate("arith", precision, scale, n, allocator);
    try {
      ArrowBuf x = v.getDataBuffer();
      ArrowBuf od = out.getDataBuffer();
      ArrowBuf valid = out.getValidityBuffer();
      Bits.copyValidity(v, valid, n);
      for (int i = 0; i < n; i++) {
        long p = x.getLong(16L * i);
        long hi;
        long lo;
        if (op == ArithOp.MUL) {
          hi = Math.multiplyHigh(p, k);
          lo = p * k;
        } else {
          lo = op == ArithOp.PLUS ? p + k : scalarLeft ? k - p : p - k;
          hi = lo >> 63;
        }
        if (!fits(hi, lo, precision)) {
          if (Bits.isValid(valid, i)) {
            Object value = v.getObject(i);
            throw overflow(op, scalarLeft ? s : value, scalarLeft ? value : s, precision);
          }
          hi = 0;
          lo = 0;
        }
        set128(od, i, hi, lo);
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static EvaluationException overflow(ArithOp op, DecimalVector a, DecimalVector b, int i, int precision) {
    return overflow(op, a.getObject(i), b.getObject(i), precision);
  }

  private static EvaluationException overflow(ArithOp op, Object a, Object b, int precision) {
    String what = op == ArithOp.MUL ? "multiplication" : op == ArithOp.PLUS ? "addition" : "subtraction";
    return new EvaluationException("overflow in " + what + " of DECIMAL(" + precision + ") (" + a
        + " " + op.symbol() + " " + b + ")", "cast an operand to a decimal with more digits, or to double");
  }

  /** {@code -v} ({@code negate}) or {@code abs(v)}, of the same type. */
  public static DecimalVector negateOrAbs(DecimalVector v, boolean abs, BufferAllocator allocator) {
    int n = v.getValueCount();
    DecimalVector out = allocate(v.getName(), precision(v), scale(v), n, allocator);
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      long lo = lo(in, i);
      long hi = hi(in, i);
      if (!abs || hi < 0) {
        lo = -lo;
        hi = lo == 0 ? -hi : ~hi;
      }
      set128(od, i, hi, lo);
      out.setIndexDefined(i);
    }
    out.setValueCount(n);
    return out;
  }

  /**
   * {@code round(v, digits)}: half away from zero, into DECIMAL(p, max(digits, 0)) when {@code digits} is
   * below the scale (a negative count rounds to tens, hundreds...), else unchanged.
   */
  public static DecimalVector round(DecimalVector v, int digits, BufferAllocator allocator) {
    int scale = scale(v);
    int precision = precision(v);
    if (digits >= scale) {
      return rescale(v, precision, scale, allocator);
    }
    if (digits >= 0) {
      return rescale(v, precision, digits, allocator);
    }
    int n = v.getValueCount();
    DecimalVector out = allocate(v.getName(), precision, 0, n, allocator);
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    BigInteger unit = BigInteger.TEN.pow(-digits);
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        // one rounding, from every digit of the value: 2249.50 to hundreds is 2200
        BigInteger r = new BigDecimal(big(in, i), scale).movePointLeft(-digits).setScale(0, RoundingMode.HALF_UP)
            .toBigInteger().multiply(unit);
        if (r.abs().compareTo(BigInteger.TEN.pow(precision)) >= 0) {
          out.close();
          throw outOfRange(v, i, precision, 0);
        }
        setBig(od, i, r);
        out.setIndexDefined(i);
      }
    }
    out.setValueCount(n);
    return out;
  }

  // ------------------------------------------------------------------ comparisons

  /** {@code a op b} for two decimal vectors of one scale. */
  public static BitVector compare(CmpOp op, DecimalVector a, DecimalVector b, BufferAllocator allocator) {
    int n = a.getValueCount();
    BitVector out = Bits.newBits("cmp", n, allocator);
    Bits.andValidity(a, b, out, n);
    ArrowBuf x = a.getDataBuffer();
    ArrowBuf y = b.getDataBuffer();
    ArrowBuf data = out.getDataBuffer();
    int mask = op.mask();
    boolean narrow = precision(a) <= LONG_DIGITS && precision(b) <= LONG_DIGITS;
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        int c = narrow ? index(lo(x, i), lo(y, i)) : compare128(hi(x, i), lo(x, i), hi(y, i), lo(y, i)) + 1;
        word |= Compare.bit(mask, c, i);
      }
      Bits.putWord(data, w, word, n);
    }
    return out;
  }

  /** {@code a op s} for a non-null scalar already at {@code a}'s scale. */
  public static BitVector compare(CmpOp op, DecimalVector a, BigDecimal s, BufferAllocator allocator) {
    BigInteger u = s.unscaledValue();
    if (precision(a) <= LONG_DIGITS && u.bitLength() < 63) {
      long v = u.longValue();
      return narrowCompare(op.mask(), a, v, v + 1, allocator);
    }
    int n = a.getValueCount();
    BitVector out = Bits.newBits("cmp", n, allocator);
    Bits.andValidity(a, a, out, n);
    ArrowBuf x = a.getDataBuffer();
    ArrowBuf data = out.getDataBuffer();
    long sh = u.shiftRight(64).longValue();
    long sl = u.longValue();
    for (int i = 0; i < n; i++) {
      if (op.test(compare128(hi(x, i), lo(x, i), sh, sl))) {
        Bits.set(data, i);
      }
    }
    return out;
  }

  /**
   * {@code a op s} for a decimal vector of at most 18 digits against a double, as if each value were first
   * converted by {@link #toDouble(ArrowBuf, int, int)} (DuckDB compares a decimal with a double as doubles) but
   * without converting a row: the conversion rounds correctly, so it never decreases as the unscaled value
   * grows, and the values below, equal to and above {@code s} are three runs of unscaled values whose bounds
   * are found once by bisection. TPC-H Q6's {@code l_discount >= 0.05}: see ExprBench.compareDecimalDouble.
   */
  public static BitVector compare(CmpOp op, DecimalVector a, double s, BufferAllocator allocator) {
    if (precision(a) > LONG_DIGITS) {
      throw new IllegalArgumentException("a decimal of " + precision(a) + " digits compares with a double"
          + " after conversion (Decimals.toDouble)");
    }
    int scale = scale(a);
    return narrowCompare(op.mask(), a, firstReaching(s, scale, false), firstReaching(s, scale, true), allocator);
  }

  /**
   * The least unscaled value (of at most 18 digits, or 10^18 when none) whose double is at least {@code s},
   * or above it when {@code above}; no value reaches NaN.
   */
  static long firstReaching(double s, int scale, boolean above) {
    long low = -POW10_LO[LONG_DIGITS];
    long high = POW10_LO[LONG_DIGITS];
    while (low < high) {
      long mid = low + (high - low) / 2;
      double d = toDouble(mid, scale);
      if (above ? d > s : d >= s) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** Narrow values against bounds: below {@code atLeast} is below, from {@code above} on is above. */
  private static BitVector narrowCompare(int mask, DecimalVector a, long atLeast, long above,
      BufferAllocator allocator) {
    int n = a.getValueCount();
    BitVector out = Bits.newBits("cmp", n, allocator);
    Bits.andValidity(a, a, out, n);
    ArrowBuf x = a.getDataBuffer();
    ArrowBuf data = out.getDataBuffer();
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = 0;
      for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
        long e = lo(x, i);
        word |= Compare.bit(mask, (e >= atLeast ? 1 : 0) + (e >= above ? 1 : 0), i);
      }
      Bits.putWord(data, w, word, n);
    }
    return out;
  }

  /** Below (0), equal (1) or above (2), without branches. */
  private static int index(long a, long b) {
    return (a >= b ? 1 : 0) + (a > b ? 1 : 0);
  }

  /** Orders two signed 128-bit integers. */
  public static int compare128(long ah, long al, long bh, long bl) {
    int c = Long.compare(ah, bh);
    return c != 0 ? c : Long.compareUnsigned(al, bl);
  }
}
