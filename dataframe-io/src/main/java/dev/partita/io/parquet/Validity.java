package dev.partita.io.parquet;

import java.nio.ByteBuffer;
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

  /**
   * Sets bits {@code [dst, dst + count)} of {@code buf}, clear before, to {@code count} bits of
   * {@code src} starting {@code srcBit} bits after byte {@code srcByte} (least significant bit
   * first in both, as Parquet's PLAIN booleans and Arrow's bitmaps are): a destination byte per
   * step instead of a bit.
   */
  static void copy(ByteBuffer src, int srcByte, long srcBit, ArrowBuf buf, int dst, int count) {
    int i = 0;
    while (i < count) {
      int d = dst + i;
      int k = Math.min(8 - (d & 7), count - i);
      long s = srcBit + i;
      int at = srcByte + (int) (s >>> 3);
      int shift = (int) (s & 7);
      int bits = (src.get(at) & 0xFF) >>> shift;
      if (shift + k > 8) {
        bits |= (src.get(at + 1) & 0xFF) << (8 - shift);
      }
      bits &= (1 << k) - 1;
      if (bits != 0) {
        long b = d >>> 3;
        buf.setByte(b, buf.getByte(b) | bits << (d & 7));
      }
      i += k;
    }
  }
}
