package dev.partita.io.csv;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One batch being filled from field bytes, one projected column each. Both readers write through
 * here, so typing and null rules are the same on both paths.
 *
 * <p>Values go into heap arrays reused from batch to batch and are copied into Arrow vectors in
 * bulk by {@link #finish}: Arrow's per-value setters check bounds and capacity on every call, which
 * made up most of the all-columns read (benchmarks/RESULTS.md, "CSV reading").
 */
final class Batch {

  static final int OK = 0;
  static final int BAD_VALUE = 1;
  static final int BAD_UTF8 = 2;

  private static final int INT64 = CsvType.INT64.ordinal();
  private static final int FLOAT64 = CsvType.FLOAT64.ordinal();
  private static final int BOOLEAN = CsvType.BOOLEAN.ordinal();
  private static final int DATE = CsvType.DATE.ordinal();
  private static final int TIMESTAMP = CsvType.TIMESTAMP.ordinal();
  private static final int STRING = CsvType.STRING.ordinal();

  private final Schema schema;
  private final BufferAllocator allocator;
  private final int[] kinds;
  private final byte[] nullBytes;
  /** Per column, one bit per row. */
  private final long[][] valid;
  /** INT64 and TIMESTAMP values, BOOLEAN bits. */
  private final long[][] longs;
  private final double[][] doubles;
  private final int[][] ints;
  /** STRING: value i is {@code data[t][offsets[t][i] .. offsets[t][i + 1])}. */
  private final int[][] offsets;
  private final byte[][] data;

  Batch(Schema schema, List<CsvSource.Column> columns, String nullString,
      BufferAllocator allocator, int rows) {
    this.schema = schema;
    this.allocator = allocator;
    this.kinds = columns.stream().mapToInt(c -> c.type().ordinal()).toArray();
    this.nullBytes = nullString == null ? null
        : nullString.getBytes(StandardCharsets.UTF_8);
    int n = kinds.length;
    int words = (rows + 63) >>> 6;
    valid = new long[n][words];
    longs = new long[n][];
    doubles = new double[n][];
    ints = new int[n][];
    offsets = new int[n][];
    data = new byte[n][];
    for (int t = 0; t < n; t++) {
      int k = kinds[t];
      if (k == INT64 || k == TIMESTAMP) {
        longs[t] = new long[rows];
      } else if (k == BOOLEAN) {
        longs[t] = new long[words];
      } else if (k == FLOAT64) {
        doubles[t] = new double[rows];
      } else if (k == DATE) {
        ints[t] = new int[rows];
      } else {
        offsets[t] = new int[rows + 1];
        data[t] = new byte[1 << 16];
      }
    }
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
    int kind = kinds[t];
    long bit = 1L << row;
    int word = row >>> 6;
    if (len == 0) {
      if (!quoted || kind != STRING) {
        return setNull(t, kind, row, word, bit);
      }
    } else if (nullBytes != null && !quoted && len == nullBytes.length
        && Arrays.equals(b, off, off + len, nullBytes, 0, len)) {
      return setNull(t, kind, row, word, bit);
    }
    switch (kind) {
      case 0: {
        long x = Values.parseLong(b, off, len);
        if (x == Values.BAD_LONG && !Values.isMinLong(b, off, len)) {
          return BAD_VALUE;
        }
        longs[t][row] = x;
        break;
      }
      case 1: {
        double x;
        try {
          x = Values.parseDouble(b, off, len);
        } catch (NumberFormatException e) {
          return BAD_VALUE;
        }
        doubles[t][row] = x;
        break;
      }
      case 2: {
        int x = Values.parseBoolean(b, off, len);
        if (x < 0) {
          return BAD_VALUE;
        }
        long[] bits = longs[t];
        bits[word] = x == 1 ? bits[word] | bit : bits[word] & ~bit;
        break;
      }
      case 3: {
        long x = Values.parseDate(b, off, len);
        if (x == Values.BAD_TIME) {
          return BAD_VALUE;
        }
        ints[t][row] = (int) x;
        break;
      }
      case 4: {
        long x = Values.parseTimestamp(b, off, len);
        if (x == Values.BAD_TIME) {
          return BAD_VALUE;
        }
        longs[t][row] = x;
        break;
      }
      default: {
        if (Values.hasHighBytes(b, off, len) && Values.invalidUtf8(b, off, len) >= 0) {
          return BAD_UTF8;
        }
        int[] o = offsets[t];
        int at = o[row];
        byte[] d = data[t];
        if (d.length - at < len) {
          d = grow(t, (long) at + len);
        }
        System.arraycopy(b, off, d, at, len);
        o[row + 1] = at + len;
        break;
      }
    }
    valid[t][word] |= bit;
    return OK;
  }

  /**
   * True when column {@code t} is INT64 and a field of only decimal digits is always the number
   * they spell, i.e. the null string is not made of digits.
   */
  boolean plainDigits(int t) {
    if (kinds[t] != INT64 || nullBytes == null) {
      return kinds[t] == INT64;
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
    longs[t][row] = x;
    valid[t][row >>> 6] |= 1L << row;
  }

  private int setNull(int t, int kind, int row, int word, long bit) {
    valid[t][word] &= ~bit;
    if (kind == STRING) {
      offsets[t][row + 1] = offsets[t][row];
    }
    return OK;
  }

  private byte[] grow(int t, long need) {
    if (need > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("string column over 2 GiB in one batch; read with fewer"
          + " rows per batch");
    }
    long size = Math.max(need, Math.min(Integer.MAX_VALUE - 8, 2L * data[t].length));
    data[t] = Arrays.copyOf(data[t], (int) size);
    return data[t];
  }

  /** Copies the first {@code rows} rows into new vectors and hands them over as a batch. */
  VectorSchemaRoot finish(int rows) {
    List<FieldVector> list = new ArrayList<>(kinds.length);
    try {
      for (int t = 0; t < kinds.length; t++) {
        FieldVector v = schema.getFields().get(t).createVector(allocator);
        list.add(v);
        fill(t, v, rows);
      }
    } catch (RuntimeException e) {
      list.forEach(FieldVector::close);
      throw e;
    }
    return new VectorSchemaRoot(schema.getFields(), list, rows);
  }

  private void fill(int t, FieldVector v, int rows) {
    int k = kinds[t];
    int words = (rows + 63) >>> 6;
    if (v instanceof VarCharVector s) {
      int[] o = offsets[t];
      s.allocateNew(Math.max(o[rows], 1), rows);
      ArrowBuf ob = s.getOffsetBuffer();
      ob.nioBuffer(0, (rows + 1) * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
          .put(o, 0, rows + 1);
      MemoryUtil.copyToMemory(data[t], 0, s.getDataBuffer().memoryAddress(), o[rows]);
      s.setLastSet(rows - 1);
    } else {
      BaseFixedWidthVector f = (BaseFixedWidthVector) v;
      f.allocateNew(rows);
      ArrowBuf db = f.getDataBuffer();
      if (k == BOOLEAN) {
        putWords(db, longs[t], words);
      } else if (k == FLOAT64) {
        db.nioBuffer(0, rows * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
            .put(doubles[t], 0, rows);
      } else if (k == DATE) {
        db.nioBuffer(0, rows * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
            .put(ints[t], 0, rows);
      } else {
        db.nioBuffer(0, rows * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
            .put(longs[t], 0, rows);
      }
    }
    long[] w = valid[t];
    if ((rows & 63) != 0) {
      w[words - 1] &= -1L >>> (64 - (rows & 63));
    }
    putWords(v.getValidityBuffer(), w, words);
    v.setValueCount(rows);
  }

  /** Copies {@code n} words of a bitmap; the buffer may end inside the last word. */
  private static void putWords(ArrowBuf buf, long[] words, int n) {
    int bytes = (int) Math.min(buf.capacity(), n * 8L);
    for (int i = 0; i < n; i++) {
      int at = i * 8;
      long x = words[i];
      if (at + 8 <= bytes) {
        buf.setLong(at, x);
      } else {
        for (int j = at; j < bytes; j++, x >>>= 8) {
          buf.setByte(j, (byte) x);
        }
      }
    }
  }
}
