package dev.partita.io.parquet;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes a column chunk value by value with parquet-mr's {@link ColumnReaderImpl}: the path for
 * encodings {@link VectorizedColumnReader} does not decode (DELTA_*, BYTE_STREAM_SPLIT) and the
 * slow reference the vectorized decoders are tested and benchmarked against.
 */
final class RowColumnReader implements ColumnChunkReader {

  private static final PrimitiveConverter IGNORE = new PrimitiveConverter() { };

  private final ColumnReaderImpl reader;
  private final ValueKind kind;
  private final int maxDef;
  private final PrimitiveTypeName physical;

  RowColumnReader(ColumnDescriptor desc, PageReader pages, ValueKind kind, ParsedVersion writer) {
    this.reader = new ColumnReaderImpl(desc, pages, IGNORE, writer);
    this.kind = kind;
    this.maxDef = desc.getMaxDefinitionLevel();
    this.physical = desc.getPrimitiveType().getPrimitiveTypeName();
  }

  @Override
  public void read(FieldVector v, int n) {
    for (int i = 0; i < n; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDef) {
        set(v, i);
      }
      reader.consume();
    }
  }

  private void set(FieldVector v, int i) {
    switch (kind) {
      case RAW4 -> {
        int bits = physical == PrimitiveTypeName.FLOAT
            ? Float.floatToRawIntBits(reader.getFloat()) : reader.getInteger();
        ((BaseFixedWidthVector) v).getDataBuffer().setInt((long) i << 2, bits);
        BitVectorHelper.setBit(v.getValidityBuffer(), i);
      }
      case RAW8 -> {
        long bits = physical == PrimitiveTypeName.DOUBLE
            ? Double.doubleToRawLongBits(reader.getDouble()) : reader.getLong();
        ((BaseFixedWidthVector) v).getDataBuffer().setLong((long) i << 3, bits);
        BitVectorHelper.setBit(v.getValidityBuffer(), i);
      }
      case BOOL -> ((BitVector) v).set(i, reader.getBoolean() ? 1 : 0);
      case BYTES -> {
        byte[] b = reader.getBinary().getBytesUnsafe();
        ((BaseVariableWidthVector) v).setSafe(i, b, 0, b.length);
      }
      case DEC_INT -> ((DecimalVector) v).set(i,
          physical == PrimitiveTypeName.INT64 ? reader.getLong() : reader.getInteger());
      case DEC_BYTES -> {
        Binary b = reader.getBinary();
        ((DecimalVector) v).setBigEndian(i, b.getBytes());
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }
}
