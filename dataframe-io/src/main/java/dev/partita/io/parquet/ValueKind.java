package dev.partita.io.parquet;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** How a column's physical values land in its Arrow vector, and how wide each slot is. */
enum ValueKind {
  /** int32/float copied as 4 little-endian bytes (Int, Float4, DateDay, TimeMilli). */
  RAW4(4),
  /** int64/double copied as 8 little-endian bytes (BigInt, Float8, TimeStamp, Time64). */
  RAW8(8),
  /** INT96 (nanoseconds of the day, then the Julian day) to int64 microseconds since the epoch. */
  INT96(8),
  /** int32/int64 unscaled decimals sign-extended into a DecimalVector's 16 bytes. */
  DEC_INT(16),
  /** big-endian two's-complement byte arrays into a DecimalVector's 16 bytes. */
  DEC_BYTES(16),
  /** booleans into a BitVector. */
  BOOL(0),
  /** byte arrays (variable or fixed length) into VarChar/VarBinary. */
  BYTES(0);

  /** Bytes per slot of the Arrow data buffer, 0 for bits and variable-width values. */
  final int width;

  ValueKind(int width) {
    this.width = width;
  }

  static ValueKind of(ColumnDescriptor d, ArrowType arrow) {
    PrimitiveTypeName p = d.getPrimitiveType().getPrimitiveTypeName();
    boolean decimal = arrow instanceof ArrowType.Decimal;
    return switch (p) {
      case BOOLEAN -> BOOL;
      case INT32 -> decimal ? DEC_INT : RAW4;
      case FLOAT -> RAW4;
      case INT64 -> decimal ? DEC_INT : RAW8;
      case DOUBLE -> RAW8;
      case INT96 -> INT96;
      case BINARY, FIXED_LEN_BYTE_ARRAY -> decimal ? DEC_BYTES : BYTES;
    };
  }
}
