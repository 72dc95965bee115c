package dev.partita.agg;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** {@code count(*)}: rows per group. */
final class CountAll implements Accumulator {

  private static final long serialVersionUID = 1L;

  private long[] counts = new long[0];

  @Override
  public void resize(int groupCount) {
    counts = Kernels.grow(counts, groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    long[] c = counts;
    for (int i = 0; i < rowCount; i++) {
      c[ids[i]]++;
    }
  }

  /** Counts {@code rows} more rows in group 0 (the only group of a global aggregation). */
  void addToGroupZero(long rows) {
    resize(1);
    counts[0] += rows;
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    long[] o = ((CountAll) other).counts;
    for (int og = 0; og < map.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      counts[map[og]] += o[og];
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    return Count.write(counts, groupCount, field, allocator);
  }

  @Override
  public Accumulator emptyCopy() {
    return new CountAll();
  }

  @Override
  public long sizeBytes() {
    return 16L + counts.length * 8L;
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return List.of(StateColumns.longs(prefix + "0", counts, n, allocator));
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    CountAll c = new CountAll();
    c.counts = StateColumns.longs(columns.get(0), n);
    return c;
  }
}
