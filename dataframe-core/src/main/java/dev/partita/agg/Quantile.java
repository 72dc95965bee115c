package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Exact quantile with SQL {@code quantile_cont} semantics: the non-null values of every group are
 * kept as (group, value) pairs in two primitive arrays, merged by concatenation, and at the end
 * grouped by a counting sort, sorted per group and interpolated linearly between the values at
 * ranks floor and ceil of q (n - 1). Decimals (at most 18 digits) keep their unscaled values and give a
 * decimal, the interpolation truncated toward zero to the input's scale, as DuckDB's does.
 */
final class Quantile implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final double q;
  /** The input's scale when it is a decimal, else -1. */
  private final int decimalScale;
  private int[] groups = new int[0];
  private double[] values = new double[0];
  private int size;
  private int groupCapacity;
  private transient double[] batch;

  Quantile(double q, int decimalScale) {
    this.q = q;
    this.decimalScale = decimalScale;
  }

  @Override
  public void resize(int groupCount) {
    groupCapacity = Math.max(groupCapacity, groupCount);
  }

  private void reserve(int extra) {
    long needed = (long) size + extra;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more than 2^31 values kept for an exact quantile; use approxQuantile");
    }
    groups = Kernels.grow(groups, (int) needed);
    values = Kernels.grow(values, (int) needed);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    reserve(rowCount);
    if (batch == null || batch.length < rowCount) {
      batch = new double[rowCount];
    }
    double[] x = batch;
    if (decimalScale >= 0) {
      long[] unscaled = new long[rowCount];
      VectorAccess.readLongs(input, rowCount, unscaled);
      for (int i = 0; i < rowCount; i++) {
        x[i] = unscaled[i];
      }
    } else {
      VectorAccess.readDoubles(input, rowCount, x);
    }
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    for (int i = 0; i < rowCount; i++) {
      if (validity == null || VectorAccess.isValid(validity, i)) {
        groups[size] = ids[i];
        values[size++] = x[i];
      }
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    Quantile o = (Quantile) other;
    int kept = 0;
    for (int i = 0; i < o.size; i++) {
      kept += map[o.groups[i]] >= 0 ? 1 : 0;
    }
    // Only the values of this bucket's groups: reserving all of them made each of the 32 buckets of a
    // split as large as the whole state (db-benchmark q6 at 10^8 rows spilled 35 GB for 1.2 GB of values).
    reserve(kept);
    for (int i = 0; i < o.size; i++) {
      int g = o.groups[i];
      if (map[g] >= 0) {
        groups[size] = map[g];
        values[size++] = o.values[i];
      }
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    int[] start = new int[groupCount + 1];
    for (int i = 0; i < size; i++) {
      if (groups[i] < groupCount) {
        start[groups[i] + 1]++;
      }
    }
    for (int g = 0; g < groupCount; g++) {
      start[g + 1] += start[g];
    }
    double[] sorted = new double[start[groupCount]];
    int[] next = Arrays.copyOf(start, groupCount);
    for (int i = 0; i < size; i++) {
      if (groups[i] < groupCount) {
        sorted[next[groups[i]]++] = values[i];
      }
    }
    FieldVector v = Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount; g++) {
      int from = start[g];
      int n = start[g + 1] - from;
      if (n > 0) {
        Arrays.sort(sorted, from, from + n);
        double r = interpolate(sorted, from, n, q);
        if (decimalScale >= 0) {
          VectorAccess.setLong(v, g, (long) r);
        } else {
          ((Float8Vector) v).set(g, r);
        }
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  /** quantile_cont of the sorted values {@code a[from, from + n)}. */
  static double interpolate(double[] a, int from, int n, double q) {
    double rank = q * (n - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    double low = a[from + lo];
    return lo == hi ? low : low + (rank - lo) * (a[from + hi] - low);
  }

  @Override
  public Accumulator emptyCopy() {
    return new Quantile(q, decimalScale);
  }

  /**
   * Writes the values held, not the arrays' spare capacity (a state is spilled or cached this way), without
   * touching the fields: other tasks may be reading this state at the same time.
   */
  private void writeObject(ObjectOutputStream out) throws IOException {
    ObjectOutputStream.PutField fields = out.putFields();
    fields.put("q", q);
    fields.put("decimalScale", decimalScale);
    fields.put("groups", Arrays.copyOf(groups, size));
    fields.put("values", Arrays.copyOf(values, size));
    fields.put("size", size);
    fields.put("groupCapacity", groupCapacity);
    out.writeFields();
  }

  @Override
  public boolean keepsRows() {
    return true;
  }

  @Override
  public long sizeBytes() {
    return 48L + groups.length * 4L + values.length * 8L;
  }
}
