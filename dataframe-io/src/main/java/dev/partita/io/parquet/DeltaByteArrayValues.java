package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * DELTA_BYTE_ARRAY: every value's length of prefix shared with the value before and its suffix's
 * length (both DELTA_BINARY_PACKED), then the suffixes. A value is rebuilt in place over the one
 * before, whose first {@code prefix} bytes it keeps.
 */
final class DeltaByteArrayValues extends BinaryValues {

  private final int[] prefixes;
  private final int[] suffixes;
  private final byte[] page;
  private int next;
  private int pos;
  private int previous;

  DeltaByteArrayValues(ValueKind kind, ByteBuffer heapPage, int pos, int end, Scratch scratch) {
    super(kind, scratch);
    DeltaBinaryPackedDecoder d = new DeltaBinaryPackedDecoder();
    d.init(heapPage, pos, end);
    this.prefixes = DeltaLengthValues.lengths(d);
    d.init(heapPage, d.position(), end);
    this.suffixes = DeltaLengthValues.lengths(d);
    if (prefixes.length != suffixes.length) {
      throw new IllegalStateException("DELTA_BYTE_ARRAY has " + prefixes.length + " prefixes and "
          + suffixes.length + " suffixes");
    }
    this.page = heapPage.array();
    this.pos = heapPage.arrayOffset() + d.position();
    this.bytes = new byte[64];
  }

  @Override
  int next() {
    int prefix = prefixes[next];
    int suffix = suffixes[next++];
    if (prefix > previous) {
      throw new IllegalStateException("a DELTA_BYTE_ARRAY prefix of " + prefix
          + " bytes is longer than the value before, of " + previous);
    }
    int len = prefix + suffix;
    if (bytes.length < len) {
      bytes = Arrays.copyOf(bytes, Math.max(len, bytes.length * 2));
    }
    System.arraycopy(page, pos, bytes, prefix, suffix);
    pos += suffix;
    previous = len;
    start = 0;
    return len;
  }

  @Override
  long bound(int count) {
    long sum = 0;
    for (int i = next; i < next + count; i++) {
      sum += (long) prefixes[i] + suffixes[i];
    }
    return sum;
  }
}
