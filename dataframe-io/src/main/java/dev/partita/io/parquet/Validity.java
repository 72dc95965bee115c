package dev.partita.io.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;

/** Sets ranges of bits in Arrow validity (and boolean data) buffers. */
final class Validity {

  private Validity() {}

  /** Sets bits {@code [start, start + count)}: single bits up to a byte edge, whole bytes between. */
  static void setRange(ArrowBuf buf, int start, int count) {
    int end = start + count;
    int i = start;
    while (i < end && (i & 7) != 0) {
      BitVectorHelper.setBit(buf, i++);
    }
    int bytes = (end - i) >>> 3;
    if (bytes > 0) {
      buf.setOne((long) (i >>> 3), (long) bytes);
      i += bytes << 3;
    }
    while (i < end) {
      BitVectorHelper.setBit(buf, i++);
    }
  }
}
