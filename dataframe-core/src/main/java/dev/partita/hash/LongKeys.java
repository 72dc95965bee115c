package dev.partita.hash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import dev.partita.io.DictionaryVector;
import dev.partita.io.LongDictionary;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;

/** Key column of a long-encodable type; float keys are canonicalised so all NaNs and ±0 group together. */
final class LongKeys extends KeyColumn {

  private static final long serialVersionUID = 1L;
  private static final long CANONICAL_NAN = Double.doubleToLongBits(Double.NaN);
  private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

  private final boolean floating;
  long[] values = new long[16];
  transient long[] batch;

  LongKeys(SerialField field) {
    super(field);
    this.floating = VectorAccess.isFloating(field.get().getType());
  }

  @Override
  void dropScratch() {
    super.dropScratch();
    batch = null;
  }

  @Override
  void load(FieldVector v, int n) {
    super.load(v, n);
    if (batch == null || batch.length < n) {
      batch = new long[n];
    }
    if (v instanceof DictionaryVector d) {
      long[] entries = ((LongDictionary) d.dictionary()).values();
      int[] c = codes(d, n);
      for (int i = 0; i < n; i++) {
        batch[i] = rowNull(i) ? 0 : entries[c[i]];
      }
      return;
    }
    VectorAccess.readLongs(v, n, batch);
    if (floating) {
      for (int i = 0; i < n; i++) {
        batch[i] = canonical(batch[i]);
      }
    }
  }

  private static long canonical(long bits) {
    double d = Double.longBitsToDouble(bits);
    if (d != d) {
      return CANONICAL_NAN;
    }
    return bits == NEGATIVE_ZERO ? 0L : bits;
  }

  void append(long value, boolean isNull) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    growNulls(size + 1);
    values[size] = isNull ? 0 : value;
    nulls[size] = isNull;
    size++;
  }

  @Override
  long hashRow(int i) {
    return rowNull(i) ? Hashing.NULL_HASH : Hashing.fmix64(batch[i]);
  }

  @Override
  boolean rowEquals(int i, int g) {
    return rowNull(i) ? nulls[g] : !nulls[g] && values[g] == batch[i];
  }

  @Override
  void appendRow(int i) {
    append(batch[i], rowNull(i));
  }

  @Override
  long hashGroup(int g) {
    return nulls[g] ? Hashing.NULL_HASH : Hashing.fmix64(values[g]);
  }

  @Override
  boolean groupEquals(int g, KeyColumn other, int og) {
    LongKeys o = (LongKeys) other;
    return nulls[g] == o.nulls[og] && values[g] == o.values[og];
  }

  @Override
  void appendGroup(KeyColumn other, int og) {
    LongKeys o = (LongKeys) other;
    append(o.values[og], o.nulls[og]);
  }

  @Override
  KeyColumn emptyCopy() {
    return new LongKeys(field);
  }

  @Override
  KeyColumn probeView() {
    LongKeys v = new LongKeys(field);
    v.values = values;
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
        if (!nulls[g]) {
          VectorAccess.setLong(v, g, values[g]);
        }
      }
      v.setValueCount(size);
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  /** Int64-like and int32-like keys are written through NIO views; other types take the generic path. */
  @Override
  FieldVector gather(int[] rows, BufferAllocator allocator) {
    FieldVector v = field.get().createVector(allocator);
    boolean wide = v instanceof BigIntVector || v instanceof TimeStampVector || v instanceof DateMilliVector
        || v instanceof Float8Vector;
    if (!wide && !(v instanceof IntVector || v instanceof DateDayVector)) {
      v.close();
      return super.gather(rows, allocator);
    }
    try {
      int n = rows.length;
      v.setInitialCapacity(n);
      v.allocateNew();
      if (n > 0) {
        ByteBuffer data = v.getDataBuffer().nioBuffer(0, n * (wide ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        if (wide) {
          LongBuffer out = data.asLongBuffer();
          for (int i = 0; i < n; i++) {
            out.put(i, values[rows[i]]);
          }
        } else {
          IntBuffer out = data.asIntBuffer();
          for (int i = 0; i < n; i++) {
            out.put(i, (int) values[rows[i]]);
          }
        }
        writeValidity(v, rows);
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
    return 64L + values.length * 8L + nulls.length;
  }
}
