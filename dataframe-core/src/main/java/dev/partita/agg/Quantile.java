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
 * grouped by a counting sort; in each group the values of ranks floor and ceil of q (n - 1) are selected
 * and interpolated linearly. Decimals (at most 18 digits) keep their unscaled values and give a
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
    double[] grouped = new double[start[groupCount]];
    int[] next = Arrays.copyOf(start, groupCount);
    for (int i = 0; i < size; i++) {
      if (groups[i] < groupCount) {
        grouped[next[groups[i]]++] = values[i];
      }
    }
    FieldVector v = Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount; g++) {
      int from = start[g];
      int n = start[g + 1] - from;
      if (n > 0) {
        double r = select(grouped, from, n, q, decimalScale >= 0);
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

  /**
   * quantile_cont of the values {@code a[from, from + n)} (reordered): the value of sorting them and
   * interpolating, found by selecting the two values around the rank in linear time. A sort per group
   * was 44% of db-benchmark's q6 (median by 10,000 groups of 10^7 rows) on Parquet. NaNs go last and -0.0
   * before 0.0, as {@link Arrays#sort(double[])} orders them. Doubles weight the two values around the rank as
   * DuckDB does ({@code lo * (1 - d) + hi * d}: between -inf and a number that is -inf, between two infinities
   * of one sign that infinity, where {@code lo + d * (hi - lo)} gives NaN); unscaled decimals (finite) keep
   * {@code lo + d * (hi - lo)}, whose truncation the decimal differential cases check.
   */
  static double select(double[] a, int from, int n, double q, boolean decimal) {
    int end = from + n;
    int m = from;
    for (int i = from; i < end; i++) {
      if (!Double.isNaN(a[i])) {
        double t = a[m];
        a[m++] = a[i];
        a[i] = t;
      }
    }
    double rank = q * (n - 1);
    int lo = from + (int) Math.floor(rank);
    int hi = from + (int) Math.ceil(rank);
    if (lo >= m) {
      return Double.NaN;
    }
    selectNth(a, from, m, lo);
    double low = signedZero(a[lo], a, from, m, lo);
    if (lo == hi) {
      return low;
    }
    double high = Double.NaN;
    if (hi < m) {
      high = a[hi];
      for (int i = hi + 1; i < m; i++) {
        high = Math.min(high, a[i]);
      }
      high = signedZero(high, a, from, m, hi);
    }
    double d = rank - Math.floor(rank);
    return decimal ? low + d * (high - low) : low * (1 - d) + high * d;
  }

  /**
   * Reorders {@code a[from, to)} (no NaN) so that {@code a[k]} holds the value a sort would put there, the
   * values before it no greater and those after no smaller (Hoare's selection, median-of-three pivots; a
   * range that keeps shrinking slowly is sorted instead, which bounds the time by a sort's).
   */
  private static void selectNth(double[] a, int from, int to, int k) {
    int lo = from;
    int hi = to - 1;
    int budget = 2 * (32 - Integer.numberOfLeadingZeros(to - from)) + 4;
    while (hi > lo) {
      if (budget-- == 0 || hi - lo < 16) {
        Arrays.sort(a, lo, hi + 1);
        return;
      }
      int mid = (lo + hi) >>> 1;
      double pivot = medianOf3(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static double medianOf3(double x, double y, double z) {
    return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  }

  /**
   * {@code v}, the value of rank {@code k} in {@code a[from, to)}, as a sort would have it: the comparisons
   * above see -0.0 and 0.0 as equal, a sort puts every -0.0 first, so a zero of rank k is -0.0 exactly when k
   * falls among the -0.0s.
   */
  private static double signedZero(double v, double[] a, int from, int to, int k) {
    if (v != 0) {
      return v;
    }
    int below = 0;
    int negativeZeros = 0;
    for (int i = from; i < to; i++) {
      if (a[i] < 0) {
        below++;
      } else if (a[i] == 0 && Double.doubleToRawLongBits(a[i]) != 0) {
        negativeZeros++;
      }
    }
    return k - from < below + negativeZeros ? -0.0 : 0.0;
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
