package dev.partita.io.parquet;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** How a column's physical values land in its Arrow vector. */
enum ValueKind {
  /** int32/float copied as 4 little-endian bytes (Int, Float4, DateDay, TimeMilli). */
  RAW4,
  /** int64/double copied as 8 little-endian bytes (BigInt, Float8, TimeStamp, Time64). */
  RAW8,
  /** booleans into a BitVector. */
  BOOL,
  /** byte arrays (variable or fixed length) into VarChar/VarBinary. */
  BYTES,
  /** int32/int64 unscaled decimals into a DecimalVector. */
  DEC_INT,
  /** big-endian two's-complement byte arrays into a DecimalVector. */
  DEC_BYTES;

  static ValueKind of(ColumnDescriptor d, ArrowType arrow) {
    PrimitiveTypeName p = d.getPrimitiveType().getPrimitiveTypeName();
    boolean decimal = arrow instanceof ArrowType.Decimal;
    return switch (p) {
      case BOOLEAN -> BOOL;
      case INT32, FLOAT -> decimal ? DEC_INT : RAW4;
      case INT64, DOUBLE -> decimal ? DEC_INT : RAW8;
      case BINARY, FIXED_LEN_BYTE_ARRAY -> decimal ? DEC_BYTES : BYTES;
      default -> throw new IllegalArgumentException("unsupported Parquet type " + p);
    };
  }
}
