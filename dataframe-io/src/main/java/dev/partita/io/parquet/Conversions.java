package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Physical values to Arrow slots that are not a plain copy: big-endian decimals and INT96. */
final class Conversions {

  /** Julian day number of 1970-01-01. */
  static final int EPOCH_JULIAN_DAY = 2_440_588;
  static final long MICROS_PER_DAY = 86_400_000_000L;

  private Conversions() {}

  /** An INT96 timestamp (nanoseconds of the day, Julian day) as microseconds since the epoch. */
  static long int96Micros(long nanosOfDay, int julianDay) {
    return (julianDay - (long) EPOCH_JULIAN_DAY) * MICROS_PER_DAY + Math.floorDiv(nanosOfDay, 1000);
  }

  /**
   * Writes the big-endian two's-complement integer {@code b[pos, pos + len)} as the low and high
   * words of a 128-bit integer into {@code out[at], out[at + 1]}.
   *
   * @throws ArithmeticException when it does not fit in 128 bits
   */
  static void bigEndian128(ByteBuffer b, int pos, int len, long[] out, int at) {
    long lo = bigEndianLow(b, pos, len);
    out[at] = lo;
    out[at + 1] = len <= 8 ? lo >> 63 : bigEndianHigh(b, pos, len);
  }

  /** The low 64 bits of the big-endian two's-complement integer {@code b[pos, pos + len)}. */
  static long bigEndianLow(ByteBuffer b, int pos, int len) {
    return len >= 8 ? low(b, pos + len - 8, 8) : low(b, pos, len);
  }

  /**
   * The high 64 bits of the big-endian two's-complement integer {@code b[pos, pos + len)} as a
   * 128-bit integer, for {@code len > 8}.
   *
   * @throws ArithmeticException when it does not fit in 128 bits
   */
  static long bigEndianHigh(ByteBuffer b, int pos, int len) {
    if (len > 16) {
      checkSignExtension(b, pos, len, 16);
      pos += len - 16;
      len = 16;
    }
    return low(b, pos, len - 8);
  }

  /** {@code len <= 8} big-endian bytes, sign-extended. */
  private static long low(ByteBuffer b, int pos, int len) {
    if (len == 8) {
      long v = b.getLong(pos);
      return b.order() == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
    }
    if (len == 0) {
      return 0;
    }
    long v = b.get(pos);
    for (int i = 1; i < len; i++) {
      v = v << 8 | (b.get(pos + i) & 0xFF);
    }
    return v;
  }

  /** Checks that the {@code len}-byte integer at {@code pos} fits in its last {@code keep}. */
  private static void checkSignExtension(ByteBuffer b, int pos, int len, int keep) {
    byte sign = (byte) (b.get(pos + len - keep) >> 7);
    for (int i = 0; i < len - keep; i++) {
      if (b.get(pos + i) != sign) {
        throw new ArithmeticException("a " + len + "-byte decimal value does not fit in " + keep
            + " bytes");
      }
    }
  }
}
