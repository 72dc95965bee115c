package dev.partita.hash;

import dev.partita.io.DictionaryVector;
import dev.partita.io.Utf8Dictionary;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Key column of strings (their UTF-8 bytes) or decimals (their 16
 * little-endian bytes); keys live in one growing byte arena, so no object is created per key.
 */
final class BytesKeys extends KeyColumn {

  private static final long serialVersionUID = 1L;
  private static final int DECIMAL_WIDTH = 16;

  private final boolean decimal;
  byte[] arena = new byte[256];
  int[] offsets = new int[17];
  /** The current batch: its data buffer and row offsets copied in bulk (a memcpy each), so that
   * hashing and comparing run over Java arrays instead of bounds-checked ArrowBuf reads. */
  transient byte[] batchData;
  transient int[] batchOffsets;
  /** The current batch's dictionary codes, when it is a {@link DictionaryVector}. */

  BytesKeys(SerialField field) {
    super(field);
    this.decimal = field.get().getType().getTypeID() == ArrowType.ArrowTypeID.Decimal;
  }

  @Override
  void dropScratch() {
    super.dropScratch();
    batchData = null;
    batchOffsets = null;
  }

  @Override
  void load(FieldVector v, int n) {
    super.load(v, n);
    if (batchOffsets == null || batchOffsets.length < n + 1) {
      batchOffsets = new int[n + 1];
    }
    if (v instanceof DictionaryVector d) {
      loadCoded(d, n);
      return;
    }
    if (decimal) {
      for (int i = 0; i <= n; i++) {
        batchOffsets[i] = i * DECIMAL_WIDTH;
      }
    } else {
      VectorAccess.readOffsets(v, n, batchOffsets);
    }
    int bytes = batchOffsets[n];
    growBatchData(bytes);
    if (bytes > 0) {
      v.getDataBuffer().getBytes(0, batchData, 0, bytes);
    }
  }

  /** The rows' bytes gathered from the dictionary into the batch arrays (a null row is empty). */
  private void loadCoded(DictionaryVector v, int n) {
    int[] codes = codes(v, n);
    Utf8Dictionary d = (Utf8Dictionary) v.dictionary();
    int[] entries = d.offsets();
    byte[] bytes = d.bytes();
    batchOffsets[0] = 0;
    for (int i = 0; i < n; i++) {
      int c = codes[i];
      batchOffsets[i + 1] = batchOffsets[i] + (rowNull(i) ? 0 : entries[c + 1] - entries[c]);
    }
    growBatchData(batchOffsets[n]);
    for (int i = 0; i < n; i++) {
      int len = batchOffsets[i + 1] - batchOffsets[i];
      if (len > 0) {
        System.arraycopy(bytes, entries[codes[i]], batchData, batchOffsets[i], len);
      }
    }
  }

  private void growBatchData(int bytes) {
    if (batchData == null || batchData.length < bytes) {
      batchData = new byte[Math.max(bytes, 1024)];
    }
  }

  int rowStart(int i) {
    return batchOffsets[i];
  }

  int rowLength(int i) {
    return batchOffsets[i + 1] - batchOffsets[i];
  }

  void append(byte[] a, int off, int len, boolean isNull) {
    growNulls(size + 1);
    if (size + 2 > offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    int end = offsets[size];
    if (end + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(end + len, arena.length * 2));
    }
    System.arraycopy(a, off, arena, end, len);
    nulls[size] = isNull;
    offsets[++size] = end + len;
  }

  boolean groupEquals(int g, byte[] a, int off, int len) {
    return offsets[g + 1] - offsets[g] == len && Hashing.equalBytes(arena, offsets[g], a, off, len);
  }

  @Override
  long hashRow(int i) {
    return rowNull(i) ? Hashing.NULL_HASH : Hashing.hashBytes(batchData, rowStart(i), rowLength(i));
  }

  @Override
  boolean rowEquals(int i, int g) {
    if (rowNull(i)) {
      return nulls[g];
    }
    return !nulls[g] && groupEquals(g, batchData, rowStart(i), rowLength(i));
  }

  @Override
  void appendRow(int i) {
    boolean isNull = rowNull(i);
    append(batchData, rowStart(i), isNull ? 0 : rowLength(i), isNull);
  }

  @Override
  long hashGroup(int g) {
    return nulls[g] ? Hashing.NULL_HASH : Hashing.hashBytes(arena, offsets[g], offsets[g + 1] - offsets[g]);
  }

  @Override
  boolean groupEquals(int g, KeyColumn other, int og) {
    BytesKeys o = (BytesKeys) other;
    if (nulls[g] || o.nulls[og]) {
      return nulls[g] == o.nulls[og];
    }
    int len = offsets[g + 1] - offsets[g];
    return o.offsets[og + 1] - o.offsets[og] == len && Hashing.equalBytes(arena, offsets[g], o.arena, o.offsets[og], len);
  }

  @Override
  void appendGroup(KeyColumn other, int og) {
    BytesKeys o = (BytesKeys) other;
    append(o.arena, o.offsets[og], o.offsets[og + 1] - o.offsets[og], o.nulls[og]);
  }

  @Override
  KeyColumn emptyCopy() {
    return new BytesKeys(field);
  }

  @Override
  KeyColumn probeView() {
    BytesKeys v = new BytesKeys(field);
    v.arena = arena;
    v.offsets = offsets;
    v.nulls = nulls;
    v.size = size;
    return v;
  }

  @Override
  FieldVector toArrow(BufferAllocator allocator) {
    FieldVector v = field.get().createVector(allocator);
    try {
      v.setInitialCapacity(size);
      v.allocateNew();
      for (int g = 0; g < size; g++) {
        if (nulls[g]) {
          continue;
        }
        if (decimal) {
          byte[] bigEndian = new byte[DECIMAL_WIDTH];
          for (int b = 0; b < DECIMAL_WIDTH; b++) {
            bigEndian[b] = arena[offsets[g] + DECIMAL_WIDTH - 1 - b];
          }
          ((DecimalVector) v).setBigEndianSafe(g, bigEndian);
        } else {
          ((VarCharVector) v).setSafe(g, arena, offsets[g], offsets[g + 1] - offsets[g]);
        }
      }
      v.setValueCount(size);
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  /** Strings are gathered into one byte array and offsets array, each written to Arrow at once. */
  @Override
  FieldVector gather(int[] rows, BufferAllocator allocator) {
    if (decimal) {
      return super.gather(rows, allocator);
    }
    int n = rows.length;
    int[] out = new int[n + 1];
    for (int i = 0; i < n; i++) {
      out[i + 1] = out[i] + offsets[rows[i] + 1] - offsets[rows[i]];
    }
    byte[] data = new byte[out[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(arena, offsets[rows[i]], data, out[i], out[i + 1] - out[i]);
    }
    VarCharVector v = (VarCharVector) field.get().createVector(allocator);
    try {
      v.allocateNew(Math.max(data.length, 1), Math.max(n, 1));
      if (n > 0) {
        v.getDataBuffer().setBytes(0, data);
        v.getOffsetBuffer().nioBuffer(0, (n + 1) * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(out);
        writeValidity(v, rows);
        v.setLastSet(n - 1);
      }
      v.setValueCount(n);
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  @Override
  long sizeBytes() {
    return 64L + arena.length + offsets.length * 4L + nulls.length;
  }
}
