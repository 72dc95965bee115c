package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePackerForLong;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Decodes Parquet's DELTA_BINARY_PACKED stream a miniblock at a time: a header (block size,
 * miniblocks per block, value count, first value), then blocks of a minimum delta, one bit width
 * per miniblock and the miniblocks' bit-packed deltas above that minimum. Values come out as
 * longs; an int32 column's are exact after a cast to int, the encoding's arithmetic wrapping at 32
 * bits as a cast does.
 */
final class DeltaBinaryPackedDecoder {

  private static final BytePackerForLong[] PACKERS = new BytePackerForLong[65];

  static {
    for (int w = 0; w <= 64; w++) {
      PACKERS[w] = Packer.LITTLE_ENDIAN.newBytePackerForLong(w);
    }
  }

  private ByteBuffer buf;
  private int pos;
  private int end;
  private int miniblocksPerBlock;
  private int valuesPerMiniblock;
  private int valueCount;
  private int remaining;
  private boolean firstPending;
  private long last;
  private long minDelta;
  private byte[] widths = new byte[0];
  private int miniblock;
  private long[] deltas = new long[0];
  private int deltaPos;
  private int deltaEnd;
  private byte[] miniblockBytes = new byte[0];

  /** Reads the header of the stream at {@code start}; it may not extend past {@code end}. */
  void init(ByteBuffer buf, int start, int end) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    int blockSize = (int) readUnsignedVarLong();
    miniblocksPerBlock = (int) readUnsignedVarLong();
    valueCount = (int) readUnsignedVarLong();
    last = zigZag(readUnsignedVarLong());
    if (blockSize <= 0 || blockSize % 128 != 0 || miniblocksPerBlock <= 0
        || blockSize % miniblocksPerBlock != 0 || (blockSize / miniblocksPerBlock) % 32 != 0
        || valueCount < 0) {
      throw new IllegalStateException("a DELTA_BINARY_PACKED header is invalid: block size "
          + blockSize + ", " + miniblocksPerBlock + " miniblocks, " + valueCount + " values");
    }
    valuesPerMiniblock = blockSize / miniblocksPerBlock;
    if (widths.length < miniblocksPerBlock) {
      widths = new byte[miniblocksPerBlock];
    }
    if (deltas.length < valuesPerMiniblock) {
      deltas = new long[valuesPerMiniblock];
    }
    remaining = valueCount;
    firstPending = valueCount > 0;
    miniblock = miniblocksPerBlock;
    deltaPos = 0;
    deltaEnd = 0;
  }

  /** The number of values the stream holds. */
  int valueCount() {
    return valueCount;
  }

  /**
   * The position after the last miniblock read; once every value is read, the end of the stream
   * (the miniblocks a last block does not need are not written).
   */
  int position() {
    return pos;
  }

  /** Reads the next {@code n} values into {@code out[off, off + n)}. */
  void read(long[] out, int off, int n) {
    if (n > remaining) {
      throw new IllegalStateException("DELTA_BINARY_PACKED data holds " + remaining
          + " more values, " + n + " were asked for");
    }
    int i = 0;
    if (n > 0 && firstPending) {
      out[off] = last;
      firstPending = false;
      i = 1;
    }
    while (i < n) {
      if (deltaPos == deltaEnd) {
        nextMiniblock();
      }
      int k = Math.min(deltaEnd - deltaPos, n - i);
      long v = last;
      long min = minDelta;
      long[] d = deltas;
      int p = deltaPos;
      int o = off + i;
      for (int j = 0; j < k; j++) {
        v += min + d[p + j];
        out[o + j] = v;
      }
      last = v;
      deltaPos += k;
      i += k;
    }
    remaining -= n;
  }

  private void nextMiniblock() {
    if (miniblock == miniblocksPerBlock) {
      minDelta = zigZag(readUnsignedVarLong());
      check(miniblocksPerBlock);
      buf.get(pos, widths, 0, miniblocksPerBlock);
      pos += miniblocksPerBlock;
      miniblock = 0;
    }
    int width = widths[miniblock++] & 0xFF;
    if (width > 64) {
      throw new IllegalStateException("a DELTA_BINARY_PACKED miniblock has bit width " + width);
    }
    BytePackerForLong packer = PACKERS[width];
    int bytes = valuesPerMiniblock / 8 * width;
    if (width == 0) {
      // parquet-mr's 0-bit unpacker writes nothing
      Arrays.fill(deltas, 0, valuesPerMiniblock, 0);
    } else {
      // unpacked from a heap copy, as RleBitPackedDecoder does; a writer may leave out the
      // padding of the last miniblock
      if (miniblockBytes.length < bytes) {
        miniblockBytes = new byte[bytes];
      }
      int present = Math.max(0, Math.min(bytes, end - pos));
      buf.get(pos, miniblockBytes, 0, present);
      Arrays.fill(miniblockBytes, present, bytes, (byte) 0);
      for (int g = 0; g < valuesPerMiniblock; g += 32) {
        packer.unpack32Values(miniblockBytes, g / 8 * width, deltas, g);
      }
    }
    pos += bytes;
    deltaPos = 0;
    deltaEnd = valuesPerMiniblock;
  }

  private long readUnsignedVarLong() {
    long v = 0;
    int shift = 0;
    int b;
    do {
      check(1);
      b = buf.get(pos++) & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0 && shift < 70);
    return v;
  }

  private void check(int bytes) {
    if (pos + bytes > end) {
      throw new IllegalStateException("DELTA_BINARY_PACKED data ends before its values do");
    }
  }

  private static long zigZag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
