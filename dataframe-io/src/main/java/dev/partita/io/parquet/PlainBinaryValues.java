package dev.partita.io.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/** PLAIN byte arrays of a heap page: length-prefixed, or of the column's fixed length. */
final class PlainBinaryValues extends BinaryValues {

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final int fixedLength;
  private final int limit;
  private int pos;

  /**
   * @param fixedLength the values' length, or -1 when each has a 4-byte length prefix
   */
  PlainBinaryValues(ValueKind kind, int fixedLength, ByteBuffer heapPage, int pos, int end,
      Scratch scratch) {
    super(kind, scratch);
    this.fixedLength = fixedLength;
    this.bytes = heapPage.array();
    this.pos = heapPage.arrayOffset() + pos;
    this.limit = heapPage.arrayOffset() + end;
  }

  @Override
  int next() {
    int len = fixedLength;
    if (len < 0) {
      len = (int) INT.get(bytes, pos);
      pos += 4;
    }
    start = pos;
    pos += len;
    return len;
  }

  @Override
  long bound(int count) {
    return limit - pos;
  }

  /**
   * Strings in one pass: the page's remaining bytes bound the values' total, so the lengths need
   * not be summed first.
   */
  @Override
  void read(FieldVector v, int dst, int count) {
    if (kind != ValueKind.BYTES) {
      super.read(v, dst, count);
      return;
    }
    VarWidthAppender a = scratch.appender;
    a.begin((BaseVariableWidthVector) v, dst, count, limit - pos);
    byte[] b = bytes;
    int p = pos;
    for (int i = 0; i < count; i++) {
      int len = fixedLength;
      if (len < 0) {
        len = (int) INT.get(b, p);
        p += 4;
      }
      a.append(b, p, len);
      p += len;
    }
    pos = p;
    a.finish();
  }
}
