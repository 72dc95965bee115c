package dev.partita.hash;

import dev.partita.io.DictionaryVector;
import dev.partita.kernel.Selection;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The distinct values of one key column, stored column-wise by group id, plus the decoded current
 * batch. Row methods refer to the batch given to {@link #load}; group methods to stored keys.
 */
abstract class KeyColumn implements Serializable {

  private static final long serialVersionUID = 1L;

  final SerialField field;
  int size;
  boolean[] nulls = new boolean[16];
  transient ArrowBuf validity;
  private transient int[] batchCodes;

  KeyColumn(SerialField field) {
    this.field = field;
  }

  static KeyColumn of(Field f) {
    ArrowType t = f.getType();
    if (VectorAccess.isLongEncodable(t)) {
      return new LongKeys(SerialField.of(f));
    }
    if (t.getTypeID() == ArrowType.ArrowTypeID.Utf8 || t.getTypeID() == ArrowType.ArrowTypeID.Decimal) {
      return new BytesKeys(SerialField.of(f));
    }
    throw new IllegalArgumentException(
        "cannot group by column '" + f.getName() + "' of type " + t);
  }

  /** Decodes rows {@code [0, n)} of {@code v} as the current batch. */
  void load(FieldVector v, int n) {
    validity = v.getNullCount() == 0 ? null : v.getValidityBuffer();
  }

  /** The codes of rows {@code [0, n)} of {@code v}, copied in bulk into an array reused across batches. */
  final int[] codes(DictionaryVector v, int n) {
    if (batchCodes == null || batchCodes.length < n) {
      batchCodes = new int[Math.max(n, 1024)];
    }
    VectorAccess.readInts(v, n, batchCodes);
    return batchCodes;
  }

  /** Drops references to the current batch's buffers. */
  void release() {
    validity = null;
  }

  /** Lets go of the batch's working arrays (see {@link GroupTable#dropScratch}). */
  void dropScratch() {
    batchCodes = null;
  }

  final boolean rowNull(int i) {
    return validity != null && !VectorAccess.isValid(validity, i);
  }

  final void growNulls(int need) {
    if (need > nulls.length) {
      nulls = Arrays.copyOf(nulls, Math.max(need, nulls.length * 2));
    }
  }

  abstract long hashRow(int i);

  abstract boolean rowEquals(int i, int g);

  abstract void appendRow(int i);

  abstract long hashGroup(int g);

  abstract boolean groupEquals(int g, KeyColumn other, int og);

  abstract void appendGroup(KeyColumn other, int og);

  abstract KeyColumn emptyCopy();

  /**
   * A column sharing this one's stored keys, read-only, with its own batch scratch: several threads may
   * each load batches into their own view and compare rows against the groups at once, once the table
   * no longer grows.
   */
  abstract KeyColumn probeView();

  abstract FieldVector toArrow(BufferAllocator allocator);

  /** The keys of groups {@code rows[0..n)} as a vector, row i = group {@code rows[i]}, owned by the caller. */
  FieldVector gather(int[] rows, BufferAllocator allocator) {
    try (FieldVector distinct = toArrow(allocator)) {
      return Selection.take(distinct, rows, allocator);
    }
  }

  /** Sets the validity bits of {@code v}, whose row i holds group {@code rows[i]}, with one bulk write. */
  final void writeValidity(FieldVector v, int[] rows) {
    byte[] bits = new byte[(rows.length + 7) >>> 3];
    for (int i = 0; i < rows.length; i++) {
      if (!nulls[rows[i]]) {
        bits[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    v.getValidityBuffer().setBytes(0, bits);
  }

  abstract long sizeBytes();
}
