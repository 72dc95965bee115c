package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Unscaled decimals written straight into a DecimalVector's data buffer: each 16-byte slot holds
 * the low word, then the high word (for a value that fits 64 bits, its sign extension
 * {@code value >> 63}), little-endian. No heap copy and no BigInteger per value; the slots a call
 * writes are bounds-checked once, by {@link #address}.
 */
final class DecimalSlots {

  static final int WIDTH = 16;

  private DecimalSlots() {}

  /**
   * The address of slot {@code row}, after checking that slots {@code [row, row + count)} lie in
   * {@code buf}.
   */
  static long address(ArrowBuf buf, int row, int count) {
    long from = (long) row * WIDTH;
    long to = from + (long) count * WIDTH;
    if (row < 0 || count < 0 || to > buf.capacity()) {
      throw new IndexOutOfBoundsException("decimal slots [" + row + ", " + (row + count)
          + ") outside a buffer of " + buf.capacity() + " bytes");
    }
    return buf.memoryAddress() + from;
  }

  /** Writes the 128-bit integer {@code (hi, lo)} into the slot at {@code address}. */
  static void put(long address, long lo, long hi) {
    MemoryUtil.putLong(address, lo);
    MemoryUtil.putLong(address + 8, hi);
  }

  /**
   * Writes {@code count} PLAIN int32 (or, with {@code int64}, int64) values from {@code page} at
   * {@code pos} into slots {@code [row, row + count)}; returns the position after them.
   */
  static int putPlain(ByteBuffer page, int pos, boolean int64, ArrowBuf buf, int row,
      int count) {
    long at = address(buf, row, count);
    if (int64) {
      for (int i = 0; i < count; i++, pos += 8, at += WIDTH) {
        long x = page.getLong(pos);
        put(at, x, x >> 63);
      }
    } else {
      for (int i = 0; i < count; i++, pos += 4, at += WIDTH) {
        long x = page.getInt(pos);
        put(at, x, x >> 63);
      }
    }
    return pos;
  }

  /** Writes the unscaled values {@code src[0, count)} into slots {@code [row, row + count)}. */
  static void putLongs(long[] src, ArrowBuf buf, int row, int count) {
    long at = address(buf, row, count);
    for (int i = 0; i < count; i++, at += WIDTH) {
      long x = src[i];
      put(at, x, x >> 63);
    }
  }

  /**
   * Writes {@code count} big-endian two's-complement values from {@code page} at {@code pos}, each
   * of {@code fixed} bytes or, when {@code fixed < 0}, after its 4-byte length, into slots
   * {@code [row, row + count)}; returns the position after them.
   *
   * @throws ArithmeticException for a value wider than 128 bits
   */
  static int putBigEndian(ByteBuffer page, int pos, int fixed, ArrowBuf buf, int row,
      int count) {
    long at = address(buf, row, count);
    for (int i = 0; i < count; i++, at += WIDTH) {
      int len = fixed;
      if (len < 0) {
        len = page.getInt(pos);
        pos += 4;
      }
      putBigEndian(page, pos, len, at);
      pos += len;
    }
    return pos;
  }

  /**
   * Writes the big-endian two's-complement integer {@code b[pos, pos + len)} into the slot at
   * {@code address}.
   *
   * @throws ArithmeticException when it does not fit in 128 bits
   */
  static void putBigEndian(ByteBuffer b, int pos, int len, long address) {
    long lo = Conversions.bigEndianLow(b, pos, len);
    put(address, lo, len <= 8 ? lo >> 63 : Conversions.bigEndianHigh(b, pos, len));
  }

  /**
   * Writes the dictionary entries {@code ids[0, count)} of {@code slots} (two words per entry, low
   * first) into slots {@code [row, row + count)}: one 16-byte copy per value.
   */
  static void gather(long[] slots, int[] ids, int count, ArrowBuf buf, int row) {
    long at = address(buf, row, count);
    for (int i = 0; i < count; i++, at += WIDTH) {
      int id = ids[i] << 1;
      put(at, slots[id], slots[id + 1]);
    }
  }
}
