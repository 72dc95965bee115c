package dev.partita.hash;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Group table for one long-encodable key (int64, int32, date, timestamp, float, boolean): keys
 * and group ids sit side by side in the slot arrays, so a probe touches one cache line; the null
 * key's group is kept outside the table.
 */
final class LongGroupTable implements GroupTable {

  private static final long serialVersionUID = 1L;

  private final LongKeys keys;
  private long[] slotKeys = new long[64];
  private int[] slotIds = new int[64];
  private int nullGroup = -1;

  LongGroupTable(LongKeys keys) {
    this.keys = keys;
  }

  @Override
  public int groupCount() {
    return keys.size;
  }

  @Override
  public void groupIds(List<FieldVector> keyVectors, int rowCount, int[] ids) {
    keys.load(keyVectors.get(0), rowCount);
    long[] batch = keys.batch;
    if (keys.validity == null) {
      for (int i = 0; i < rowCount; i++) {
        ids[i] = find(batch[i]);
      }
    } else {
      for (int i = 0; i < rowCount; i++) {
        ids[i] = keys.rowNull(i) ? nullGroup() : find(batch[i]);
      }
    }
    keys.release();
  }

  private int nullGroup() {
    if (nullGroup < 0) {
      nullGroup = keys.size;
      keys.append(0, true);
    }
    return nullGroup;
  }

  private int find(long key) {
    int mask = slotIds.length - 1;
    int s = (int) Hashing.fmix64(key) & mask;
    while (true) {
      int id = slotIds[s];
      if (id == 0) {
        return insert(key, s);
      }
      if (slotKeys[s] == key) {
        return id - 1;
      }
      s = (s + 1) & mask;
    }
  }

  private int insert(long key, int slot) {
    int g = keys.size;
    keys.append(key, false);
    slotKeys[slot] = key;
    slotIds[slot] = g + 1;
    if (keys.size * 2 > slotIds.length) {
      rehash(slotIds.length * 2);
    }
    return g;
  }

  private void rehash(int capacity) {
    long[] freshKeys = new long[capacity];
    int[] freshIds = new int[capacity];
    int mask = capacity - 1;
    for (int s = 0; s < slotIds.length; s++) {
      if (slotIds[s] != 0) {
        int t = (int) Hashing.fmix64(slotKeys[s]) & mask;
        while (freshIds[t] != 0) {
          t = (t + 1) & mask;
        }
        freshKeys[t] = slotKeys[s];
        freshIds[t] = slotIds[s];
      }
    }
    slotKeys = freshKeys;
    slotIds = freshIds;
  }

  @Override
  public int[] mergeFrom(GroupTable other) {
    LongKeys o = ((LongGroupTable) other).keys;
    int[] map = new int[o.size];
    for (int og = 0; og < o.size; og++) {
      map[og] = o.nulls[og] ? nullGroup() : find(o.values[og]);
    }
    return map;
  }

  @Override
  public GroupTable emptyCopy() {
    return new LongGroupTable((LongKeys) keys.emptyCopy());
  }

  @Override
  public List<FieldVector> keysToArrow(BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(1);
    out.add(keys.toArrow(allocator));
    return out;
  }

  @Override
  public long sizeBytes() {
    return 64L + slotIds.length * 12L + keys.sizeBytes();
  }
}
