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

  /** Sets {@code out}'s validity of rows {@code [0, n)} to the rows valid in both {@code a} and {@code b}, a byte at a time. */
  static void andValidity(FieldVector a, FieldVector b, FieldVector out, int n) {
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
