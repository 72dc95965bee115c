package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** PLAIN-encoded values converted to a fixed-width kind's slots on the heap. */
final class Plain {

  private Plain() {}

  /** The byte length of every value of a FIXED_LEN_BYTE_ARRAY column, -1 for other types. */
  static int fixedLength(PrimitiveType type) {
    return type.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
        ? type.getTypeLength() : -1;
  }

  /**
   * Decodes {@code count} values of physical type {@code type} from {@code b} at {@code pos} into
   * {@code out} in {@code kind}'s layout: one long per value, two (low word first) for 16-byte
   * kinds; returns the position after them. Byte arrays are length-prefixed unless fixed-length.
   *
   * @throws ArithmeticException for a decimal wider than its slot
   */
  static int toLongs(ValueKind kind, PrimitiveType type, ByteBuffer b, int pos, int count,
      long[] out) {
    int fixed = fixedLength(type);
    switch (kind) {
      case RAW8 -> {
        for (int i = 0; i < count; i++, pos += 8) {
          out[i] = b.getLong(pos);
        }
      }
      case INT96 -> {
        for (int i = 0; i < count; i++, pos += 12) {
          out[i] = Conversions.int96Micros(b.getLong(pos), b.getInt(pos + 8));
        }
      }
      case DEC_INT -> {
        boolean wide = type.getPrimitiveTypeName() == PrimitiveTypeName.INT64;
        for (int i = 0; i < count; i++) {
          long v = wide ? b.getLong(pos) : b.getInt(pos);
          pos += wide ? 8 : 4;
          out[2 * i] = v;
          out[2 * i + 1] = v >> 63;
        }
      }
      case DEC_BYTES -> {
        for (int i = 0; i < count; i++) {
          int len = fixed;
          if (len < 0) {
            len = b.getInt(pos);
            pos += 4;
          }
          Conversions.bigEndian128(b, pos, len, out, 2 * i);
          pos += len;
        }
      }
      default -> throw new IllegalStateException(kind + " values are not converted to longs");
    }
    return pos;
  }

  /** Decodes {@code count} int32/float values at {@code pos} into {@code out}. */
  static int toInts(ByteBuffer b, int pos, int count, int[] out) {
    for (int i = 0; i < count; i++, pos += 4) {
      out[i] = b.getInt(pos);
    }
    return pos;
  }
}
