package dev.partita.hash;

import dev.partita.io.DictionaryVector;
import dev.partita.io.LongDictionary;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Group table for one long-encodable key (int64, int32, date, timestamp, float, boolean): keys
 * and group ids sit side by side in the slot arrays, so a probe touches one cache line; the null
 * key's group is kept outside the table.
 *
 * <p>While the keys fill a dense enough range (db-benchmark's id4 is 1..100, id6 1..10^5, most
 * surrogate keys are 1..n), the table is instead an array indexed by {@code key - base}, as DuckDB's
 * perfect hash aggregate: a subtraction, a bounds check and a load instead of hashing and probing, whose
 * mispredicted compares made {@code find} 40% of q4's profile on Parquet (HashBench, 100 int64 keys:
 * 143 M to 240 M rows/s). A key outside the range rebuilds the array over a range at least twice as wide,
 * or, if that would be too sparse, goes back to the slots; an array is tried again whenever the groups
 * have doubled since, so that the switches cost O(groups) in all.
 */
final class LongGroupTable extends OneColumnTable<LongKeys> {

  private static final long serialVersionUID = 1L;
  /** The widest range an array covers: 4 MB of ints. */
  static final int DIRECT_MAX = 1 << 20;
  /** A range this wide is covered however few groups it holds (16 KB). */
  private static final int DIRECT_ALWAYS = 1 << 12;
  /** Beyond {@link #DIRECT_ALWAYS}, at most this many array entries per group. */
  private static final int DIRECT_SPARSENESS = 16;

  /** Without {@link #direct}: slot s is (key, group id + 1) at [2s, 2s + 1]; id 0 marks an empty slot. */
  private long[] slots = new long[128];
  /** When non-null, the table (and {@link #slots} is not): entry i is the group id + 1 of key {@code base + i}, or 0. */
  private int[] direct;
  private long base;
  private int nullGroup = -1;
  /** Without {@link #direct}, the group count at which one is tried next. */
  private transient int nextTry;
  /** The most groups {@link #reserve} was asked for: the slots' size when they take over from an array. */
  private transient int reserved;
  private transient CodeRemap codeRemap;

  LongGroupTable(LongKeys keys) {
    super(keys);
  }

  @Override
  public void groupIds(List<FieldVector> keyVectors, int rowCount, int[] ids) {
    if (keyVectors.get(0) instanceof DictionaryVector codes) {
      groupCodes(codes, rowCount, ids);
      return;
    }
    keys.load(keyVectors.get(0), rowCount);
    long[] batch = keys.batch;
    if (keys.validity == null) {
      for (int i = 0; i < rowCount; i++) {
        ids[i] = group(batch[i]);
      }
    } else {
      for (int i = 0; i < rowCount; i++) {
        ids[i] = keys.rowNull(i) ? nullGroup() : group(batch[i]);
      }
    }
    keys.release();
  }

  /**
   * Group ids through the dictionary entries' group ids, as {@link BytesGroupTable} does for strings: each
   * entry's value is looked up once, on its first row, instead of every row's value being gathered from
   * the dictionary and then looked up.
   */
  private void groupCodes(DictionaryVector v, int n, int[] ids) {
    if (codeRemap == null) {
      codeRemap = new CodeRemap();
    }
    long[] entries = ((LongDictionary) v.dictionary()).values();
    codeRemap.groupIds(v, keys.codes(v, n), n, ids, this::nullGroup, c -> group(entries[c]));
  }

  private int nullGroup() {
    if (nullGroup < 0) {
      nullGroup = keys.size;
      keys.append(0, true);
    }
    return nullGroup;
  }

  /** The group of {@code key}, added if new. */
  private int group(long key) {
    int[] d = direct;
    if (d == null) {
      return find(key);
    }
    // No overflow worry: key - base wraps into [0, d.length) only when key is base + that offset.
    long off = key - base;
    if (off >= 0 && off < d.length) {
      int id = d[(int) off];
      if (id != 0) {
        return id - 1;
      }
      int g = keys.size;
      keys.append(key, false);
      d[(int) off] = g + 1;
      return g;
    }
    return outside(key);
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
      int[] d = direct;
      for (int i = 0; i < rowCount; i++) {
        if (view.rowNull(i)) {
          ids[i] = -1;
        } else if (d == null) {
          ids[i] = lookup(batch[i]);
        } else {
          long off = batch[i] - base;
          ids[i] = off >= 0 && off < d.length ? d[(int) off] - 1 : -1;
        }
      }
      view.release();
    };
  }

  /** The group of {@code key} in the slots, or -1; reads only. */
  private int lookup(long key) {
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
    if (keys.size >= nextTry) {
      long lo = key;
      long hi = key;
      LongKeys k = keys;
      for (int i = 0; i < k.size; i++) {
        if (!k.nulls[i]) {
          lo = Math.min(lo, k.values[i]);
          hi = Math.max(hi, k.values[i]);
        }
      }
      if (!toDirect(lo, hi)) {
        nextTry = 2 * keys.size;
      }
    }
    return g;
  }

  /**
   * Adds {@code key}, outside the array's range: the array is rebuilt over a range that takes it in and
   * at least doubles (so that keys arriving in order cost amortised O(1)), or, where doubling would pass
   * {@link #DIRECT_MAX}, over the widest range with the slack split on both sides (at most once more); else
   * the slots take over. Without that last step, keys 1..10^6 arriving at random (q5 at 10^8 rows) went
   * back to the slots whenever one fell just outside the range seen so far, and rebuilding the slots was
   * 6% of that question's profile.
   */
  private int outside(long key) {
    long hi = base + direct.length - 1;
    long needed = Math.max(key, hi) - Math.min(key, base) + 1;
    long len = Math.max(2L * direct.length, needed);
    long lo = key < base ? hi + 1 - len : base;
    if (len > DIRECT_MAX && needed > 0 && needed <= DIRECT_MAX) {
      len = DIRECT_MAX;
      lo = Math.min(key, base) - (len - needed) / 2;
    }
    long top = lo + len - 1;
    if (lo <= key && key <= top && lo <= base && hi <= top && toDirect(lo, top)) {
      return group(key);
    }
    direct = null;
    nextTry = 2 * keys.size;
    reserve(Math.max(keys.size, reserved));
    for (int g = 0; g < keys.size; g++) {
      if (!keys.nulls[g]) {
        place(slots, (slots.length >>> 1) - 1, keys.values[g], g + 1);
      }
    }
    return find(key);
  }

  /** Makes the slots big enough for {@code groups} groups, now or when they take over from an array. */
  @Override
  public void reserve(int groups) {
    reserved = Math.max(reserved, groups);
    if (direct != null) {
      return;
    }
    int capacity = 64;
    while (groups > capacity >>> 1) {
      capacity *= 2;
    }
    if (slots == null) {
      slots = new long[2 * capacity];
    } else if (2 * capacity > slots.length) {
      rehash(capacity);
    }
  }

  /**
   * Makes the table an array over {@code [lo, hi]} holding every group so far, if that range is dense
   * enough; the comparisons reject a range whose arithmetic wrapped around the longs.
   */
  private boolean toDirect(long lo, long hi) {
    long width = hi - lo + 1;
    if (lo > hi || width <= 0 || width > DIRECT_MAX
        || (width > DIRECT_ALWAYS && width > (long) DIRECT_SPARSENESS * keys.size)) {
      return false;
    }
    int[] d = new int[(int) width];
    LongKeys k = keys;
    for (int g = 0; g < k.size; g++) {
      if (!k.nulls[g]) {
        d[(int) (k.values[g] - lo)] = g + 1;
      }
    }
    direct = d;
    base = lo;
    slots = null;
    return true;
  }

  private void rehash(int capacity) {
    long[] fresh = new long[2 * capacity];
    for (int s = 0; s < slots.length; s += 2) {
      if (slots[s + 1] != 0) {
        place(fresh, capacity - 1, slots[s], slots[s + 1]);
      }
    }
    slots = fresh;
  }

  private static void place(long[] t, int mask, long key, long idPlusOne) {
    int s = (int) Hashing.fmix64(key) & mask;
    while (t[2 * s + 1] != 0) {
      s = (s + 1) & mask;
    }
    t[2 * s] = key;
    t[2 * s + 1] = idPlusOne;
  }

  @Override
  int[] mergeSelected(GroupTable other, boolean[] keep) {
    LongKeys o = ((LongGroupTable) other).keys;
    int[] map = new int[o.size];
    for (int og = 0; og < o.size; og++) {
      map[og] = keep != null && !keep[og] ? -1 : o.nulls[og] ? nullGroup() : group(o.values[og]);
    }
    return map;
  }

  @Override
  public GroupTable emptyCopy() {
    return new LongGroupTable((LongKeys) keys.emptyCopy());
  }

  @Override
  public long sizeBytes() {
    return 64L + (slots == null ? 0 : slots.length * 8L) + (direct == null ? 0 : direct.length * 4L) + keys.sizeBytes();
  }
}
