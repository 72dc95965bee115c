package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The n largest non-null values of each group, in a bounded min-heap per group (slots
 * {@code [g n, g n + sizes[g])} of one flat array). Values are longs ordered as signed longs;
 * floats are mapped to longs whose order is {@link Double#compare}'s (NaN largest, as in DuckDB).
 * Its result has one row per kept value, largest first: {@link #rowGroups} says which group each
 * row belongs to, so the keys can be repeated alongside.
 */
final class TopN implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final int n;
  private final boolean floating;
  private long[] heaps = new long[0];
  private int[] sizes = new int[0];
  private transient long[] batch;

  TopN(int n, boolean floating) {
    this.n = n;
    this.floating = floating;
  }

  @Override
  public void resize(int groupCount) {
    sizes = Kernels.grow(sizes, groupCount);
    heaps = Kernels.grow(heaps, Math.multiplyExact(sizes.length, n));
  }

  /** A float's raw bits to a long with the same order; the map is its own inverse. */
  private static long sortable(long bits) {
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    if (batch == null || batch.length < rowCount) {
      batch = new long[rowCount];
    }
    long[] x = batch;
    VectorAccess.readLongs(input, rowCount, x);
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    for (int i = 0; i < rowCount; i++) {
      if (validity == null || VectorAccess.isValid(validity, i)) {
        long v = x[i];
        if (floating) {
          double d = Double.longBitsToDouble(v);
          v = sortable(Double.isNaN(d) ? Double.doubleToLongBits(Double.NaN) : v);
        }
        offer(ids[i], v);
      }
    }
  }

  private void offer(int g, long v) {
    int base = g * n;
    int size = sizes[g];
    if (size < n) {
      int i = size;
      while (i > 0 && heaps[base + (i - 1) / 2] > v) {
        heaps[base + i] = heaps[base + (i - 1) / 2];
        i = (i - 1) / 2;
      }
      heaps[base + i] = v;
      sizes[g] = size + 1;
    } else if (v > heaps[base]) {
      int i = 0;
      while (true) {
        int c = 2 * i + 1;
        if (c >= n) {
          break;
        }
        if (c + 1 < n && heaps[base + c + 1] < heaps[base + c]) {
          c++;
        }
        if (heaps[base + c] >= v) {
          break;
        }
        heaps[base + i] = heaps[base + c];
        i = c;
      }
      heaps[base + i] = v;
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    TopN o = (TopN) other;
    for (int og = 0; og < map.length && og < o.sizes.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      for (int k = 0; k < o.sizes[og]; k++) {
        offer(map[og], o.heaps[og * n + k]);
      }
    }
  }

  /** For each result row, the group it belongs to: group g repeated once per kept value. */
  int[] rowGroups(int groupCount) {
    int rows = 0;
    for (int g = 0; g < groupCount && g < sizes.length; g++) {
      rows += sizes[g];
    }
    int[] out = new int[rows];
    int r = 0;
    for (int g = 0; g < groupCount && g < sizes.length; g++) {
      for (int k = 0; k < sizes[g]; k++) {
        out[r++] = g;
      }
    }
    return out;
  }

  /** The kept values, group by group and largest first; as many rows as {@link #rowGroups} has. */
  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    int rows = rowGroups(groupCount).length;
    FieldVector v = Kernels.allocate(field, rows, allocator);
    int r = 0;
    long[] sorted = new long[n];
    for (int g = 0; g < groupCount && g < sizes.length; g++) {
      int size = sizes[g];
      System.arraycopy(heaps, g * n, sorted, 0, size);
      Arrays.sort(sorted, 0, size);
      for (int k = size - 1; k >= 0; k--) {
        VectorAccess.setLong(v, r++, floating ? sortable(sorted[k]) : sorted[k]);
      }
    }
    v.setValueCount(rows);
    return v;
  }

  @Override
  public Accumulator emptyCopy() {
    return new TopN(n, floating);
  }

  @Override
  public long sizeBytes() {
    return 48L + heaps.length * 8L + sizes.length * 4L;
  }
}
