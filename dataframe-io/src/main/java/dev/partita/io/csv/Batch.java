package dev.partita.io.csv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The vectors of one batch being filled from field bytes, one projected column each. Both readers
 * write through here, so typing and null rules are the same on both paths.
 */
final class Batch {

  static final int OK = 0;
  static final int BAD_VALUE = 1;
  static final int BAD_UTF8 = 2;

  private static final int INITIAL_STRING_BYTES = 16;

  private final Schema schema;
  private final int[] kinds;
  private final byte[] nullBytes;
  private final long[] stringBytes;
  private FieldVector[] vectors;

  Batch(Schema schema, List<CsvSource.Column> columns, String nullString) {
    this.schema = schema;
    this.kinds = columns.stream().mapToInt(c -> c.type().ordinal()).toArray();
    this.nullBytes = nullString == null ? null
        : nullString.getBytes(StandardCharsets.UTF_8);
    this.stringBytes = new long[kinds.length];
    Arrays.fill(stringBytes, INITIAL_STRING_BYTES);
  }

  /** Allocates vectors for up to {@code rows} rows; strings sized from the previous batch. */
  void allocate(BufferAllocator allocator, int rows) {
    vectors = new FieldVector[kinds.length];
    try {
      for (int t = 0; t < kinds.length; t++) {
        FieldVector v = schema.getFields().get(t).createVector(allocator);
        vectors[t] = v;
        if (v instanceof VarCharVector s) {
          s.allocateNew(Math.max(stringBytes[t], 64), rows);
        } else {
          v.setInitialCapacity(rows);
          v.allocateNew();
        }
      }
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
  }

  /**
   * Writes one field into row {@code row} of projected column {@code t}. An empty field reads as
   * null except a quoted one ({@code ""}) in a string column, which is the empty string, as in
   * DuckDB; an unquoted null string reads as null.
   *
   * @return {@link #OK}, {@link #BAD_VALUE} or {@link #BAD_UTF8}
   */
  int write(int t, byte[] b, int off, int len, boolean quoted, int row) {
    FieldVector v = vectors[t];
    int kind = kinds[t];
    if (len == 0) {
      if (!quoted || kind != CsvType.STRING.ordinal()) {
        v.setNull(row);
        return OK;
      }
    } else if (nullBytes != null && !quoted && len == nullBytes.length
        && Arrays.equals(b, off, off + len, nullBytes, 0, len)) {
      v.setNull(row);
      return OK;
    }
    switch (kind) {
      case 0: {
        long x = Values.parseLong(b, off, len);
        if (x == Values.BAD_LONG && !Values.isMinLong(b, off, len)) {
          return BAD_VALUE;
        }
        ((BigIntVector) v).set(row, x);
        return OK;
      }
      case 1: {
        double x;
        try {
          x = Values.parseDouble(b, off, len);
        } catch (NumberFormatException e) {
          return BAD_VALUE;
        }
        ((Float8Vector) v).set(row, x);
        return OK;
      }
      case 2: {
        int x = Values.parseBoolean(b, off, len);
        if (x < 0) {
          return BAD_VALUE;
        }
        ((BitVector) v).set(row, x);
        return OK;
      }
      case 3: {
        long x = Values.parseDate(b, off, len);
        if (x == Values.BAD_TIME) {
          return BAD_VALUE;
        }
        ((DateDayVector) v).set(row, (int) x);
        return OK;
      }
      case 4: {
        long x = Values.parseTimestamp(b, off, len);
        if (x == Values.BAD_TIME) {
          return BAD_VALUE;
        }
        ((TimeStampMicroVector) v).set(row, x);
        return OK;
      }
      default:
        if (Values.hasHighBytes(b, off, len) && Values.invalidUtf8(b, off, len) >= 0) {
          return BAD_UTF8;
        }
        ((VarCharVector) v).setSafe(row, b, off, len);
        return OK;
    }
  }

  /** Hands the filled vectors over as a batch of {@code rows} rows. */
  VectorSchemaRoot finish(int rows) {
    List<FieldVector> list = new ArrayList<>(vectors.length);
    for (int t = 0; t < vectors.length; t++) {
      FieldVector v = vectors[t];
      v.setValueCount(rows);
      if (v instanceof VarCharVector s && rows > 0) {
        stringBytes[t] = s.getOffsetBuffer().getInt((long) rows * 4) * (long) s.getValueCapacity()
            / rows + 64;
      }
      list.add(v);
    }
    vectors = null;
    return new VectorSchemaRoot(schema.getFields(), list, rows);
  }

  /** Frees the vectors of a batch that will not be handed over. */
  void discard() {
    if (vectors != null) {
      for (FieldVector v : vectors) {
        if (v != null) {
          v.close();
        }
      }
      vectors = null;
    }
  }
}
