package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * PLAIN values of a fixed-width kind or booleans: 4- and 8-byte values copied from the page into
 * the Arrow buffer at once, booleans a byte of bits at a time, decimals written into their 16-byte
 * slots one by one ({@link DecimalSlots}), other kinds (INT96, widened ints) converted into a heap
 * array and copied from there at once.
 */
final class PlainValues extends PageValues {

  private final ValueKind kind;
  private final PrimitiveType type;
  private final ByteBuffer page;
  private final Scratch scratch;
  private int pos;
  private long bitPos;

  PlainValues(ValueKind kind, PrimitiveType type, ByteBuffer page, int pos, Scratch scratch) {
    this.kind = kind;
    this.type = type;
    this.page = page;
    this.pos = pos;
    this.scratch = scratch;
  }

  @Override
  void skip(int count) {
    switch (kind) {
      case RAW4, RAW8 -> pos += count * kind.width;
      case BOOL -> bitPos += count;
      case DEC_INT ->
          pos += count * (type.getPrimitiveTypeName() == PrimitiveTypeName.INT64 ? 8 : 4);
      case DEC_BYTES -> {
        int fixed = Plain.fixedLength(type);
        if (fixed >= 0) {
          pos += count * fixed;
        } else {
          for (int i = 0; i < count; i++) {
            pos += 4 + page.getInt(pos);
          }
        }
      }
      default -> pos = Plain.toLongs(kind, type, page, pos, count,
          scratch.longs(count * (kind.width / 8)));
    }
  }

  @Override
  void read(FieldVector v, int dst, int count) {
    switch (kind) {
      case RAW4, RAW8 -> {
        int bytes = count * kind.width;
        v.getDataBuffer().setBytes((long) dst * kind.width, page, pos, bytes);
        pos += bytes;
      }
      case BOOL -> {
        Validity.copy(page, pos, bitPos, v.getDataBuffer(), dst, count);
        bitPos += count;
      }
      case DEC_INT -> pos = DecimalSlots.putPlain(page, pos,
          type.getPrimitiveTypeName() == PrimitiveTypeName.INT64, v.getDataBuffer(), dst, count);
      case DEC_BYTES -> pos = DecimalSlots.putBigEndian(page, pos, Plain.fixedLength(type),
          v.getDataBuffer(), dst, count);
      default -> {
        long[] slots = scratch.longs(count * (kind.width / 8));
        pos = Plain.toLongs(kind, type, page, pos, count, slots);
        putSlots(v, kind, dst, slots, count);
      }
    }
  }
}
