package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** DELTA_BINARY_PACKED int32/int64 values (ints, dates, timestamps, decimals). */
final class DeltaValues extends PageValues {

  private final DeltaBinaryPackedDecoder values = new DeltaBinaryPackedDecoder();
  private final ValueKind kind;
  private final boolean int32;
  private final Scratch scratch;

  DeltaValues(ValueKind kind, PrimitiveTypeName physical, ByteBuffer page, int pos, int end,
      Scratch scratch) {
    this.kind = kind;
    this.int32 = physical == PrimitiveTypeName.INT32;
    this.scratch = scratch;
    values.init(page, pos, end);
  }

  @Override
  void skip(int count) {
    values.read(scratch.longs(count), 0, count);
  }

  @Override
  void read(FieldVector v, int dst, int count) {
    long[] slots = scratch.longs(count);
    values.read(slots, 0, count);
    if (int32) {
      for (int i = 0; i < count; i++) {
        slots[i] = (int) slots[i];
      }
    }
    switch (kind) {
      case RAW4 -> {
        int[] ints = scratch.ints(count);
        for (int i = 0; i < count; i++) {
          ints[i] = (int) slots[i];
        }
        ArrowBufs.putInts(v.getDataBuffer(), dst, ints, count);
      }
      case RAW8 -> putSlots(v, kind, dst, slots, count);
      case DEC_INT -> DecimalSlots.putLongs(slots, v.getDataBuffer(), dst, count);
      default -> throw new IllegalStateException(kind + " values are not DELTA_BINARY_PACKED");
    }
  }
}
