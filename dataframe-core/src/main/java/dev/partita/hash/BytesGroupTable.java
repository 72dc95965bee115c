package dev.partita.hash;

import dev.partita.io.DictionaryVector;
import dev.partita.io.Utf8Dictionary;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Group table for one string key: each row's UTF-8 bytes (the batch's data buffer copied in bulk)
 * are hashed and compared against keys kept in a byte arena; a slot holds the full hash next to the
 * group id so that a mismatch rarely reaches the byte comparison. No String is ever created. A
 * batch of dictionary codes ({@link DictionaryVector}) is grouped by code instead: each dictionary
 * entry is looked up once, on its first row, and its group id remembered for the other rows.
 */
final class BytesGroupTable extends OneColumnTable<BytesKeys> {

  private static final long serialVersionUID = 1L;

  /** Per slot: high 32 bits of the key's hash, low 32 bits group id + 1 (0 = empty); one load per probe. */
  private long[] slots = new long[64];
  private long[] groupHashes = new long[32];
  private int nullGroup = -1;
  private transient CodeRemap codeRemap;

  BytesGroupTable(BytesKeys keys) {
    super(keys);
  }

  @Override
  public void groupIds(List<FieldVector> keyVectors, int rowCount, int[] ids) {
    if (keyVectors.get(0) instanceof DictionaryVector codes) {
      groupCodes(codes, rowCount, ids);
      return;
    }
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

  /**
   * Group ids through the entries' group ids. Turning db-benchmark's id1 codes back into strings and
   * hashing and comparing id001..id100 per row took 97% of q1 on Parquet (JFR); grouping the codes
   * took q1 from 5.0-6.3 to 1.5-2.7 times DuckDB's time, and q7 (id3) from 3.1-3.5 to 0.9-1.1
   * (Compare, 1e7 rows, 2 threads, interleaved runs on a loaded 2-core machine).
   */
  private void groupCodes(DictionaryVector v, int n, int[] ids) {
    if (codeRemap == null) {
      codeRemap = new CodeRemap();
    }
    Utf8Dictionary d = (Utf8Dictionary) v.dictionary();
    int[] entries = d.offsets();
    byte[] bytes = d.bytes();
    codeRemap.groupIds(v, keys.codes(v, n), n, ids, this::nullGroup,
        c -> find(bytes, entries[c], entries[c + 1] - entries[c]));
  }

  @Override
  public Prober prober() {
    BytesKeys view = (BytesKeys) keys.probeView();
    return (keyVectors, rowCount, ids) -> {
      view.load(keyVectors.get(0), rowCount);
      byte[] data = view.batchData;
      int[] offsets = view.batchOffsets;
      for (int i = 0; i < rowCount; i++) {
        ids[i] = view.rowNull(i) ? -1 : lookup(data, offsets[i], offsets[i + 1] - offsets[i]);
      }
      view.release();
    };
  }

  /** The group of these key bytes, or -1; reads only. */
  private int lookup(byte[] a, int off, int len) {
    long h = Hashing.hashBytes(a, off, len);
    long tag = h & 0xFFFFFFFF00000000L;
    int mask = slots.length - 1;
    for (int s = (int) h & mask; ; s = (s + 1) & mask) {
      long slot = slots[s];
      if (slot == 0) {
        return -1;
      }
      if ((slot & 0xFFFFFFFF00000000L) == tag && keys.groupEquals((int) slot - 1, a, off, len)) {
        return (int) slot - 1;
      }
    }
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
