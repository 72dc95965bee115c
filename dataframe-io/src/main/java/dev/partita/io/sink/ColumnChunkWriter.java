package dev.partita.io.sink;

import java.io.IOException;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One column of the row group being written: the Arrow values are copied in as they come (a batch at
 * a time, nulls as definition levels), and when the row group closes the column is encoded straight
 * into pages: a dictionary of the chunk's values when it stays small and pays, else PLAIN; definition
 * levels and dictionary indices in the RLE / bit-packed hybrid; min/max and null counts per page.
 *
 * <p>Written by hand rather than through parquet-mr's record API, which takes every value through
 * {@code RecordConsumer} calls, a boxed dictionary map and per-value statistics: writing db-benchmark
 * q10's answer was 45% of the query's CPU samples that way (see benchmarks/RESULTS.md).
 */
final class ColumnChunkWriter {

  /**
   * A dictionary larger than this (PLAIN bytes) is given up: four times parquet-mr's default dictionary page,
   * which a million rows of db-benchmark's id3 (100,000 strings of 12 bytes, 1.6 MB) would pass. DuckDB writes
   * that column with a dictionary too.
   */
  static final int DICTIONARY_BYTES = 4 << 20;
  /** At most this many rows a page, parquet-mr's default, so page statistics keep their granularity. */
  static final int PAGE_ROWS = 20_000;

  private enum Slot { INT, LONG, SMALL, BIT, DECIMAL_LONG, DECIMAL_WIDE, VARIABLE }

  private final ColumnDescriptor descriptor;
  private final PrimitiveType type;
  private final PrimitiveTypeName physical;
  private final boolean optional;
  private final boolean fixedWidth;

  private int rows;
  /** Per row, 1 where a value is present (optional columns only). */
  private byte[] defs = new byte[0];
  private int values;
  /** Fixed-width values as longs (float bits for FLOAT, double bits for DOUBLE, 0/1 for BOOLEAN). */
  private long[] longs = new long[0];
  /** Variable and fixed-length byte values: value k is {@code data[offsets[k], offsets[k + 1])}. */
  private byte[] data = new byte[0];
  private int[] offsets = {0};

  ColumnChunkWriter(ColumnDescriptor descriptor) {
    this.descriptor = descriptor;
    this.type = descriptor.getPrimitiveType();
    this.physical = type.getPrimitiveTypeName();
    this.optional = descriptor.getMaxDefinitionLevel() > 0;
    this.fixedWidth = physical != PrimitiveTypeName.BINARY && physical != PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
  }

  int rows() {
    return rows;
  }

  /** Bytes buffered for the row group so far. */
  long bufferedBytes() {
    return fixedWidth ? 8L * values + rows : offsets[values] + 4L * values + rows;
  }

  /** Copies rows {@code [from, from + n)} of {@code v}. */
  void append(FieldVector v, int from, int n) {
    boolean noNulls = v.getNullCount() == 0;
    ArrowBuf validity = v.getValidityBuffer();
    if (optional) {
      defs = grow(defs, rows + n);
      if (noNulls) {
        Arrays.fill(defs, rows, rows + n, (byte) 1);
      } else {
        for (int i = 0; i < n; i++) {
          int present = BitVectorHelper.get(validity, from + i);
          defs[rows + i] = (byte) present;
        }
      }
    }
    rows += n;
    if (fixedWidth) {
      longs = grow(longs, values + n);
      appendFixed(v, slot(v), from, n, noNulls, validity);
    } else {
      appendBytes(v, slot(v), from, n, noNulls, validity);
    }
  }

  private static Slot slot(FieldVector v) {
    if (v instanceof DecimalVector d) {
      return d.getPrecision() <= 18 ? Slot.DECIMAL_LONG : Slot.DECIMAL_WIDE;
    }
    if (v instanceof BitVector) {
      return Slot.BIT;
    }
    if (v instanceof IntVector || v instanceof DateDayVector || v instanceof TimeMilliVector
        || v instanceof Float4Vector) {
      return Slot.INT;
    }
    if (v instanceof BigIntVector || v instanceof TimeStampVector || v instanceof TimeMicroVector
        || v instanceof TimeNanoVector || v instanceof Float8Vector) {
      return Slot.LONG;
    }
    if (v instanceof BaseIntVector) {
      return Slot.SMALL;
    }
    if (v instanceof BaseVariableWidthVector) {
      return Slot.VARIABLE;
    }
    throw new IllegalArgumentException("column '" + v.getName() + "': " + v.getField().getType()
        + " cannot be written to Parquet yet");
  }

  private void appendFixed(FieldVector v, Slot slot, int from, int n, boolean noNulls, ArrowBuf validity) {
    ArrowBuf buf = slot == Slot.BIT ? null : v.getDataBuffer();
    long[] out = longs;
    int k = values;
    for (int i = from; i < from + n; i++) {
      if (!noNulls && BitVectorHelper.get(validity, i) == 0) {
        continue;
      }
      out[k++] = switch (slot) {
        case INT -> buf.getInt(4L * i);
        case LONG -> buf.getLong(8L * i);
        case DECIMAL_LONG -> buf.getLong(16L * i);
        case BIT -> ((BitVector) v).get(i);
        case SMALL -> ((BaseIntVector) v).getValueAsLong(i);
        default -> throw new IllegalStateException(slot.name());
      };
    }
    values = k;
  }

  private void appendBytes(FieldVector v, Slot slot, int from, int n, boolean noNulls, ArrowBuf validity) {
    offsets = grow(offsets, values + n + 1);
    if (slot == Slot.DECIMAL_WIDE) {
      ArrowBuf buf = v.getDataBuffer();
      data = grow(data, offsets[values] + 16 * n);
      for (int i = from; i < from + n; i++) {
        if (noNulls || BitVectorHelper.get(validity, i) != 0) {
          int at = offsets[values];
          for (int b = 0; b < 16; b++) {
            data[at + 15 - b] = buf.getByte(16L * i + b);
          }
          offsets[++values] = at + 16;
        }
      }
      return;
    }
    if (slot != Slot.VARIABLE) {
      throw new IllegalArgumentException("column '" + v.getName() + "': " + v.getField().getType()
          + " does not match the Parquet column " + type);
    }
    ArrowBuf off = v.getOffsetBuffer();
    ArrowBuf buf = v.getDataBuffer();
    int first = off.getInt(4L * from);
    int last = off.getInt(4L * (from + n));
    data = grow(data, offsets[values] + (last - first));
    if (noNulls) {
      int base = offsets[values] - first;
      buf.getBytes(first, data, offsets[values], last - first);
      for (int i = from; i < from + n; i++) {
        offsets[++values] = off.getInt(4L * (i + 1)) + base;
      }
      return;
    }
    for (int i = from; i < from + n; i++) {
      if (BitVectorHelper.get(validity, i) != 0) {
        int s = off.getInt(4L * i);
        int len = off.getInt(4L * (i + 1)) - s;
        buf.getBytes(s, data, offsets[values], len);
        offsets[values + 1] = offsets[values] + len;
        values++;
      }
    }
  }

  /**
   * Writes the buffered rows as one column chunk of the current row group, then forgets them.
   *
   * @param v2 data pages v2 (levels outside the compressed data) instead of v1
   */
  void writeChunk(ParquetFileWriter w, CompressionCodecName codec, BytesInputCompressor compressor,
      boolean dictionary, int pageSize, boolean v2, PageBuffer page, PageBuffer levels) throws IOException {
    w.startColumn(descriptor, rows, codec);
    Dictionary dict = dictionary && physical != PrimitiveTypeName.BOOLEAN ? Dictionary.build(this) : null;
    if (dict != null) {
      page.reset();
      dict.writePlain(this, page);
      int uncompressed = page.size();
      BytesInput compressed = BytesInput.copy(compressor.compress(page.bytes()));
      w.writeDictionaryPage(new DictionaryPage(compressed, uncompressed, dict.size(),
          v2 ? Encoding.PLAIN : Encoding.PLAIN_DICTIONARY));
    }
    int[] defScratch = new int[optional ? Math.min(rows, PAGE_ROWS) : 0];
    Encoding dataEncoding = dict == null ? Encoding.PLAIN : v2 ? Encoding.RLE_DICTIONARY : Encoding.PLAIN_DICTIONARY;
    int r0 = 0;
    int v0 = 0;
    while (r0 < rows) {
      int r1 = r0;
      int v1 = v0;
      long bytes = 0;
      while (r1 < rows && r1 - r0 < PAGE_ROWS && bytes < pageSize) {
        if (!optional || defs[r1] != 0) {
          bytes += dict != null ? dict.bitWidth() / 8 + 1 : plainBytes(v1);
          v1++;
        }
        r1++;
      }
      page.reset();
      levels.reset();
      PageBuffer levelOut = v2 ? levels : page;
      if (optional) {
        int prefix = levelOut.size();
        if (!v2) {
          levelOut.putInt(0);
        }
        if (v1 - v0 == r1 - r0) {
          levelOut.run(1, r1 - r0, 1);
        } else {
          for (int r = r0; r < r1; r++) {
            defScratch[r - r0] = defs[r];
          }
          levelOut.hybrid(defScratch, 0, r1 - r0, 1);
        }
        if (!v2) {
          levelOut.setInt(prefix, levelOut.size() - prefix - 4);
        }
      }
      int valuesStart = page.size();
      if (dict != null) {
        page.putByte(dict.bitWidth());
        page.hybrid(dict.ids(), v0, v1, dict.bitWidth());
      } else {
        writePlain(page, v0, v1);
      }
      Statistics<?> stats = statistics(v0, v1, (r1 - r0) - (v1 - v0), dict);
      if (v2) {
        // A page of nulls has no data: it is written uncompressed, as parquet-mr cannot decompress an empty
        // compressed section (a snappy block of no bytes is one byte)
        int uncompressed = page.size() - valuesStart;
        boolean compress = uncompressed > 0;
        w.writeDataPageV2(r1 - r0, (r1 - r0) - (v1 - v0), r1 - r0, BytesInput.empty(),
            BytesInput.copy(levels.bytes()), dataEncoding, compress ? compressor.compress(page.bytes()) : page.bytes(),
            compress, uncompressed, stats);
      } else {
        w.writeDataPage(r1 - r0, page.size(), compressor.compress(page.bytes()), stats, r1 - r0,
            Encoding.RLE, optional ? Encoding.RLE : Encoding.BIT_PACKED, dataEncoding);
      }
      r0 = r1;
      v0 = v1;
    }
    w.endColumn();
    rows = 0;
    values = 0;
  }

  /** PLAIN encoding of values {@code [from, to)}. */
  void writePlain(PageBuffer out, int from, int to) {
    switch (physical) {
      case INT32, FLOAT -> {
        for (int k = from; k < to; k++) {
          out.putInt((int) longs[k]);
        }
      }
      case INT64, DOUBLE -> {
        for (int k = from; k < to; k++) {
          out.putLong(longs[k]);
        }
      }
      case BOOLEAN -> {
        for (int k = from; k < to; k += 8) {
          int b = 0;
          for (int j = 0; j < 8 && k + j < to; j++) {
            b |= (int) longs[k + j] << j;
          }
          out.putByte(b);
        }
      }
      case FIXED_LEN_BYTE_ARRAY -> out.putBytes(data, offsets[from], offsets[to] - offsets[from]);
      default -> {
        for (int k = from; k < to; k++) {
          out.putInt(offsets[k + 1] - offsets[k]);
          out.putBytes(data, offsets[k], offsets[k + 1] - offsets[k]);
        }
      }
    }
  }

  private Statistics<?> statistics(int from, int to, int nullCount, Dictionary dict) {
    Statistics<?> s = Statistics.createStats(type);
    s.incrementNumNulls(nullCount);
    if (from == to) {
      return s;
    }
    switch (physical) {
      case INT32 -> {
        for (int k = from; k < to; k++) {
          s.updateStats((int) longs[k]);
        }
      }
      case INT64 -> {
        for (int k = from; k < to; k++) {
          s.updateStats(longs[k]);
        }
      }
      case FLOAT -> {
        for (int k = from; k < to; k++) {
          s.updateStats(Float.intBitsToFloat((int) longs[k]));
        }
      }
      case DOUBLE -> {
        for (int k = from; k < to; k++) {
          s.updateStats(Double.longBitsToDouble(longs[k]));
        }
      }
      case BOOLEAN -> {
        for (int k = from; k < to; k++) {
          s.updateStats(longs[k] != 0);
        }
      }
      default -> {
        int[] minMax = dict != null ? dict.minMaxValues(this, from, to) : minMaxBytes(from, to);
        s.updateStats(binary(minMax[0]));
        s.updateStats(binary(minMax[1]));
      }
    }
    return s;
  }

  /** The values (indices) holding the least and the greatest of values {@code [from, to)}, in Parquet's order. */
  private int[] minMaxBytes(int from, int to) {
    int min = from;
    int max = from;
    for (int k = from + 1; k < to; k++) {
      if (compareBytes(k, min) < 0) {
        min = k;
      }
      if (compareBytes(k, max) > 0) {
        max = k;
      }
    }
    return new int[] {min, max};
  }

  /**
   * Parquet's order of two byte values: unsigned lexicographic, except that a decimal's fixed-length bytes are
   * a signed big-endian integer (the first byte compared signed).
   */
  int compareBytes(int a, int b) {
    int as = offsets[a];
    int bs = offsets[b];
    if (physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY && data[as] != data[bs]) {
      return Byte.compare(data[as], data[bs]);
    }
    return Arrays.compareUnsigned(data, as, offsets[a + 1], data, bs, offsets[b + 1]);
  }

  private Binary binary(int k) {
    return Binary.fromReusedByteArray(data, offsets[k], offsets[k + 1] - offsets[k]);
  }

  int values() {
    return values;
  }

  long longValue(int k) {
    return longs[k];
  }

  boolean fixedWidth() {
    return fixedWidth;
  }

  byte[] data() {
    return data;
  }

  int[] offsets() {
    return offsets;
  }

  boolean fixedLengthBytes() {
    return physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
  }

  /** The PLAIN size of value {@code k}. */
  int plainBytes(int k) {
    return fixedWidth ? valueBytes() : offsets[k + 1] - offsets[k] + (fixedLengthBytes() ? 0 : 4);
  }

  int valueBytes() {
    return physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.FLOAT ? 4 : 8;
  }

  private static byte[] grow(byte[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length));
  }

  private static int[] grow(int[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length));
  }

  private static long[] grow(long[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length));
  }
}
