package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Min or max of float64/float32 in {@link Double#compare} order: NaN above every number (as in
 * DuckDB) and -0.0 below 0.0; keeps the input type.
 */
final class MinMaxDouble implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final boolean max;
  private double[] best = new double[0];
  private boolean[] seen = new boolean[0];
  private transient double[] values;

  MinMaxDouble(boolean max) {
    this.max = max;
  }

  @Override
  public void resize(int groupCount) {
    best = Kernels.grow(best, groupCount);
    seen = Kernels.grow(seen, groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    if (values == null || values.length < rowCount) {
      values = new double[rowCount];
    }
    double[] x = values;
    VectorAccess.readDoubles(input, rowCount, x);
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    for (int i = 0; i < rowCount; i++) {
      if (validity == null || VectorAccess.isValid(validity, i)) {
        offer(ids[i], x[i]);
      }
    }
  }

  private void offer(int g, double v) {
    if (!seen[g] || (max ? Double.compare(v, best[g]) > 0 : Double.compare(v, best[g]) < 0)) {
      best[g] = v;
      seen[g] = true;
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    MinMaxDouble o = (MinMaxDouble) other;
    for (int og = 0; og < map.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      if (o.seen[og]) {
        offer(map[og], o.best[og]);
      }
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    FieldVector v = Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount && g < seen.length; g++) {
      if (seen[g]) {
        VectorAccess.setLong(v, g, Double.doubleToRawLongBits(best[g]));
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public void dropScratch() {
    values = null;
  }

  @Override
  public Accumulator emptyCopy() {
    return new MinMaxDouble(max);
  }

  @Override
  public long sizeBytes() {
    return 32L + best.length * 9L;
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return StateColumns.all(() -> StateColumns.doubles(prefix + "0", best, n, allocator),
        () -> StateColumns.bools(prefix + "1", seen, n, allocator));
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    MinMaxDouble m = new MinMaxDouble(max);
    m.best = StateColumns.doubles(columns.get(0), n);
    m.seen = StateColumns.bools(columns.get(1), n);
    return m;
  }
}
