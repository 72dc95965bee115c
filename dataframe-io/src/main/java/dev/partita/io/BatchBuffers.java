package dev.partita.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One batch being filled row by row by a text reader (CSV, text lines, JSON lines), one heap array
 * per column, reused from batch to batch and copied into Arrow vectors in bulk by
 * {@link #finish}: Arrow's per-value setters check bounds and capacity on every call, which made up
 * most of the all-columns CSV read (benchmarks/RESULTS.md, "CSV reading").
 *
 * <pre>{@code
 * BatchBuffers b = new BatchBuffers(schema, allocator, 65_536);
 * b.setLong(0, row, 42); b.setUtf8(1, row, bytes, 0, bytes.length);
 * try (VectorSchemaRoot batch = b.finish(row + 1)) { ... }
 * }</pre>
 *
 * <p>Column types: 64-bit integers and timestamps ({@link #setLong}), doubles, booleans, days
 * ({@link #setInt}), UTF-8 strings and 128-bit decimals ({@link #setDecimal}). Rows are written in order; a row may be written again (a
 * line dropped after some of its fields were written), after {@link #clearRow}.
 */
public final class BatchBuffers {

  private static final int LONG = 0;
  private static final int DOUBLE = 1;
  private static final int BOOLEAN = 2;
  private static final int INT = 3;
  private static final int STRING = 4;
  private static final int DECIMAL = 5;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Schema schema;
  private final BufferAllocator allocator;
  private final int[] kinds;
  /** Per column, one bit per row. */
  private final long[][] valid;
  /** 64-bit values, BOOLEAN bits, and DECIMAL's two words per row (low first). */
  private final long[][] longs;
  private final double[][] doubles;
  private final int[][] ints;
  /** STRING: value i is {@code data[t][offsets[t][i] .. offsets[t][i + 1])}. */
  private final int[][] offsets;
  private final byte[][] data;

  /**
   * @param schema the batch's columns: Int(64), Timestamp, FloatingPoint(DOUBLE), Bool, Date(DAY),
   *     Utf8 or Decimal(p, s, 128)
   * @param rows the most rows a batch holds
   */
  public BatchBuffers(Schema schema, BufferAllocator allocator, int rows) {
    this.schema = schema;
    this.allocator = allocator;
    int n = schema.getFields().size();
    this.kinds = new int[n];
    int words = (rows + 63) >>> 6;
    valid = new long[n][words];
    longs = new long[n][];
    doubles = new double[n][];
    ints = new int[n][];
    offsets = new int[n][];
    data = new byte[n][];
    for (int t = 0; t < n; t++) {
      ArrowType type = schema.getFields().get(t).getType();
      int k = kindOf(type);
      kinds[t] = k;
      switch (k) {
        case LONG -> longs[t] = new long[rows];
        case BOOLEAN -> longs[t] = new long[words];
        case DECIMAL -> longs[t] = new long[2 * rows];
        case DOUBLE -> doubles[t] = new double[rows];
        case INT -> ints[t] = new int[rows];
        default -> {
          offsets[t] = new int[rows + 1];
          data[t] = new byte[1 << 16];
        }
      }
    }
  }

  private static int kindOf(ArrowType type) {
    return switch (type.getTypeID()) {
      case Int, Timestamp -> LONG;
      case FloatingPoint -> DOUBLE;
      case Bool -> BOOLEAN;
      case Date -> INT;
      case Utf8 -> STRING;
      case Decimal -> DECIMAL;
      default -> throw new IllegalArgumentException("no heap column for " + type);
    };
  }

  /** A 64-bit integer, or a timestamp in its unit. */
  public void setLong(int t, int row, long x) {
    longs[t][row] = x;
    valid[t][row >>> 6] |= 1L << row;
  }

  public void setDouble(int t, int row, double x) {
    doubles[t][row] = x;
    valid[t][row >>> 6] |= 1L << row;
  }

  public void setBoolean(int t, int row, boolean x) {
    long[] bits = longs[t];
    int word = row >>> 6;
    long bit = 1L << row;
    bits[word] = x ? bits[word] | bit : bits[word] & ~bit;
    valid[t][word] |= bit;
  }

  /** A date in days since the epoch. */
  public void setInt(int t, int row, int x) {
    ints[t][row] = x;
    valid[t][row >>> 6] |= 1L << row;
  }

  /**
   * A string from UTF-8 bytes, checked: returns false and writes nothing when they are not valid
   * UTF-8 (the check is one 8-bytes-a-step pass for ASCII text).
   */
  public boolean setUtf8(int t, int row, byte[] b, int off, int len) {
    if (hasHighBytes(b, off, len) && invalidUtf8(b, off, len) >= 0) {
      return false;
    }
    int[] o = offsets[t];
    int at = o[row];
    byte[] d = data[t];
    if (d.length - at < len) {
      d = grow(t, (long) at + len);
    }
    System.arraycopy(b, off, d, at, len);
    o[row + 1] = at + len;
    valid[t][row >>> 6] |= 1L << row;
    return true;
  }

  /**
   * A decimal's unscaled value as a 128-bit two's-complement integer, its low and high words (for
   * a value that fits a long: the value, and {@code value >> 63}).
   */
  public void setDecimal(int t, int row, long lo, long hi) {
    longs[t][2 * row] = lo;
    longs[t][2 * row + 1] = hi;
    valid[t][row >>> 6] |= 1L << row;
  }

  /** Clears the row's validity bit; a null decimal's slot is zeroed, as Parquet's are. */
  public void setNull(int t, int row) {
    valid[t][row >>> 6] &= ~(1L << row);
    if (kinds[t] == STRING) {
      offsets[t][row + 1] = offsets[t][row];
    } else if (kinds[t] == DECIMAL) {
      longs[t][2 * row] = 0;
      longs[t][2 * row + 1] = 0;
    }
  }

  /** Whether column {@code t} of {@code row} holds a value. */
  public boolean isSet(int t, int row) {
    return (valid[t][row >>> 6] & 1L << row) != 0;
  }

  /** Every column of {@code row} null, before the row is written (again). */
  public void clearRow(int row) {
    for (int t = 0; t < kinds.length; t++) {
      setNull(t, row);
    }
  }

  /** The string bytes written to column {@code t} in this batch so far. */
  public long stringBytes(int t, int rows) {
    return offsets[t][rows];
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
  public VectorSchemaRoot finish(int rows) {
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
      } else if (k == DOUBLE) {
        db.nioBuffer(0, rows * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
            .put(doubles[t], 0, rows);
      } else if (k == INT) {
        db.nioBuffer(0, rows * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
            .put(ints[t], 0, rows);
      } else if (k == DECIMAL) {
        db.nioBuffer(0, rows * 16).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
            .put(longs[t], 0, 2 * rows);
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

  /**
   * The offset of the first byte that starts a malformed UTF-8 sequence (overlong, surrogate,
   * beyond U+10FFFF, truncated), or -1 when all is well.
   */
  public static int invalidUtf8(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      int n;
      int cp;
      int min;
      if ((c & 0xE0) == 0xC0) {
        n = 1;
        cp = c & 0x1F;
        min = 0x80;
      } else if ((c & 0xF0) == 0xE0) {
        n = 2;
        cp = c & 0x0F;
        min = 0x800;
      } else if ((c & 0xF8) == 0xF0) {
        n = 3;
        cp = c & 0x07;
        min = 0x10000;
      } else {
        return i;
      }
      for (int k = 1; k <= n; k++) {
        if (i + k >= end || (b[i + k] & 0xC0) != 0x80) {
          return i;
        }
        cp = (cp << 6) | (b[i + k] & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return i;
      }
      i += n + 1;
    }
    return -1;
  }

  /** True when some byte is ≥ 0x80, i.e. the bytes are not plain ASCII; 8 bytes per step. */
  private static boolean hasHighBytes(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    long or = 0;
    for (; i + 8 <= end; i += 8) {
      or |= (long) LONGS.get(b, i);
    }
    for (; i < end; i++) {
      or |= b[i];
    }
    return (or & 0x8080808080808080L) != 0;
  }
}
