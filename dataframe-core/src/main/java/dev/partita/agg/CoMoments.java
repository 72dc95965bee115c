package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Sample covariance or Pearson correlation of two columns over the rows where both are non-null,
 * from per-group co-moments (n, mean x, mean y, C, M2x, M2y): a Welford update per row and Chan et
 * al.'s pairwise formulas per merge. As DuckDB: covariance is null below two pairs; correlation is
 * null with no pair and NaN when a variance is zero (one pair included), being C / sqrt(M2x M2y).
 */
final class CoMoments implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final boolean corr;
  private long[] counts = new long[0];
  private double[] meanX = new double[0];
  private double[] meanY = new double[0];
  private double[] c = new double[0];
  private double[] m2x = new double[0];
  private double[] m2y = new double[0];
  private transient double[] xs;
  private transient double[] ys;

  CoMoments(boolean corr) {
    this.corr = corr;
  }

  @Override
  public void resize(int groupCount) {
    counts = Kernels.grow(counts, groupCount);
    meanX = Kernels.grow(meanX, groupCount);
    meanY = Kernels.grow(meanY, groupCount);
    c = Kernels.grow(c, groupCount);
    m2x = Kernels.grow(m2x, groupCount);
    m2y = Kernels.grow(m2y, groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    throw new IllegalArgumentException((corr ? "corr" : "covar") + " needs two input columns");
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector x, FieldVector y, int rowCount) {
    resize(groupCount);
    if (xs == null || xs.length < rowCount) {
      xs = new double[rowCount];
      ys = new double[rowCount];
    }
    VectorAccess.readDoubles(x, rowCount, xs);
    VectorAccess.readDoubles(y, rowCount, ys);
    ArrowBuf vx = x.getNullCount() == 0 ? null : x.getValidityBuffer();
    ArrowBuf vy = y.getNullCount() == 0 ? null : y.getValidityBuffer();
    for (int i = 0; i < rowCount; i++) {
      if ((vx == null || VectorAccess.isValid(vx, i)) && (vy == null || VectorAccess.isValid(vy, i))) {
        int g = ids[i];
        long n = ++counts[g];
        double dx = xs[i] - meanX[g];
        meanX[g] += dx / n;
        double dy = ys[i] - meanY[g];
        meanY[g] += dy / n;
        c[g] += dx * (ys[i] - meanY[g]);
        m2x[g] += dx * (xs[i] - meanX[g]);
        m2y[g] += dy * (ys[i] - meanY[g]);
      }
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    CoMoments o = (CoMoments) other;
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
      double dx = o.meanX[og] - meanX[g];
      double dy = o.meanY[og] - meanY[g];
      double w = (double) na * nb / n;
      meanX[g] += dx * nb / n;
      meanY[g] += dy * nb / n;
      c[g] += o.c[og] + dx * dy * w;
      m2x[g] += o.m2x[og] + dx * dx * w;
      m2y[g] += o.m2y[og] + dy * dy * w;
      counts[g] = n;
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    Float8Vector v = (Float8Vector) Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount && g < counts.length; g++) {
      if (corr && counts[g] >= 1) {
        v.set(g, c[g] / (Math.sqrt(m2x[g]) * Math.sqrt(m2y[g])));
      } else if (!corr && counts[g] >= 2) {
        v.set(g, c[g] / (counts[g] - 1));
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public void dropScratch() {
    xs = null;
    ys = null;
  }

  @Override
  public Accumulator emptyCopy() {
    return new CoMoments(corr);
  }

  @Override
  public long sizeBytes() {
    return 48L + counts.length * 48L;
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return StateColumns.all(() -> StateColumns.longs(prefix + "0", counts, n, allocator),
        () -> StateColumns.doubles(prefix + "1", meanX, n, allocator),
        () -> StateColumns.doubles(prefix + "2", meanY, n, allocator),
        () -> StateColumns.doubles(prefix + "3", c, n, allocator),
        () -> StateColumns.doubles(prefix + "4", m2x, n, allocator),
        () -> StateColumns.doubles(prefix + "5", m2y, n, allocator));
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    CoMoments m = new CoMoments(corr);
    m.counts = StateColumns.longs(columns.get(0), n);
    m.meanX = StateColumns.doubles(columns.get(1), n);
    m.meanY = StateColumns.doubles(columns.get(2), n);
    m.c = StateColumns.doubles(columns.get(3), n);
    m.m2x = StateColumns.doubles(columns.get(4), n);
    m.m2y = StateColumns.doubles(columns.get(5), n);
    return m;
  }
}
