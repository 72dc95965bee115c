package dev.partita.kernel;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/** Raw access to validity bitmaps and boolean outputs shared by the kernels. */
final class Bits {

  private Bits() {}

  /** A zeroed boolean vector of {@code n} rows (all false, all null until validity is set). */
  static BitVector newBits(String name, int n, BufferAllocator allocator) {
    BitVector out = new BitVector(name, allocator);
    out.allocateNew(Math.max(n, 1));
    out.getDataBuffer().setZero(0, out.getDataBuffer().capacity());
    out.getValidityBuffer().setZero(0, out.getValidityBuffer().capacity());
    out.setValueCount(n);
    return out;
  }

  static void setAllValid(ArrowBuf validity, int n) {
    int full = n >>> 3;
    validity.setOne(0, full);
    for (int i = full << 3; i < n; i++) {
      BitVectorHelper.setBit(validity, i);
    }
  }

  /** Copies the validity of rows {@code [0, n)} of {@code from} into {@code validity}, a bulk copy. */
  static void copyValidity(FieldVector from, ArrowBuf validity, int n) {
    if (noNulls(from)) {
      setAllValid(validity, n);
    } else {
      validity.setBytes(0, from.getValidityBuffer(), 0, (n + 7) >>> 3);
    }
  }

  /**
   * Stores the 64 bits of {@code word} as rows {@code [64 * w, 64 * w + 64)} of {@code buf}, of which only
   * rows below {@code n} are written (the last word of a buffer may be shorter than 8 bytes).
   */
  static void putWord(ArrowBuf buf, int w, long word, int n) {
    long at = 8L * w;
    int bits = n - 64 * w;
    if (bits >= 64) {
      buf.setLong(at, word);
    } else {
      for (int k = 0; k * 8 < bits; k++) {
        buf.setByte(at + k, (byte) (word >>> (8 * k)));
      }
    }
  }

  /** Bits {@code [64 * w, 64 * w + 64)} of {@code buf}, of which only rows below {@code n} are read. */
  static long getWord(ArrowBuf buf, int w, int n) {
    long at = 8L * w;
    int bits = n - 64 * w;
    if (bits >= 64) {
      return buf.getLong(at);
    }
    long word = 0;
    for (int k = 0; k * 8 < bits; k++) {
      word |= (buf.getByte(at + k) & 0xFFL) << (8 * k);
    }
    return word;
  }

  /** Sets {@code out}'s validity of rows {@code [0, n)} to the rows valid in both {@code a} and {@code b}, a byte at a time. */
  static void andValidity(FieldVector a, FieldVector b, FieldVector out, int n) {
    if (a == b || noNulls(b)) {
      copyValidity(a, out.getValidityBuffer(), n);
      return;
    }
    if (noNulls(a)) {
      copyValidity(b, out.getValidityBuffer(), n);
      return;
    }
    ArrowBuf va = a.getValidityBuffer();
    ArrowBuf vb = b.getValidityBuffer();
    ArrowBuf vo = out.getValidityBuffer();
    for (int k = 0, bytes = (n + 7) >>> 3; k < bytes; k++) {
      vo.setByte(k, va.getByte(k) & vb.getByte(k));
    }
  }

  /** Whether row {@code i} is valid in {@code validity}. */
  static boolean isValid(ArrowBuf validity, int i) {
    return ((validity.getByte(i >>> 3) >>> (i & 7)) & 1) != 0;
  }

  static void set(ArrowBuf buf, int i) {
    BitVectorHelper.setBit(buf, i);
  }

  /** True when every row of {@code v} is non-null, so a kernel may skip validity checks. */
  static boolean noNulls(FieldVector v) {
    return v.getNullCount() == 0;
  }
}
