package dev.partita.io.csv;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import dev.partita.io.IsoTime;

/**
 * Parses field bytes into values without making Strings. Inference and reading use these same
 * functions, so a value the sample accepted is read the same way. Hand-written because the JDK
 * parsers take Strings, and a String per field is what makes commons-csv 6x slower than the byte
 * tokenizer (benchmarks/RESULTS.md, "CSV reading"). Doubles go through fastdoubleparser.
 */
final class Values {

  /** Returned by {@link #parseLong} for malformed input; confirm with {@link #isMinLong}. */
  static final long BAD_LONG = Long.MIN_VALUE;

  private static final byte[] MIN_LONG = "-9223372036854775808".getBytes();

  private Values() {}

  /** Optional sign and 1-19 decimal digits; {@link #BAD_LONG} when malformed or out of range. */
  static long parseLong(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    if (len == 0) {
      return BAD_LONG;
    }
    boolean neg = false;
    byte first = b[i];
    if (first == '-' || first == '+') {
      neg = first == '-';
      if (++i == end) {
        return BAD_LONG;
      }
    }
    // Accumulate negatively, as Long.parseLong does, so Long.MIN_VALUE fits.
    long limit = neg ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long v = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || v < Long.MIN_VALUE / 10) {
        return BAD_LONG;
      }
      v *= 10;
      if (v < limit + d) {
        return BAD_LONG;
      }
      v -= d;
    }
    return neg ? v : -v;
  }

  /**
   * How many of the 8 bytes of {@code w} (little-endian, first byte lowest) are decimal digits
   * before the first other byte, 0-8. A byte is a digit when its high nibble is 3 and adding 6
   * keeps it so; a carry out of a byte only disturbs the bytes after it.
   */
  static int leadingDigits(long w) {
    long hi = (w & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L;
    long over = ((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L;
    return Long.numberOfTrailingZeros(hi | over) >>> 3;
  }

  /**
   * The value of the first {@code n} (1-7) bytes of {@code w}, all decimal digits: shifted so the
   * digits end at the top byte, then combined pairwise (2, 4, 8 digits) with three multiplies.
   */
  static long digitsValue(long w, int n) {
    long d = (w & 0x0F0F0F0F0F0F0F0FL) << ((8 - n) << 3);
    d = (d * 10 + (d >>> 8)) & 0x00FF00FF00FF00FFL;
    d = (d * 100 + (d >>> 16)) & 0x0000FFFF0000FFFFL;
    return (d * 10000 + (d >>> 32)) & 0xFFFFFFFFL;
  }

  /** True when the bytes spell Long.MIN_VALUE, the one valid value equal to {@link #BAD_LONG}. */
  static boolean isMinLong(byte[] b, int off, int len) {
    return java.util.Arrays.equals(b, off, off + len, MIN_LONG, 0, MIN_LONG.length);
  }

  /**
   * Java's double syntax minus what Double.valueOf also tolerates but a CSV value should not mean
   * a number: surrounding whitespace and the {@code d}/{@code f} type suffixes.
   *
   * @throws NumberFormatException when malformed
   */
  static double parseDouble(byte[] b, int off, int len) {
    if (len == 0) {
      throw new NumberFormatException("empty");
    }
    int last = b[off + len - 1] | 0x20;
    if (b[off] <= ' ' || last == 'd' || last == 'f' || b[off + len - 1] <= ' ') {
      throw new NumberFormatException("not a plain number");
    }
    double x = plainDecimal(b, off, len);
    return x == x ? x : JavaDoubleParser.parseDouble(b, off, len);
  }

  private static final double[] POW10D = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /**
   * {@code [-]digits[.digits]} with at most 15 digits and 22 after the point, else NaN. Both the
   * digits as an integer and the power of ten are exact doubles then, so one division is
   * correctly rounded (Clinger's fast path): the same double fastdoubleparser gives, without its
   * general machinery (v3-only read ~8% less CPU; benchmarks/RESULTS.md, "CSV reading").
   */
  private static double plainDecimal(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    boolean neg = b[i] == '-';
    if (neg) {
      i++;
    }
    long m = 0;
    int digits = 0;
    int dot = -1;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d >= 0 && d <= 9) {
        m = m * 10 + d;
        digits++;
      } else if (d == '.' - '0' && dot < 0) {
        dot = i;
      } else {
        return Double.NaN;
      }
    }
    int scale = dot < 0 ? 0 : end - dot - 1;
    if (digits == 0 || digits > 15 || scale > 22) {
      return Double.NaN;
    }
    double x = m / POW10D[scale];
    return neg ? -x : x;
  }

  /** 1 for true, 0 for false (any case), -1 otherwise. */
  static int parseBoolean(byte[] b, int off, int len) {
    if (len == 4 && (b[off] | 0x20) == 't' && (b[off + 1] | 0x20) == 'r'
        && (b[off + 2] | 0x20) == 'u' && (b[off + 3] | 0x20) == 'e') {
      return 1;
    }
    if (len == 5 && (b[off] | 0x20) == 'f' && (b[off + 1] | 0x20) == 'a'
        && (b[off + 2] | 0x20) == 'l' && (b[off + 3] | 0x20) == 's'
        && (b[off + 4] | 0x20) == 'e') {
      return 0;
    }
    return -1;
  }

  /** True when the value parses as {@code type}. */
  static boolean fits(CsvType type, byte[] b, int off, int len) {
    return switch (type.kind()) {
      case INT64 -> parseLong(b, off, len) != BAD_LONG || isMinLong(b, off, len);
      case FLOAT64 -> {
        try {
          parseDouble(b, off, len);
          yield true;
        } catch (NumberFormatException e) {
          yield false;
        }
      }
      case BOOLEAN -> parseBoolean(b, off, len) >= 0;
      case DATE -> IsoTime.parseDate(b, off, len) != IsoTime.BAD;
      case TIMESTAMP -> IsoTime.parseTimestamp(b, off, len) != IsoTime.BAD;
      case DECIMAL -> new DecimalParser(type.precision(), type.scale()).parse(b, off, len)
          == DecimalParser.OK;
      case STRING -> true;
    };
  }
}
