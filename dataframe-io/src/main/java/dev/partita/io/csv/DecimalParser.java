package dev.partita.io.csv;

import java.math.BigInteger;

/**
 * Parses decimal text from bytes into its unscaled 128-bit integer at one precision and scale,
 * without a String or BigDecimal: an optional sign, digits with an optional point (at least one
 * digit), and an optional exponent ({@code -12.5}, {@code +.5}, {@code 7.}, {@code 1.5e3}), as
 * DuckDB's cast from text accepts them. Fraction digits past the scale are rounded half away from
 * zero, as DuckDB does. An exponent is applied exactly, to the mantissa's every digit; DuckDB 2.0's
 * cast is not exact there ({@code 0.05e-3} is 0.01 in {@code DECIMAL(9, 2)}, {@code .5e2} is 50 in
 * {@code DECIMAL(1, 0)}, {@code -0.005e2} is refused by {@code DECIMAL(2, 2)}, and a mantissa
 * wider than the type is refused whatever the exponent). Up to 18 digits accumulate in a long;
 * wider values (precision above 18) continue in two words.
 */
final class DecimalParser {

  static final int OK = 0;
  /** Not a sign, digits and a point. */
  static final int MALFORMED = 1;
  /** Well formed, but it needs more digits before the point than the precision leaves. */
  static final int TOO_WIDE = 2;

  /**
   * Exponents are clamped to this, so that positions cannot overflow an int: a mantissa shorter
   * than this many digits times 10^-MAX_EXPONENT rounds to zero at every scale, and any non-zero
   * mantissa times 10^MAX_EXPONENT overflows every precision.
   */
  private static final int MAX_EXPONENT = 100_000_000;
  /** Digits that always fit a long: 10^18 - 1 < 2^63. */
  private static final int LONG_DIGITS = 18;
  /** 10^p for p up to 38, as high and low words. */
  private static final long[] POW10_HI = new long[CsvType.MAX_PRECISION + 1];
  private static final long[] POW10_LO = new long[CsvType.MAX_PRECISION + 1];

  static {
    for (int p = 0; p <= CsvType.MAX_PRECISION; p++) {
      BigInteger x = BigInteger.TEN.pow(p);
      POW10_LO[p] = x.longValue();
      POW10_HI[p] = x.shiftRight(64).longValue();
    }
  }

  private final int precision;
  private final int scale;
  /** After {@link #OK}: the unscaled value's low and high 64 bits, two's complement. */
  long lo;
  long hi;
  /** Digits accumulated into the current value so far. */
  private int digits;

  DecimalParser(int precision, int scale) {
    this.precision = precision;
    this.scale = scale;
  }

  /** Parses {@code b[off, off + len)} into {@link #lo} and {@link #hi}. */
  int parse(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    boolean neg = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      neg = b[i] == '-';
      i++;
    }
    int intStart = i;
    i = skipDigits(b, i, end);
    int nInt = i - intStart;
    int fracStart = i;
    int nFrac = 0;
    if (i < end && b[i] == '.') {
      fracStart = ++i;
      i = skipDigits(b, i, end);
      nFrac = i - fracStart;
    }
    if (nInt + nFrac == 0) {
      return MALFORMED;
    }
    int exp = 0;
    if (i < end && (b[i] | 0x20) == 'e') {
      i++;
      boolean negExp = i < end && b[i] == '-';
      if (i < end && (b[i] == '-' || b[i] == '+')) {
        i++;
      }
      int expStart = i;
      for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
        exp = Math.min(exp * 10 + b[i] - '0', MAX_EXPONENT);
      }
      if (i == expStart) {
        return MALFORMED;
      }
      exp = negExp ? -exp : exp;
    }
    if (i != end) {
      return MALFORMED;
    }
    int room = precision - scale;
    lo = 0;
    hi = 0;
    digits = 0;
    // The mantissa's digits as one string with the point after `point` of them; a digit outside
    // the string is a zero.
    int total = nInt + nFrac;
    int point = nInt + exp;
    int before = 0;
    for (int k = 0; k < point; k++) {
      if (k >= total && before == 0) {
        break;
      }
      int d = digit(b, k, total, nInt, intStart, fracStart);
      if (before == 0 && d == 0) {
        continue;
      }
      if (++before > room) {
        return TOO_WIDE;
      }
      append(d);
    }
    for (int k = point; k < point + scale; k++) {
      append(digit(b, k, total, nInt, intStart, fracStart));
    }
    if (digit(b, point + scale, total, nInt, intStart, fracStart) >= 5 && ++lo == 0) {
      hi++;
    }
    if (hi > POW10_HI[precision]
        || hi == POW10_HI[precision] && Long.compareUnsigned(lo, POW10_LO[precision]) >= 0) {
      return TOO_WIDE;
    }
    if (neg) {
      lo = -lo;
      hi = lo == 0 ? -hi : ~hi;
    }
    return OK;
  }

  private static int skipDigits(byte[] b, int i, int end) {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /** Digit {@code k} of the mantissa's {@code total} digits, 0 outside them. */
  private static int digit(byte[] b, int k, int total, int nInt, int intStart, int fracStart) {
    if (k < 0 || k >= total) {
      return 0;
    }
    return b[k < nInt ? intStart + k : fracStart + k - nInt] - '0';
  }

  /** The value so far times ten plus {@code d}: in the low word while it has at most 18 digits. */
  private void append(int d) {
    if (++digits <= LONG_DIGITS) {
      lo = lo * 10 + d;
      return;
    }
    long l = lo;
    long carry = Math.multiplyHigh(l, 10) + (l >> 63 & 10);
    long times10 = l * 10;
    lo = times10 + d;
    if (Long.compareUnsigned(lo, times10) < 0) {
      carry++;
    }
    hi = hi * 10 + carry;
  }
}
