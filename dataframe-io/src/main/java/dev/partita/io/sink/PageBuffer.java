package dev.partita.io.sink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;

/**
 * The bytes of one Parquet page (or its levels) as they are encoded: little-endian values, and the
 * RLE / bit-packed hybrid that levels and dictionary indices use. Reused from page to page.
 */
final class PageBuffer {

  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** A run of at least this many equal values is written as one RLE run rather than bit-packed. */
  private static final int MIN_RUN = 8;

  private byte[] bytes = new byte[1 << 16];
  private int size;

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  /** The bytes written so far; valid until the next write. */
  BytesInput bytes() {
    return BytesInput.from(bytes, 0, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
    }
  }

  void putByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void putInt(int v) {
    ensure(4);
    INTS.set(bytes, size, v);
    size += 4;
  }

  void putLong(long v) {
    ensure(8);
    LONGS.set(bytes, size, v);
    size += 8;
  }

  void putBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** Overwrites the 4 bytes at {@code at} (a length prefix written before its content). */
  void setInt(int at, int v) {
    INTS.set(bytes, at, v);
  }

  private void putVarInt(int v) {
    while ((v & ~0x7F) != 0) {
      putByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    putByte(v);
  }

  /**
   * Appends {@code values[from, to)}, each below {@code 2^bitWidth}, in the RLE / bit-packed hybrid
   * encoding (without a length prefix): a run of {@link #MIN_RUN} or more equal values as one RLE run,
   * the rest bit-packed in groups of eight, the last group padded with zeros.
   */
  void hybrid(int[] values, int from, int to, int bitWidth) {
    int i = from;
    while (i < to) {
      int v = values[i];
      int run = 1;
      while (i + run < to && values[i + run] == v) {
        run++;
      }
      if (run >= MIN_RUN) {
        run(v, run, bitWidth);
        i += run;
        continue;
      }
      int end = i + MIN_RUN;
      while (end < to && !startsRun(values, end, to)) {
        end += MIN_RUN;
      }
      int groups = (Math.min(end, to) - i + MIN_RUN - 1) / MIN_RUN;
      putVarInt(groups << 1 | 1);
      pack(values, i, Math.min(end, to), groups * MIN_RUN, bitWidth);
      i = end;
    }
  }

  /** Appends one RLE run of {@code count} copies of {@code value}. */
  void run(int value, int count, int bitWidth) {
    if (count == 0) {
      return;
    }
    putVarInt(count << 1);
    for (int b = 0; b < bitWidth; b += 8) {
      putByte(value >>> b);
    }
  }

  private static boolean startsRun(int[] values, int at, int to) {
    if (at + MIN_RUN > to) {
      return false;
    }
    int v = values[at];
    for (int k = 1; k < MIN_RUN; k++) {
      if (values[at + k] != v) {
        return false;
      }
    }
    return true;
  }

  /** Bit-packs {@code values[from, to)} least significant bit first, padded with zeros to {@code count} values. */
  private void pack(int[] values, int from, int to, int count, int bitWidth) {
    ensure(count * bitWidth / 8);
    long acc = 0;
    int bits = 0;
    for (int k = 0; k < count; k++) {
      long v = from + k < to ? values[from + k] & 0xFFFFFFFFL : 0;
      acc |= v << bits;
      bits += bitWidth;
      while (bits >= 8) {
        bytes[size++] = (byte) acc;
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
}
