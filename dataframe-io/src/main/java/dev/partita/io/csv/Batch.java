package dev.partita.io.csv;

import dev.partita.io.BatchBuffers;
import dev.partita.io.IsoTime;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One batch being filled from field bytes, one projected column each: parses each field as its
 * column's type into {@link BatchBuffers}. Both readers write through here, so typing and null
 * rules are the same on both paths.
 */
final class Batch {

  static final int OK = 0;
  static final int BAD_VALUE = 1;
  static final int BAD_UTF8 = 2;

  private final CsvType.Kind[] kinds;
  /** Per column, the parser of a decimal column, else null. */
  private final DecimalParser[] decimals;
  private final byte[] nullBytes;
  private final BatchBuffers buffers;

  Batch(Schema schema, List<CsvSource.Column> columns, String nullString,
      BufferAllocator allocator, int rows) {
    this.kinds = columns.stream().map(c -> c.type().kind()).toArray(CsvType.Kind[]::new);
    this.decimals = columns.stream().map(c -> c.type().kind() == CsvType.Kind.DECIMAL
        ? new DecimalParser(c.type().precision(), c.type().scale()) : null)
        .toArray(DecimalParser[]::new);
    this.nullBytes = nullString == null ? null
        : nullString.getBytes(StandardCharsets.UTF_8);
    this.buffers = new BatchBuffers(schema, allocator, rows);
  }

  /**
   * Writes one field into row {@code row} of projected column {@code t}; rows are written in
   * order, and a row may be written again (a line dropped after some of its fields were written).
   * An empty field reads as null except a quoted one ({@code ""}) in a string column, which is the
   * empty string, as in DuckDB; an unquoted null string reads as null.
   *
   * @return {@link #OK}, {@link #BAD_VALUE} or {@link #BAD_UTF8}
   */
  int write(int t, byte[] b, int off, int len, boolean quoted, int row) {
    CsvType.Kind kind = kinds[t];
    if (len == 0) {
      if (!quoted || kind != CsvType.Kind.STRING) {
        buffers.setNull(t, row);
        return OK;
      }
    } else if (nullBytes != null && !quoted && len == nullBytes.length
        && Arrays.equals(b, off, off + len, nullBytes, 0, len)) {
      buffers.setNull(t, row);
      return OK;
    }
    switch (kind) {
      case INT64: {
        long x = Values.parseLong(b, off, len);
        if (x == Values.BAD_LONG && !Values.isMinLong(b, off, len)) {
          return BAD_VALUE;
        }
        buffers.setLong(t, row, x);
        return OK;
      }
      case FLOAT64: {
        double x;
        try {
          x = Values.parseDouble(b, off, len);
        } catch (NumberFormatException e) {
          return BAD_VALUE;
        }
        buffers.setDouble(t, row, x);
        return OK;
      }
      case BOOLEAN: {
        int x = Values.parseBoolean(b, off, len);
        if (x < 0) {
          return BAD_VALUE;
        }
        buffers.setBoolean(t, row, x == 1);
        return OK;
      }
      case DATE: {
        long x = IsoTime.parseDate(b, off, len);
        if (x == IsoTime.BAD) {
          return BAD_VALUE;
        }
        buffers.setInt(t, row, (int) x);
        return OK;
      }
      case TIMESTAMP: {
        long x = IsoTime.parseTimestamp(b, off, len);
        if (x == IsoTime.BAD) {
          return BAD_VALUE;
        }
        buffers.setLong(t, row, x);
        return OK;
      }
      case DECIMAL: {
        DecimalParser d = decimals[t];
        if (d.parse(b, off, len) != DecimalParser.OK) {
          return BAD_VALUE;
        }
        buffers.setDecimal(t, row, d.lo, d.hi);
        return OK;
      }
      default:
        return buffers.setUtf8(t, row, b, off, len) ? OK : BAD_UTF8;
    }
  }

  /**
   * True when column {@code t} is INT64 and a field of only decimal digits is always the number
   * they spell, i.e. the null string is not made of digits.
   */
  boolean plainDigits(int t) {
    if (kinds[t] != CsvType.Kind.INT64 || nullBytes == null) {
      return kinds[t] == CsvType.Kind.INT64;
    }
    for (byte c : nullBytes) {
      if (c < '0' || c > '9') {
        return true;
      }
    }
    return nullBytes.length == 0;
  }

  /** Writes a parsed INT64 value into row {@code row} of column {@code t}. */
  void putLong(int t, int row, long x) {
    buffers.setLong(t, row, x);
  }

  /** Copies the first {@code rows} rows into new vectors and hands them over as a batch. */
  VectorSchemaRoot finish(int rows) {
    return buffers.finish(rows);
  }
}
