package dev.partita.agg;

import dev.partita.hash.GroupTable;
import dev.partita.hash.LongHashSet;
import dev.partita.hash.VectorAccess;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Exact count of distinct non-null values per group: values get dense ids from a {@link GroupTable}
 * (so every key type works without per-type code), and (group, value id) pairs packed in one long
 * live in a primitive set; a group's count grows when one of its pairs is new.
 */
final class NUnique implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final GroupTable values;
  private final LongHashSet pairs = new LongHashSet();
  private long[] counts = new long[0];
  private transient int[] valueIds;

  NUnique(Field input) {
    this(GroupTable.create(List.of(input)));
  }

  private NUnique(GroupTable values) {
    this.values = values;
  }

  @Override
  public void resize(int groupCount) {
    counts = Kernels.grow(counts, groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    if (valueIds == null || valueIds.length < rowCount) {
      valueIds = new int[rowCount];
    }
    int[] v = valueIds;
    values.groupIds(List.of(input), rowCount, v);
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    for (int i = 0; i < rowCount; i++) {
      if ((validity == null || VectorAccess.isValid(validity, i)) && pairs.add(pair(ids[i], v[i]))) {
        counts[ids[i]]++;
      }
    }
  }

  private static long pair(int group, int valueId) {
    return ((long) group << 32) | (valueId & 0xFFFFFFFFL);
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    NUnique o = (NUnique) other;
    int[] valueMap = values.mergeFrom(o.values);
    for (long p : o.pairs.toArray()) {
      int g = map[(int) (p >>> 32)];
      if (g >= 0 && pairs.add(pair(g, valueMap[(int) p]))) {
        counts[g]++;
      }
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    return Count.write(counts, groupCount, field, allocator);
  }

  @Override
  public Accumulator emptyCopy() {
    return new NUnique(values.emptyCopy());
  }

  @Override
  public boolean keepsRows() {
    return true;
  }

  @Override
  public long sizeBytes() {
    return 32L + counts.length * 8L + values.sizeBytes() + pairs.sizeBytes();
  }
}
