package dev.partita.agg;

import dev.partita.EvaluationException;
import dev.partita.hash.VectorAccess;
import dev.partita.kernel.Decimals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Exact sum of decimals into DECIMAL(38, s), DuckDB's result type: per group a signed 128-bit total kept as
 * two longs, a narrow input added with one carry test per row (no BigDecimal on the row path); a total of
 * 38 digits or more is an error, as DuckDB's overflow check.
 */
final class SumDecimal implements Summable {

  private static final long serialVersionUID = 1L;

  private final String column;
  private final int scale;
  private long[] lows = new long[0];
  private long[] highs = new long[0];
  private long[] counts = new long[0];
  private transient long[] values;
  private transient long[] laneLows;
  private transient long[] laneHighs;
  private transient long[] laneCounts;

  /** Group counts up to which {@link #addInLanes} is used, and its lanes per group. */
  private static final int LANE_GROUPS = 256;
  private static final int LANES = 4;

  SumDecimal(String column, int scale) {
    this.column = column;
    this.scale = scale;
  }

  @Override
  public void resize(int groupCount) {
    lows = Kernels.grow(lows, groupCount);
    highs = Kernels.grow(highs, groupCount);
    counts = Kernels.grow(counts, groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    if (VectorAccess.isLongEncodable(input.getField().getType())) {
      if (groupCount <= LANE_GROUPS && groupCount > 1 && groupCount * LANES <= rowCount) {
        addInLanes(ids, groupCount, input.getDataBuffer(), validity, rowCount);
        return;
      }
      if (values == null || values.length < rowCount) {
        values = new long[rowCount];
      }
      long[] x = values;
      VectorAccess.readLongs(input, rowCount, x);
      long[] lo = lows;
      long[] hi = highs;
      long[] c = counts;
      if (groupCount == 1 && validity == null) {
        addAll(x, rowCount);
        return;
      }
      for (int i = 0; i < rowCount; i++) {
        if (validity == null || VectorAccess.isValid(validity, i)) {
          int g = ids[i];
          long a = lo[g];
          long s = a + x[i];
          hi[g] += (x[i] >> 63) + (Long.compareUnsigned(s, a) < 0 ? 1 : 0);
          lo[g] = s;
          c[g]++;
        }
      }
      return;
    }
    ArrowBuf data = input.getDataBuffer();
    for (int i = 0; i < rowCount; i++) {
      if (validity == null || VectorAccess.isValid(validity, i)) {
        add(ids[i], Decimals.hi(data, i), Decimals.lo(data, i), 1);
      }
    }
  }

  /**
   * Every row into group 0 (a global sum, TPC-H Q6's), the 128-bit total in registers: through the arrays,
   * each row waited on the previous row's stores (AggBench, DECIMAL(15,2): 259 M rows/s before, 457 M after).
   */
  private void addAll(long[] x, int rowCount) {
    long lo = lows[0];
    long hi = highs[0];
    for (int i = 0; i < rowCount; i++) {
      long s = lo + x[i];
      hi += (x[i] >> 63) + (Long.compareUnsigned(s, lo) < 0 ? 1 : 0);
      lo = s;
    }
    lows[0] = lo;
    highs[0] = hi;
    counts[0] += rowCount;
  }

  /**
   * Narrow values into a few groups (TPC-H Q1's four): each row's value split into its low 32 bits (unsigned)
   * and the rest, summed in plain longs that cannot overflow within one call (fewer than 2^31 rows of parts
   * below 2^32), with no carry test; and row {@code i} goes to lane {@code i % 4} of its group, so that rows
   * of one group in a row do not each wait for the previous one's store. The lanes are folded into the
   * 128-bit totals at the end. AggBench.fourGroups, DECIMAL(15,2): see RESULTS.md.
   */
  private void addInLanes(int[] ids, int groupCount, ArrowBuf data, ArrowBuf validity, int rowCount) {
    if (laneLows == null || laneLows.length < groupCount * LANES) {
      laneLows = new long[LANE_GROUPS * LANES];
      laneHighs = new long[LANE_GROUPS * LANES];
      laneCounts = new long[LANE_GROUPS * LANES];
    }
    long[] pl = laneLows;
    long[] ph = laneHighs;
    long[] pc = laneCounts;
    boolean dense = validity == null;
    for (int i = 0; i < rowCount; i++) {
      long valid = dense ? 1 : (validity.getByte(i >>> 3) >>> (i & 7)) & 1;
      long x = Decimals.lo(data, i) & -valid;
      int k = ids[i] * LANES + (i & (LANES - 1));
      pl[k] += x & 0xFFFFFFFFL;
      ph[k] += x >> 32;
      pc[k] += valid;
    }
    for (int g = 0; g < groupCount; g++) {
      long low = 0;
      long high = 0;
      long count = 0;
      for (int k = g * LANES; k < (g + 1) * LANES; k++) {
        low += pl[k];
        high += ph[k];
        count += pc[k];
        pl[k] = 0;
        ph[k] = 0;
        pc[k] = 0;
      }
      add(g, high >> 32, high << 32, count);
      add(g, 0, low, 0);
    }
  }

  private void add(int g, long hi, long lo, long count) {
    long a = lows[g];
    long s = a + lo;
    highs[g] += hi + (Long.compareUnsigned(s, a) < 0 ? 1 : 0);
    lows[g] = s;
    counts[g] += count;
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    SumDecimal o = (SumDecimal) other;
    for (int og = 0; og < map.length; og++) {
      if (map[og] >= 0) {
        add(map[og], o.highs[og], o.lows[og], o.counts[og]);
      }
    }
  }

  @Override
  public long count(int g) {
    return g < counts.length ? counts[g] : 0;
  }

  @Override
  public double total(int g) {
    return new BigDecimal(big(g), scale).doubleValue();
  }

  private BigInteger big(int g) {
    return BigInteger.valueOf(highs[g]).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lows[g])));
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    DecimalVector v = (DecimalVector) Kernels.allocate(field, groupCount, allocator);
    ArrowBuf data = v.getDataBuffer();
    for (int g = 0; g < groupCount; g++) {
      if (count(g) > 0) {
        if (!Decimals.fits(highs[g], lows[g], Decimals.MAX_DIGITS)) {
          v.close();
          throw new EvaluationException("sum of column '" + column + "' overflows DECIMAL(38," + scale + ") ("
              + new BigDecimal(big(g), scale) + ")", "sum it as doubles: sum(col(\"" + column + "\").cast(\"double\"))");
        }
        Decimals.set128(data, g, highs[g], lows[g]);
        v.setIndexDefined(g);
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public void dropScratch() {
    values = null;
    laneLows = null;
    laneHighs = null;
    laneCounts = null;
  }

  @Override
  public Accumulator emptyCopy() {
    return new SumDecimal(column, scale);
  }

  @Override
  public long sizeBytes() {
    return 40L + lows.length * 24L;
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return StateColumns.all(() -> StateColumns.longs(prefix + "0", lows, n, allocator),
        () -> StateColumns.longs(prefix + "1", highs, n, allocator),
        () -> StateColumns.longs(prefix + "2", counts, n, allocator));
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    SumDecimal s = new SumDecimal(column, scale);
    s.lows = StateColumns.longs(columns.get(0), n);
    s.highs = StateColumns.longs(columns.get(1), n);
    s.counts = StateColumns.longs(columns.get(2), n);
    return s;
  }
}
