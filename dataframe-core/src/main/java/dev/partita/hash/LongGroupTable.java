package dev.partita.hash;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Group table for one long-encodable key (int64, int32, date, timestamp, float, boolean): keys
 * and group ids sit side by side in the slot arrays, so a probe touches one cache line; the null
 * key's group is kept outside the table.
 */
final class LongGroupTable extends OneColumnTable<LongKeys> {

  private static final long serialVersionUID = 1L;

  /** Slot s is (key, group id + 1) at [2s, 2s + 1]; id 0 marks an empty slot. */
  private long[] slots = new long[128];
  private int nullGroup = -1;

  LongGroupTable(LongKeys keys) {
    super(keys);
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
    long[] t = slots;
    int mask = (t.length >>> 1) - 1;
    int s = (int) Hashing.fmix64(key) & mask;
    while (true) {
      long id = t[2 * s + 1];
      if (id == 0) {
        return insert(key, s);
      }
      if (t[2 * s] == key) {
        return (int) id - 1;
      }
      s = (s + 1) & mask;
    }
  }

  @Override
  public Prober prober() {
    LongKeys view = (LongKeys) keys.probeView();
    return (keyVectors, rowCount, ids) -> {
      view.load(keyVectors.get(0), rowCount);
      long[] batch = view.batch;
      for (int i = 0; i < rowCount; i++) {
        ids[i] = view.rowNull(i) ? -1 : lookup(batch[i]);
      }
      view.release();
    };
  }

  /** The group of {@code key}, or -1; reads only. */
  int lookup(long key) {
    long[] t = slots;
    int mask = (t.length >>> 1) - 1;
    for (int s = (int) Hashing.fmix64(key) & mask; ; s = (s + 1) & mask) {
      long id = t[2 * s + 1];
      if (id == 0) {
        return -1;
      }
      if (t[2 * s] == key) {
        return (int) id - 1;
      }
    }
  }

  private int insert(long key, int slot) {
    int g = keys.size;
    keys.append(key, false);
    slots[2 * slot] = key;
    slots[2 * slot + 1] = g + 1;
    if (keys.size > slots.length >>> 2) {
      rehash(slots.length);
    }
    return g;
  }

  private void rehash(int capacity) {
    long[] fresh = new long[2 * capacity];
    int mask = capacity - 1;
    for (int s = 0; s < slots.length; s += 2) {
      if (slots[s + 1] != 0) {
        int t = (int) Hashing.fmix64(slots[s]) & mask;
        while (fresh[2 * t + 1] != 0) {
          t = (t + 1) & mask;
        }
        fresh[2 * t] = slots[s];
        fresh[2 * t + 1] = slots[s + 1];
      }
    }
    slots = fresh;
  }

  @Override
  int[] mergeSelected(GroupTable other, boolean[] keep) {
    LongKeys o = ((LongGroupTable) other).keys;
    int[] map = new int[o.size];
    for (int og = 0; og < o.size; og++) {
      map[og] = keep != null && !keep[og] ? -1 : o.nulls[og] ? nullGroup() : find(o.values[og]);
    }
    return map;
  }

  @Override
  public GroupTable emptyCopy() {
    return new LongGroupTable((LongKeys) keys.emptyCopy());
  }

  @Override
  public long sizeBytes() {
    return 64L + slots.length * 8L + keys.sizeBytes();
  }
}
