package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.schema.PrimitiveType;

/**
 * BYTE_STREAM_SPLIT fixed-width values: byte {@code b} of value {@code j} of the page's {@code n}
 * values is at {@code b * n + j}. A batch's values are put back together in a heap array and read
 * from there as PLAIN.
 */
final class ByteStreamSplitValues extends PageValues {

  private final ValueKind kind;
  private final PrimitiveType type;
  private final ByteBuffer page;
  private final int base;
  private final int width;
  private final int n;
  private final Scratch scratch;
  private int next;

  ByteStreamSplitValues(ValueKind kind, PrimitiveType type, ByteBuffer page, int pos, int end,
      Scratch scratch) {
    this.kind = kind;
    this.type = type;
    this.page = page;
    this.base = pos;
    this.width = switch (type.getPrimitiveTypeName()) {
      case INT32, FLOAT -> 4;
      case INT64, DOUBLE -> 8;
      case FIXED_LEN_BYTE_ARRAY -> type.getTypeLength();
      default -> throw new IllegalStateException(type + " values are not BYTE_STREAM_SPLIT");
    };
    this.n = (end - pos) / width;
    this.scratch = scratch;
  }

  @Override
  void skip(int count) {
    check(count);
    next += count;
  }

  private void check(int count) {
    if (next + count > n) {
      throw new IllegalStateException("BYTE_STREAM_SPLIT data holds " + (n - next)
          + " more values, " + count + " were asked for");
    }
  }

  @Override
  void read(FieldVector v, int dst, int count) {
    check(count);
    byte[] plain = scratch.bytes(count * width);
    for (int b = 0; b < width; b++) {
      int from = base + b * n + next;
      for (int j = 0; j < count; j++) {
        plain[j * width + b] = page.get(from + j);
      }
    }
    next += count;
    if (kind == ValueKind.RAW4 || kind == ValueKind.RAW8) {
      v.getDataBuffer().setBytes((long) dst * width, plain, 0, (long) count * width);
      return;
    }
    long[] slots = scratch.longs(count * (kind.width / 8));
    Plain.toLongs(kind, type, ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN), 0, count,
        slots);
    putSlots(v, kind, dst, slots, count);
  }
}
