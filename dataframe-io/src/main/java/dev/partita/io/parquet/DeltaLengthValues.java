package dev.partita.io.parquet;

import java.nio.ByteBuffer;

/** DELTA_LENGTH_BYTE_ARRAY: every value's length (DELTA_BINARY_PACKED), then all the bytes. */
final class DeltaLengthValues extends BinaryValues {

  private final int[] lengths;
  private final int limit;
  private int next;
  private int pos;

  DeltaLengthValues(ValueKind kind, ByteBuffer heapPage, int pos, int end, Scratch scratch) {
    super(kind, scratch);
    DeltaBinaryPackedDecoder d = new DeltaBinaryPackedDecoder();
    d.init(heapPage, pos, end);
    this.lengths = lengths(d);
    this.bytes = heapPage.array();
    this.pos = heapPage.arrayOffset() + d.position();
    this.limit = heapPage.arrayOffset() + end;
  }

  /** Every length of a stream of lengths, checked to be non-negative. */
  static int[] lengths(DeltaBinaryPackedDecoder d) {
    long[] all = new long[d.valueCount()];
    d.read(all, 0, all.length);
    int[] out = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      if (all[i] < 0 || all[i] > Integer.MAX_VALUE) {
        throw new IllegalStateException("a byte array has length " + all[i]);
      }
      out[i] = (int) all[i];
    }
    return out;
  }

  @Override
  int next() {
    int len = lengths[next++];
    start = pos;
    pos += len;
    return len;
  }

  @Override
  long bound(int count) {
    return limit - pos;
  }
}
