package dev.partita.agg;

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
}
