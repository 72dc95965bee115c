package dev.partita.hash;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Key column of strings (UTF-8 bytes straight from the Arrow data buffer) or decimals (their 16
 * little-endian bytes); keys live in one growing byte arena, so no object is created per key.
 */
final class BytesKeys extends KeyColumn {

  private static final long serialVersionUID = 1L;
  private static final int DECIMAL_WIDTH = 16;

  private final boolean decimal;
  byte[] arena = new byte[256];
  int[] offsets = new int[17];
  transient ArrowBuf data;
  transient ArrowBuf offsetBuf;

  BytesKeys(SerialField field) {
    super(field);
    this.decimal = field.get().getType().getTypeID() == ArrowType.ArrowTypeID.Decimal;
  }

  @Override
  void load(FieldVector v, int n) {
    super.load(v, n);
    data = v.getDataBuffer();
    offsetBuf = decimal ? null : v.getOffsetBuffer();
  }

  @Override
  void release() {
    super.release();
    data = null;
    offsetBuf = null;
  }

  long rowStart(int i) {
    return decimal ? (long) i * DECIMAL_WIDTH : offsetBuf.getInt((long) i << 2);
  }

  int rowLength(int i) {
    return decimal ? DECIMAL_WIDTH : offsetBuf.getInt(((long) i + 1) << 2) - offsetBuf.getInt((long) i << 2);
  }

  void appendBytes(ArrowBuf buf, long start, int len, boolean isNull) {
    growNulls(size + 1);
    if (size + 2 > offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    int end = offsets[size];
    if (end + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(end + len, arena.length * 2));
    }
    if (len > 0) {
      buf.getBytes(start, arena, end, len);
    }
    nulls[size] = isNull;
    offsets[++size] = end + len;
  }

  void appendArray(byte[] a, int off, int len, boolean isNull) {
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

  @Override
  long hashRow(int i) {
    return rowNull(i) ? Hashing.NULL_HASH : Hashing.hashBytes(data, rowStart(i), rowLength(i));
  }

  @Override
  boolean rowEquals(int i, int g) {
    if (rowNull(i)) {
      return nulls[g];
    }
    int len = rowLength(i);
    return !nulls[g] && offsets[g + 1] - offsets[g] == len
        && Hashing.bytesEqual(data, rowStart(i), arena, offsets[g], len);
  }

  @Override
  void appendRow(int i) {
    if (rowNull(i)) {
      appendArray(arena, 0, 0, true);
    } else {
      appendBytes(data, rowStart(i), rowLength(i), false);
    }
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
    return Arrays.equals(arena, offsets[g], offsets[g + 1], o.arena, o.offsets[og], o.offsets[og + 1]);
  }

  @Override
  void appendGroup(KeyColumn other, int og) {
    BytesKeys o = (BytesKeys) other;
    appendArray(o.arena, o.offsets[og], o.offsets[og + 1] - o.offsets[og], o.nulls[og]);
  }

  @Override
  KeyColumn emptyCopy() {
    return new BytesKeys(field);
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

  @Override
  long sizeBytes() {
    return 64L + arena.length + offsets.length * 4L + nulls.length;
  }
}
