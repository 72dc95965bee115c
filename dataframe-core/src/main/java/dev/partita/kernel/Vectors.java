package dev.partita.kernel;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Rows of a vector in another allocator, sharing the buffers where Arrow moves their accounting with them.
 * Arrow Java's {@code BitVector.splitAndTransfer} only slices its buffers, leaving them accounted to the
 * source's allocator (closing that allocator then reports a leak while the slice lives), so booleans are
 * copied: a bit per row.
 *
 * <pre>{@code
 * FieldVector view = Vectors.split(v, 0, v.getValueCount(), taskAllocator);
 * }</pre>
 */
public final class Vectors {

  private Vectors() {}

  /** Rows {@code [start, start + length)} of {@code v} as a new vector in {@code allocator}; {@code v} is unchanged. */
  public static FieldVector split(FieldVector v, int start, int length, BufferAllocator allocator) {
    if (v instanceof BitVector bits) {
      return copyBits(bits, start, length, allocator);
    }
    TransferPair tp = v.getTransferPair(v.getField(), allocator);
    tp.splitAndTransfer(start, length);
    return (FieldVector) tp.getTo();
  }

  private static BitVector copyBits(BitVector v, int start, int length, BufferAllocator allocator) {
    BitVector out = new BitVector(v.getField(), allocator);
    try {
      out.allocateNew(Math.max(length, 1));
      ArrowBuf data = v.getDataBuffer();
      ArrowBuf validity = v.getValidityBuffer();
      ArrowBuf od = out.getDataBuffer();
      ArrowBuf ov = out.getValidityBuffer();
      if ((start & 7) == 0) {
        int bytes = (length + 7) >>> 3;
        od.setBytes(0, data, start >>> 3, bytes);
        ov.setBytes(0, validity, start >>> 3, bytes);
      } else {
        for (int i = 0; i < length; i++) {
          if (BitVectorHelper.get(validity, start + i) != 0) {
            BitVectorHelper.setBit(ov, i);
            if (BitVectorHelper.get(data, start + i) != 0) {
              BitVectorHelper.setBit(od, i);
            }
          }
        }
      }
      out.setValueCount(length);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
