package dev.partita.io.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.JulianFields;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes a column chunk value by value with parquet-mr's {@link ColumnReaderImpl}: the path for
 * encodings {@link VectorizedColumnReader} does not decode (BYTE_STREAM_SPLIT strings, encodings
 * newer than it) and the slow reference the vectorized decoders are tested and benchmarked
 * against; its conversions (decimals, INT96) go through Arrow's per-value setters, not the
 * vectorized code.
 */
final class RowColumnReader implements ColumnChunkReader {

  private static final PrimitiveConverter IGNORE = new PrimitiveConverter() { };

  private final ColumnReaderImpl reader;
  private final ValueKind kind;
  private final int maxDef;
  private final PrimitiveTypeName physical;

  RowColumnReader(ColumnDescriptor desc, PageReader pages, ValueKind kind, ParsedVersion writer) {
    this.reader = new ColumnReaderImpl(desc, copyingDictionary(pages), IGNORE, writer);
    this.kind = kind;
    this.maxDef = desc.getMaxDefinitionLevel();
    this.physical = desc.getPrimitiveType().getPrimitiveTypeName();
  }

  /**
   * The pages, with the dictionary page copied to the heap: parquet-mr's direct codecs decompress
   * every dictionary page of a reader into one reused buffer, and ColumnReaderImpl's byte-array
   * dictionaries point into the page (the next column's dictionary overwrote them).
   */
  private static PageReader copyingDictionary(PageReader pages) {
    return new PageReader() {
      @Override
      public DictionaryPage readDictionaryPage() {
        DictionaryPage d = pages.readDictionaryPage();
        if (d == null) {
          return null;
        }
        try {
          return new DictionaryPage(BytesInput.copy(d.getBytes()), d.getDictionarySize(),
              d.getEncoding());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public long getTotalValueCount() {
        return pages.getTotalValueCount();
      }

      @Override
      public DataPage readPage() {
        return pages.readPage();
      }
    };
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
      case INT96 -> ((TimeStampVector) v).set(i, int96Micros(reader.getBinary().getBytes()));
      case DEC_INT -> ((DecimalVector) v).set(i,
          physical == PrimitiveTypeName.INT64 ? reader.getLong() : reader.getInteger());
      case DEC_BYTES -> ((DecimalVector) v).setBigEndian(i, reader.getBinary().getBytes());
      default -> throw new IllegalStateException(kind.name());
    }
  }

  /** An INT96 (nanoseconds of the day, Julian day; little-endian) by java.time, as a reference. */
  private static long int96Micros(byte[] b) {
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long nanos = bb.getLong(0);
    LocalDate day = LocalDate.EPOCH.with(JulianFields.JULIAN_DAY, bb.getInt(8));
    Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusNanos(nanos);
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
  }
}
