package dev.partita.kernel;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;

/**
 * A batch of UTF-8 strings copied out of Arrow in bulk (the data buffer and the offsets, one copy each), so
 * that string kernels loop over Java arrays instead of bounds-checked buffer reads; and a builder writing
 * strings back into a new vector the same way.
 */
final class Utf8 {

  final byte[] data;
  final int[] offsets;
  final ArrowBuf validity;
  final int rows;

  private Utf8(byte[] data, int[] offsets, ArrowBuf validity, int rows) {
    this.data = data;
    this.offsets = offsets;
    this.validity = validity;
    this.rows = rows;
  }

  static Utf8 of(VarCharVector v) {
    int n = v.getValueCount();
    int[] offsets = new int[n + 1];
    ArrowBuf ob = v.getOffsetBuffer();
    if (n > 0) {
      for (int i = 0; i <= n; i++) {
        offsets[i] = ob.getInt(4L * i);
      }
    }
    byte[] data = new byte[offsets[n]];
    if (data.length > 0) {
      v.getDataBuffer().getBytes(0, data, 0, data.length);
    }
    return new Utf8(data, offsets, v.getNullCount() == 0 ? null : v.getValidityBuffer(), n);
  }

  boolean isNull(int i) {
    return validity != null && (validity.getByte(i >>> 3) >>> (i & 7) & 1) == 0;
  }

  int start(int i) {
    return offsets[i];
  }

  int length(int i) {
    return offsets[i + 1] - offsets[i];
  }

  /** The number of code points in {@code len} bytes from {@code from}: the bytes that do not continue a character. */
  static int codePoints(byte[] a, int from, int len) {
    int n = 0;
    for (int k = from; k < from + len; k++) {
      n += (a[k] & 0xC0) == 0x80 ? 0 : 1;
    }
    return n;
  }

  /** The byte offset after {@code chars} code points from {@code from} (at most {@code end}). */
  static int skip(byte[] a, int from, int end, int chars) {
    int p = from;
    for (int c = 0; c < chars && p < end; c++) {
      p++;
      while (p < end && (a[p] & 0xC0) == 0x80) {
        p++;
      }
    }
    return p;
  }

  /** Builds a VarCharVector: each row appended in order, as bytes or null. */
  static final class Builder {
    private byte[] data = new byte[1024];
    private final int[] offsets;
    private final boolean[] nulls;
    private int size;
    private int rows;

    Builder(int rows) {
      this.offsets = new int[rows + 1];
      this.nulls = new boolean[rows];
    }

    void add(byte[] a, int from, int len) {
      if (size + len > data.length) {
        data = Arrays.copyOf(data, Math.max(size + len, data.length * 2));
      }
      System.arraycopy(a, from, data, size, len);
      size += len;
      offsets[++rows] = size;
    }

    /** Appends one byte string built of several pieces (a concatenation). */
    void addPiece(byte[] a, int from, int len) {
      if (size + len > data.length) {
        data = Arrays.copyOf(data, Math.max(size + len, data.length * 2));
      }
      System.arraycopy(a, from, data, size, len);
      size += len;
    }

    void endRow() {
      offsets[++rows] = size;
    }

    void addNull() {
      nulls[rows] = true;
      offsets[rows + 1] = size;
      rows++;
    }

    VarCharVector build(String name, BufferAllocator allocator) {
      VarCharVector v = new VarCharVector(name, allocator);
      try {
        v.allocateNew(Math.max(size, 1), Math.max(rows, 1));
        v.getDataBuffer().setBytes(0, data, 0, size);
        ArrowBuf ob = v.getOffsetBuffer();
        for (int i = 0; i <= rows; i++) {
          ob.setInt(4L * i, offsets[i]);
        }
        ArrowBuf vb = v.getValidityBuffer();
        for (int i = 0; i < rows; i++) {
          if (!nulls[i]) {
            Bits.set(vb, i);
          }
        }
        v.setLastSet(rows - 1);
        v.setValueCount(rows);
        return v;
      } catch (RuntimeException e) {
        v.close();
        throw e;
      }
    }
  }
}
