package dev.partita.hash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.util.AutoCloseables;

/**
 * Group table over several key columns: per-column hashes are combined a column at a time over the
 * whole batch, then each row probes once (linear probing, load factor at most 1/2); the full hash
 * of every group is kept so that most mismatches are rejected without comparing keys.
 */
final class MultiGroupTable implements GroupTable {

  private static final long serialVersionUID = 1L;

  private final KeyColumn[] columns;
  private int[] slots = new int[64];
  private long[] hashes = new long[32];
  private int size;
  private transient long[] rowHashes;

  MultiGroupTable(KeyColumn[] columns) {
    this.columns = columns;
  }

  @Override
  public void dropScratch() {
    rowHashes = null;
    for (KeyColumn c : columns) {
      c.dropScratch();
    }
  }

  @Override
  public int groupCount() {
    return size;
  }

  @Override
  public void groupIds(List<FieldVector> keys, int rowCount, int[] ids) {
    if (rowHashes == null || rowHashes.length < rowCount) {
      rowHashes = new long[rowCount];
    }
    long[] h = rowHashes;
    Arrays.fill(h, 0, rowCount, 0L);
    for (int c = 0; c < columns.length; c++) {
      KeyColumn column = columns[c];
      column.load(keys.get(c), rowCount);
      for (int i = 0; i < rowCount; i++) {
        h[i] = Hashing.combine(h[i], column.hashRow(i));
      }
    }
    for (int i = 0; i < rowCount; i++) {
      ids[i] = findRow(i, Hashing.fmix64(h[i]));
    }
    for (KeyColumn column : columns) {
      column.release();
    }
  }

  private int findRow(int i, long h) {
    int mask = slots.length - 1;
    for (int s = (int) h & mask; ; s = (s + 1) & mask) {
      int id = slots[s];
      if (id == 0) {
        for (KeyColumn column : columns) {
          column.appendRow(i);
        }
        return added(s, h);
      }
      if (hashes[id - 1] == h && rowEquals(i, id - 1)) {
        return id - 1;
      }
    }
  }

  @Override
  public Prober prober() {
    KeyColumn[] views = new KeyColumn[columns.length];
    for (int c = 0; c < columns.length; c++) {
      views[c] = columns[c].probeView();
    }
    long[][] scratch = {new long[0]};
    return (keys, rowCount, ids) -> {
      if (scratch[0].length < rowCount) {
        scratch[0] = new long[rowCount];
      }
      long[] h = scratch[0];
      Arrays.fill(h, 0, rowCount, 0L);
      for (int c = 0; c < views.length; c++) {
        views[c].load(keys.get(c), rowCount);
        for (int i = 0; i < rowCount; i++) {
          h[i] = Hashing.combine(h[i], views[c].hashRow(i));
        }
      }
      int mask = slots.length - 1;
      rows:
      for (int i = 0; i < rowCount; i++) {
        for (KeyColumn v : views) {
          if (v.rowNull(i)) {
            ids[i] = -1;
            continue rows;
          }
        }
        long hash = Hashing.fmix64(h[i]);
        ids[i] = -1;
        for (int s = (int) hash & mask; slots[s] != 0; s = (s + 1) & mask) {
          int g = slots[s] - 1;
          if (hashes[g] == hash && viewEquals(views, i, g)) {
            ids[i] = g;
            break;
          }
        }
      }
      for (KeyColumn v : views) {
        v.release();
      }
    };
  }

  private static boolean viewEquals(KeyColumn[] views, int i, int g) {
    for (KeyColumn v : views) {
      if (!v.rowEquals(i, g)) {
        return false;
      }
    }
    return true;
  }

  private boolean rowEquals(int i, int g) {
    for (KeyColumn column : columns) {
      if (!column.rowEquals(i, g)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The group whose key column c equals group {@code from[c]} of {@code src[c]}, with hash {@code h};
   * added (its keys copied) if new.
   */
  int find(long h, KeyColumn[] src, int[] from) {
    int mask = slots.length - 1;
    for (int s = (int) h & mask; ; s = (s + 1) & mask) {
      int id = slots[s];
      if (id == 0) {
        for (int c = 0; c < columns.length; c++) {
          columns[c].appendGroup(src[c], from[c]);
        }
        return added(s, h);
      }
      if (hashes[id - 1] == h && groupEquals(id - 1, src, from)) {
        return id - 1;
      }
    }
  }

  private boolean groupEquals(int g, KeyColumn[] src, int[] from) {
    for (int c = 0; c < columns.length; c++) {
      if (!columns[c].groupEquals(g, src[c], from[c])) {
        return false;
      }
    }
    return true;
  }

  private int added(int slot, long h) {
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    hashes[size] = h;
    slots[slot] = ++size;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return size - 1;
  }

  private void rehash(int capacity) {
    int[] fresh = new int[capacity];
    int mask = capacity - 1;
    for (int g = 0; g < size; g++) {
      int s = (int) hashes[g] & mask;
      while (fresh[s] != 0) {
        s = (s + 1) & mask;
      }
      fresh[s] = g + 1;
    }
    slots = fresh;
  }

  @Override
  public int[] mergeFrom(GroupTable other, int bucket, int buckets) {
    MultiGroupTable o = (MultiGroupTable) other;
    int[] map = new int[o.size];
    int[] from = new int[columns.length];
    for (int og = 0; og < o.size; og++) {
      Arrays.fill(from, og);
      map[og] = buckets > 1 && GroupTable.bucket(o.hashes[og], buckets) != bucket ? -1 : find(o.hashes[og], o.columns, from);
    }
    return map;
  }

  @Override
  public long groupHash(int g) {
    return hashes[g];
  }

  @Override
  public GroupTable emptyCopy() {
    KeyColumn[] fresh = new KeyColumn[columns.length];
    for (int c = 0; c < columns.length; c++) {
      fresh[c] = columns[c].emptyCopy();
    }
    return new MultiGroupTable(fresh);
  }

  @Override
  public int keyCount() {
    return columns.length;
  }

  @Override
  public List<FieldVector> keysToArrow(BufferAllocator allocator) {
    return keysToArrow(null, allocator);
  }

  @Override
  public List<FieldVector> keysToArrow(int[] groups, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>();
    try {
      for (KeyColumn column : columns) {
        out.add(groups == null ? column.toArrow(allocator) : column.gather(groups, allocator));
      }
      return out;
    } catch (RuntimeException e) {
      AutoCloseables.close(e, out);
      throw e;
    }
  }

  @Override
  public long sizeBytes() {
    long bytes = 64L + slots.length * 4L + hashes.length * 8L;
    for (KeyColumn column : columns) {
      bytes += column.sizeBytes();
    }
    return bytes;
  }
}
