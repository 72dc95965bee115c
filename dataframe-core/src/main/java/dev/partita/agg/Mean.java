package dev.partita.agg;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/** Mean as total / count over a sum accumulator: exact long sums for integers, compensated for floats. */
final class Mean implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final Summable sum;

  Mean(Summable sum) {
    this.sum = sum;
  }

  Summable sum() {
    return sum;
  }

  @Override
  public void resize(int groupCount) {
    sum.resize(groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    sum.update(ids, groupCount, input, rowCount);
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    sum.merge(((Mean) other).sum, map, groupCount);
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    Float8Vector v = (Float8Vector) Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount; g++) {
      long n = sum.count(g);
      if (n > 0) {
        v.set(g, sum.total(g) / n);
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public void dropScratch() {
    sum.dropScratch();
  }

  @Override
  public Accumulator emptyCopy() {
    return new Mean((Summable) sum.emptyCopy());
  }

  @Override
  public long sizeBytes() {
    return 16L + sum.sizeBytes();
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return sum.writeState(n, prefix, allocator);
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    return new Mean((Summable) sum.readState(columns, n));
  }
}
