package dev.partita.hash;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** The table of a global aggregation: one group, always present. */
final class NoKeyTable implements GroupTable {

  private static final long serialVersionUID = 1L;

  @Override
  public int groupCount() {
    return 1;
  }

  @Override
  public void groupIds(List<FieldVector> keys, int rowCount, int[] ids) {
    Arrays.fill(ids, 0, rowCount, 0);
  }

  @Override
  public int[] mergeFrom(GroupTable other, int bucket, int buckets) {
    return new int[] {bucket == 0 ? 0 : -1};
  }

  @Override
  public long groupHash(int g) {
    return 0;
  }

  @Override
  public GroupTable emptyCopy() {
    return new NoKeyTable();
  }

  @Override
  public Prober prober() {
    throw new UnsupportedOperationException("a table without keys has nothing to probe");
  }

  @Override
  public int keyCount() {
    return 0;
  }

  @Override
  public List<FieldVector> keysToArrow(BufferAllocator allocator) {
    return List.of();
  }

  @Override
  public List<FieldVector> keysToArrow(int[] groups, BufferAllocator allocator) {
    return List.of();
  }

  @Override
  public long sizeBytes() {
    return 16;
  }
}
