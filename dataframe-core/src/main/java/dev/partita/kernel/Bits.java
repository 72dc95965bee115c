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

  static void set(ArrowBuf buf, int i) {
    BitVectorHelper.setBit(buf, i);
  }

  /** True when every row of {@code v} is non-null, so a kernel may skip validity checks. */
  static boolean noNulls(FieldVector v) {
    return v.getNullCount() == 0;
  }
}
