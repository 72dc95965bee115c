package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** {@code count(x)}: non-null values per group. */
final class Count implements Accumulator {

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
    if (input.getNullCount() == 0) {
      for (int i = 0; i < rowCount; i++) {
        c[ids[i]]++;
      }
    } else {
      ArrowBuf validity = input.getValidityBuffer();
      for (int i = 0; i < rowCount; i++) {
        if (VectorAccess.isValid(validity, i)) {
          c[ids[i]]++;
        }
      }
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    long[] o = ((Count) other).counts;
    for (int og = 0; og < map.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      counts[map[og]] += o[og];
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    return write(counts, groupCount, field, allocator);
  }

  static FieldVector write(long[] counts, int groupCount, Field field, BufferAllocator allocator) {
    BigIntVector v = (BigIntVector) Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount; g++) {
      v.set(g, g < counts.length ? counts[g] : 0);
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public Accumulator emptyCopy() {
    return new Count();
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
    Count c = new Count();
    c.counts = StateColumns.longs(columns.get(0), n);
    return c;
  }
}
