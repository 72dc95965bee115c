package dev.partita.hash;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * What the one-column group tables share: their keys, and merging a bucket through
 * {@link #mergeSelected}. {@link PackedGroupTable} also uses them to give a key column's values dense ids.
 */
abstract class OneColumnTable<K extends KeyColumn> implements GroupTable {

  private static final long serialVersionUID = 1L;

  final K keys;

  OneColumnTable(K keys) {
    this.keys = keys;
  }

  @Override
  public void dropScratch() {
    keys.dropScratch();
  }

  /**
   * As {@link #mergeFrom(GroupTable)}, for the groups {@code g} of {@code other} with {@code keep[g]}
   * only (all when {@code keep} is null); the others map to -1 and are not added.
   */
  abstract int[] mergeSelected(GroupTable other, boolean[] keep);

  @Override
  public final int groupCount() {
    return keys.size;
  }

  @Override
  public final int[] mergeFrom(GroupTable other, int bucket, int buckets) {
    return mergeSelected(other, GroupTable.inBucket(other, bucket, buckets));
  }

  @Override
  public final long groupHash(int g) {
    return keys.hashGroup(g);
  }

  @Override
  public final int keyCount() {
    return 1;
  }

  @Override
  public final List<FieldVector> keysToArrow(BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(1);
    out.add(keys.toArrow(allocator));
    return out;
  }

  @Override
  public final List<FieldVector> keysToArrow(int[] groups, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(1);
    out.add(keys.gather(groups, allocator));
    return out;
  }
}
