package dev.partita.io.parquet;

import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Bulk copies of heap arrays into Arrow data buffers through a little-endian NIO view (one copy
 * instead of a bounds-checked {@code setInt}/{@code setLong} per value).
 */
final class ArrowBufs {

  private ArrowBufs() {}

  /** Writes {@code src[0..count)} as the 4-byte values of rows {@code [row, row + count)}. */
  static void putInts(ArrowBuf buf, int row, int[] src, int count) {
    buf.nioBuffer((long) row << 2, count << 2).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
        .put(src, 0, count);
  }

  /** Writes {@code src[0..count)} as the 8-byte values of rows {@code [row, row + count)}. */
  static void putLongs(ArrowBuf buf, int row, long[] src, int count) {
    buf.nioBuffer((long) row << 3, count << 3).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
        .put(src, 0, count);
  }
}
