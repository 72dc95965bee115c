package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Sample variance or standard deviation from (count, mean, M2): Welford's update per row and
 * Chan et al.'s pairwise formula per merge, which stay accurate where sumsq - sum² cancels.
 */
final class Variance implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final boolean std;
  private long[] counts = new long[0];
  private double[] means = new double[0];
  private double[] m2s = new double[0];
  private transient double[] values;

  Variance(boolean std) {
    this.std = std;
  }

  @Override
  public void resize(int groupCount) {
    counts = Kernels.grow(counts, groupCount);
    means = Kernels.grow(means, groupCount);
    m2s = Kernels.grow(m2s, groupCount);
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
        int g = ids[i];
        long n = ++counts[g];
        double delta = x[i] - means[g];
        means[g] += delta / n;
        m2s[g] += delta * (x[i] - means[g]);
      }
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    Variance o = (Variance) other;
    for (int og = 0; og < map.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      long nb = o.counts[og];
      if (nb == 0) {
        continue;
      }
      int g = map[og];
      long na = counts[g];
      long n = na + nb;
      double delta = o.means[og] - means[g];
      means[g] += delta * nb / n;
      m2s[g] += o.m2s[og] + delta * delta * ((double) na * nb / n);
      counts[g] = n;
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    Float8Vector v = (Float8Vector) Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount && g < counts.length; g++) {
      if (counts[g] >= 2) {
        double variance = m2s[g] / (counts[g] - 1);
        v.set(g, std ? Math.sqrt(variance) : variance);
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
    return new Variance(std);
  }

  @Override
  public long sizeBytes() {
    return 32L + counts.length * 24L;
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return StateColumns.all(() -> StateColumns.longs(prefix + "0", counts, n, allocator),
        () -> StateColumns.doubles(prefix + "1", means, n, allocator),
        () -> StateColumns.doubles(prefix + "2", m2s, n, allocator));
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    Variance v = new Variance(std);
    v.counts = StateColumns.longs(columns.get(0), n);
    v.means = StateColumns.doubles(columns.get(1), n);
    v.m2s = StateColumns.doubles(columns.get(2), n);
    return v;
  }
}
