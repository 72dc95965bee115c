package dev.partita.hash;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Group table for one string key: each row's UTF-8 bytes (the batch's data buffer copied in bulk)
 * are hashed and compared against keys kept in a byte arena; a slot holds the full hash next to the
 * group id so that a mismatch rarely reaches the byte comparison. No String is ever created.
 */
final class BytesGroupTable extends OneColumnTable<BytesKeys> {

  private static final long serialVersionUID = 1L;

  /** Per slot: high 32 bits of the key's hash, low 32 bits group id + 1 (0 = empty); one load per probe. */
  private long[] slots = new long[64];
  private long[] groupHashes = new long[32];
  private int nullGroup = -1;

  BytesGroupTable(BytesKeys keys) {
    super(keys);
  }

  @Override
  public void groupIds(List<FieldVector> keyVectors, int rowCount, int[] ids) {
    keys.load(keyVectors.get(0), rowCount);
    byte[] data = keys.batchData;
    int[] offsets = keys.batchOffsets;
    boolean nullable = keys.validity != null;
    for (int i = 0; i < rowCount; i++) {
      if (nullable && keys.rowNull(i)) {
        ids[i] = nullGroup();
      } else {
        ids[i] = find(data, offsets[i], offsets[i + 1] - offsets[i]);
      }
    }
    keys.release();
  }

  private int nullGroup() {
    if (nullGroup < 0) {
      nullGroup = keys.size;
      keys.append(keys.arena, 0, 0, true);
    }
    return nullGroup;
  }

  private int find(byte[] a, int off, int len) {
    long h = Hashing.hashBytes(a, off, len);
    long tag = h & 0xFFFFFFFF00000000L;
    int mask = slots.length - 1;
    for (int s = (int) h & mask; ; s = (s + 1) & mask) {
      long slot = slots[s];
      if (slot == 0) {
        keys.append(a, off, len, false);
        return inserted(s, h, tag);
      }
      if ((slot & 0xFFFFFFFF00000000L) == tag && keys.groupEquals((int) slot - 1, a, off, len)) {
        return (int) slot - 1;
      }
    }
  }

  private int inserted(int slot, long h, long tag) {
    int g = keys.size - 1;
    if (g >= groupHashes.length) {
      groupHashes = Arrays.copyOf(groupHashes, Math.max(g + 1, 2 * groupHashes.length));
    }
    groupHashes[g] = h;
    slots[slot] = tag | (g + 1);
    if (keys.size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return g;
  }

  private void rehash(int capacity) {
    long[] fresh = new long[capacity];
    int mask = capacity - 1;
    for (long slot : slots) {
      if (slot != 0) {
        int t = (int) groupHashes[(int) slot - 1] & mask;
        while (fresh[t] != 0) {
          t = (t + 1) & mask;
        }
        fresh[t] = slot;
      }
    }
    slots = fresh;
  }

  @Override
  int[] mergeSelected(GroupTable other, boolean[] keep) {
    BytesKeys o = ((BytesGroupTable) other).keys;
    int[] map = new int[o.size];
    for (int og = 0; og < o.size; og++) {
      map[og] = keep != null && !keep[og] ? -1
          : o.nulls[og] ? nullGroup() : find(o.arena, o.offsets[og], o.offsets[og + 1] - o.offsets[og]);
    }
    return map;
  }

  @Override
  public GroupTable emptyCopy() {
    return new BytesGroupTable((BytesKeys) keys.emptyCopy());
  }

  @Override
  public long sizeBytes() {
    return 64L + slots.length * 8L + groupHashes.length * 8L + keys.sizeBytes();
  }
}
