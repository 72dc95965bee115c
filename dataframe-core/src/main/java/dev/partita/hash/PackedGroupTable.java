package dev.partita.hash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;

/**
 * Group table over several key columns: each column's values get dense ids in a one-column table of
 * their own (a batch at a time, column by column), and a row's column ids, packed side by side into
 * one long, are probed in a long-keyed table. Strings are thus hashed and compared only against their
 * column's distinct values, and merging two tables translates column ids instead of rehashing keys.
 * A column whose distinct count outgrows its bit width widens it and re-packs every group; once the
 * widths need more than 64 bits the table turns into a {@link MultiGroupTable} for good.
 */
final class PackedGroupTable implements GroupTable {

  private static final long serialVersionUID = 1L;

  /**
   * Packed keys of at most this many bits find their group through an array indexed by the key (at most
   * 256 KiB), in front of the hash table: TPC-H Q1's four groups of two flags hashed every row, 8% of its
   * samples; db-benchmark q2's two keys of 100 values take 14 bits (HashBench.twoKeysGroupBy: 22-24 M rows/s
   * through the hash table, 26.5-28.7 M with the array).
   */
  private static final int DIRECT_BITS = 16;

  private final KeyColumn[] dictKeys;
  private final OneColumnTable<?>[] dicts;
  private final int[] shifts;
  private final int[] widths;
  /** Slot s is (packed key, group id + 1) at [2s, 2s + 1]; id 0 marks an empty slot. */
  private long[] slots = new long[128];
  private long[] packed = new long[16];
  private int size;
  private MultiGroupTable generic;
  private transient int[][] columnIds;
  private transient long[] rowKeys;
  /** Group id + 1 by packed key (0: not met yet) while the keys take at most DIRECT_BITS bits, else null. */
  private transient int[] direct;
  /** Hashes of groups [0, hashed): a split into n buckets asks for each group's hash n times. */
  private transient long[] hashes;
  private transient int hashed;

  PackedGroupTable(KeyColumn[] columns) {
    dictKeys = columns;
    dicts = new OneColumnTable<?>[columns.length];
    for (int c = 0; c < columns.length; c++) {
      dicts[c] = columns[c] instanceof LongKeys
          ? new LongGroupTable((LongKeys) columns[c]) : new BytesGroupTable((BytesKeys) columns[c]);
    }
    shifts = new int[columns.length];
    widths = new int[columns.length];
  }

  @Override
  public void reserve(int groups) {
    if (generic != null || groups <= slots.length >>> 2) {
      return;
    }
    packed = Arrays.copyOf(packed, Math.max(groups, packed.length));
    rehash(Integer.highestOneBit(groups - 1) << 2);
  }

  @Override
  public int groupCount() {
    return generic != null ? generic.groupCount() : size;
  }

  @Override
  public void dropScratch() {
    columnIds = null;
    rowKeys = null;
    for (OneColumnTable<?> d : dicts) {
      d.dropScratch();
    }
    if (generic != null) {
      generic.dropScratch();
    }
  }

  @Override
  public void groupIds(List<FieldVector> keys, int rowCount, int[] ids) {
    if (generic == null) {
      if (columnIds == null || columnIds[0].length < rowCount) {
        columnIds = new int[dicts.length][rowCount];
        rowKeys = new long[rowCount];
      }
      for (int c = 0; c < dicts.length; c++) {
        dicts[c].groupIds(List.of(keys.get(c)), rowCount, columnIds[c]);
      }
      fitWidths();
    }
    if (generic != null) {
      generic.groupIds(keys, rowCount, ids);
      return;
    }
    long[] k = rowKeys;
    Arrays.fill(k, 0, rowCount, 0L);
    for (int c = 0; c < dicts.length; c++) {
      int[] col = columnIds[c];
      int shift = shifts[c];
      for (int i = 0; i < rowCount; i++) {
        k[i] |= (long) col[i] << shift;
      }
    }
    int bits = shifts[dicts.length - 1] + widths[dicts.length - 1];
    if (bits > DIRECT_BITS) {
      for (int i = 0; i < rowCount; i++) {
        ids[i] = find(k[i]);
      }
      return;
    }
    if (direct == null) {
      direct = new int[1 << bits];
    }
    int[] d = direct;
    for (int i = 0; i < rowCount; i++) {
      int key = (int) k[i];
      int g = d[key] - 1;
      if (g < 0) {
        g = find(key);
        d[key] = g + 1;
      }
      ids[i] = g;
    }
  }

  private static int width(int distinct) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(distinct - 1, 0));
  }

  /** Widens the columns whose ids no longer fit and re-packs the groups, or turns generic past 64 bits. */
  private void fitWidths() {
    boolean fits = true;
    int total = 0;
    for (int c = 0; c < dicts.length; c++) {
      int w = width(dicts[c].groupCount());
      fits &= w <= widths[c];
      total += Math.max(w, widths[c]);
    }
    if (fits) {
      return;
    }
    if (total > 64) {
      generic = toGeneric();
      slots = null;
      packed = null;
      direct = null;
      return;
    }
    direct = null;
    int[] oldShifts = shifts.clone();
    int[] oldWidths = widths.clone();
    for (int c = 0, shift = 0; c < dicts.length; c++) {
      widths[c] = Math.max(width(dicts[c].groupCount()), widths[c]);
      shifts[c] = shift;
      shift += widths[c];
    }
    for (int g = 0; g < size; g++) {
      long p = 0;
      for (int c = 0; c < dicts.length; c++) {
        p |= field(packed[g], oldShifts[c], oldWidths[c]) << shifts[c];
      }
      packed[g] = p;
    }
    rehash(slots.length >>> 1);
  }

  private static long field(long p, int shift, int width) {
    return (p >>> shift) & ((1L << width) - 1);
  }

  @Override
  public Prober prober() {
    if (generic != null) {
      return generic.prober();
    }
    Prober[] columns = new Prober[dicts.length];
    for (int c = 0; c < dicts.length; c++) {
      columns[c] = dicts[c].prober();
    }
    int[][][] scratch = {new int[dicts.length][0]};
    return (keys, rowCount, ids) -> {
      if (scratch[0][0].length < rowCount) {
        scratch[0] = new int[dicts.length][rowCount];
      }
      int[][] colIds = scratch[0];
      for (int c = 0; c < columns.length; c++) {
        columns[c].find(List.of(keys.get(c)), rowCount, colIds[c]);
      }
      rows:
      for (int i = 0; i < rowCount; i++) {
        long k = 0;
        for (int c = 0; c < columns.length; c++) {
          int id = colIds[c][i];
          if (id < 0) {
            ids[i] = -1;
            continue rows;
          }
          k |= (long) id << shifts[c];
        }
        ids[i] = lookup(k);
      }
    };
  }

  /** The group of a packed key, or -1; reads only. */
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

  private int find(long key) {
    long[] t = slots;
    int mask = (t.length >>> 1) - 1;
    for (int s = (int) Hashing.fmix64(key) & mask; ; s = (s + 1) & mask) {
      long id = t[2 * s + 1];
      if (id == 0) {
        return insert(key, s);
      }
      if (t[2 * s] == key) {
        return (int) id - 1;
      }
    }
  }

  private int insert(long key, int slot) {
    int g = size++;
    if (g == packed.length) {
      packed = Arrays.copyOf(packed, 2 * g);
    }
    packed[g] = key;
    slots[2 * slot] = key;
    slots[2 * slot + 1] = g + 1;
    if (size > slots.length >>> 2) {
      rehash(slots.length);
    }
    return g;
  }

  private void rehash(int capacity) {
    long[] fresh = new long[2 * capacity];
    int mask = capacity - 1;
    for (int g = 0; g < size; g++) {
      int t = (int) Hashing.fmix64(packed[g]) & mask;
      while (fresh[2 * t + 1] != 0) {
        t = (t + 1) & mask;
      }
      fresh[2 * t] = packed[g];
      fresh[2 * t + 1] = g + 1;
    }
    slots = fresh;
  }

  private int columnId(int g, int c) {
    return (int) field(packed[g], shifts[c], widths[c]);
  }

  /** The same groups, in the same order, in a {@link MultiGroupTable} with its own copies of the keys. */
  private MultiGroupTable toGeneric() {
    if (generic != null) {
      return generic;
    }
    KeyColumn[] columns = new KeyColumn[dictKeys.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = dictKeys[c].emptyCopy();
    }
    MultiGroupTable t = new MultiGroupTable(columns);
    int[] from = new int[columns.length];
    for (int g = 0; g < size; g++) {
      for (int c = 0; c < from.length; c++) {
        from[c] = columnId(g, c);
      }
      t.find(groupHash(g), dictKeys, from);
    }
    return t;
  }

  @Override
  public int[] mergeFrom(GroupTable other, int bucket, int buckets) {
    PackedGroupTable o = (PackedGroupTable) other;
    if (generic == null && o.generic == null) {
      int[][] translate = new int[dicts.length][];
      if (buckets == 1) {
        for (int c = 0; c < dicts.length; c++) {
          translate[c] = dicts[c].mergeFrom(o.dicts[c]);
        }
      } else {
        translateBucket(o, bucket, buckets, translate);
      }
      fitWidths();
      if (generic == null) {
        return mergePacked(o, translate, bucket, buckets);
      }
    }
    if (generic == null) {
      generic = toGeneric();
      slots = null;
      packed = null;
      direct = null;
    }
    return generic.mergeFrom(o.toGeneric(), bucket, buckets);
  }

  /**
   * Column ids of {@code o} translated into this table's dictionaries, adding only the values the
   * groups of one bucket use: splitting a spilled state into 64 buckets would otherwise copy every
   * column's whole dictionary 64 times (q10 at 1e7 rows ran out of a 256 MB heap that way).
   */
  private void translateBucket(PackedGroupTable o, int bucket, int buckets, int[][] translate) {
    boolean[][] used = new boolean[dicts.length][];
    for (int c = 0; c < dicts.length; c++) {
      used[c] = new boolean[o.dicts[c].groupCount()];
    }
    long[] hash = o.groupHashes();
    for (int og = 0; og < o.size; og++) {
      if (GroupTable.bucket(hash[og], buckets) == bucket) {
        for (int c = 0; c < dicts.length; c++) {
          used[c][o.columnId(og, c)] = true;
        }
      }
    }
    for (int c = 0; c < dicts.length; c++) {
      translate[c] = dicts[c].mergeSelected(o.dicts[c], used[c]);
    }
  }

  private int[] mergePacked(PackedGroupTable o, int[][] translate, int bucket, int buckets) {
    long[] keys = new long[o.size];
    for (int c = 0; c < dicts.length; c++) {
      int[] t = translate[c];
      int shift = shifts[c];
      int oShift = o.shifts[c];
      long oMask = (1L << o.widths[c]) - 1;
      for (int og = 0; og < keys.length; og++) {
        keys[og] |= (long) t[(int) ((o.packed[og] >>> oShift) & oMask)] << shift;
      }
    }
    int[] map = new int[keys.length];
    long[] hash = buckets > 1 ? o.groupHashes() : null;
    for (int og = 0; og < keys.length; og++) {
      map[og] = buckets > 1 && GroupTable.bucket(hash[og], buckets) != bucket ? -1 : find(keys[og]);
    }
    return map;
  }

  /**
   * Every group's hash, computed once per group (a group's hash never changes) from each column's value hashes,
   * themselves computed once per distinct value: hashing each group's strings again was 7% of db-benchmark q10's
   * samples when its partial states were split by these hashes. The table's own array, exactly as long as
   * the groups: not to be changed.
   */
  @Override
  public synchronized long[] groupHashes() {
    if (generic != null) {
      return generic.groupHashes();
    }
    if (hashes == null || hashes.length < size) {
      hashes = hashes == null ? new long[size] : Arrays.copyOf(hashes, size);
    }
    if (hashed < size) {
      long[][] columns = new long[dicts.length][];
      for (int c = 0; c < dicts.length; c++) {
        columns[c] = dicts[c].groupHashes();
      }
      for (; hashed < size; hashed++) {
        long h = 0;
        for (int c = 0; c < dicts.length; c++) {
          h = Hashing.combine(h, columns[c][columnId(hashed, c)]);
        }
        hashes[hashed] = Hashing.fmix64(h);
      }
    }
    return hashes;
  }

  @Override
  public long groupHash(int g) {
    if (generic != null) {
      return generic.groupHash(g);
    }
    long h = 0;
    for (int c = 0; c < dicts.length; c++) {
      h = Hashing.combine(h, dicts[c].groupHash(columnId(g, c)));
    }
    return Hashing.fmix64(h);
  }

  @Override
  public GroupTable emptyCopy() {
    KeyColumn[] fresh = new KeyColumn[dictKeys.length];
    for (int c = 0; c < fresh.length; c++) {
      fresh[c] = dictKeys[c].emptyCopy();
    }
    return new PackedGroupTable(fresh);
  }

  @Override
  public int keyCount() {
    return dictKeys.length;
  }

  @Override
  public List<FieldVector> keysToArrow(BufferAllocator allocator) {
    if (generic != null) {
      return generic.keysToArrow(allocator);
    }
    int[] all = new int[size];
    Arrays.setAll(all, g -> g);
    return keysToArrow(all, allocator);
  }

  @Override
  public List<FieldVector> keysToArrow(int[] groups, BufferAllocator allocator) {
    if (generic != null) {
      return generic.keysToArrow(groups, allocator);
    }
    List<FieldVector> out = new ArrayList<>();
    int[] rows = new int[groups.length];
    try {
      for (int c = 0; c < dicts.length; c++) {
        for (int i = 0; i < rows.length; i++) {
          rows[i] = columnId(groups[i], c);
        }
        out.add(dictKeys[c].gather(rows, allocator));
      }
      return out;
    } catch (RuntimeException e) {
      AutoCloseables.close(e, out);
      throw e;
    }
  }

  @Override
  public long sizeBytes() {
    if (generic != null) {
      return 64L + generic.sizeBytes();
    }
    long bytes = 64L + slots.length * 8L + packed.length * 8L + (direct == null ? 0 : direct.length * 4L);
    for (GroupTable d : dicts) {
      bytes += d.sizeBytes();
    }
    return bytes;
  }
}
