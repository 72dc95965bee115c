package dev.partita.exec;

import dev.partita.kernel.Numeric;
import dev.partita.plan.SortKey;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sorting one batch by sort keys: a comparator chosen once per key and type over row numbers, and a stable
 * merge sort of the row numbers. Floats order as DuckDB's (NaN above every number, -0.0 equal to 0.0),
 * strings by UTF-8 bytes (code point order), decimals by value.
 */
final class Sorting {

  private static final int INSERTION_SORT_ROWS = 16;

  private Sorting() {}

  /** Row numbers of {@code in} in sorted order: by each key in turn, ties in input order (a stable sort). */
  static int[] order(VectorSchemaRoot in, List<SortKey> sortKeys) {
    RowOrder order = comparator(sortKeys, in, in);
    int[] rows = new int[in.getRowCount()];
    Arrays.setAll(rows, i -> i);
    mergeSort(rows.clone(), rows, 0, rows.length, order);
    return rows;
  }

  /** Orders row {@code i} of one batch against row {@code j} of another (or the same). */
  interface RowOrder {
    int compare(int i, int j);
  }

  /**
   * The order of rows of {@code left} against rows of {@code right} (batches with the same key columns), by
   * {@code sortKeys} in turn; 0 for rows whose keys are all equal.
   */
  static RowOrder comparator(List<SortKey> sortKeys, VectorSchemaRoot left, VectorSchemaRoot right) {
    RowOrder[] keys = new RowOrder[sortKeys.size()];
    for (int c = 0; c < keys.length; c++) {
      SortKey k = sortKeys.get(c);
      keys[c] = withNulls(left.getVector(k.column()), right.getVector(k.column()), k.descending(), k.nullsFirst());
    }
    if (keys.length == 1) {
      return keys[0];
    }
    return (a, b) -> {
      for (RowOrder k : keys) {
        int r = k.compare(a, b);
        if (r != 0) {
          return r;
        }
      }
      return 0;
    };
  }

  /** The order of the values of {@code x} against {@code y}, reversed when {@code descending}; nulls first or last either way. */
  private static RowOrder withNulls(FieldVector x, FieldVector y, boolean descending, boolean nullsFirst) {
    RowOrder values = values(x, y);
    RowOrder directed = descending ? (a, b) -> values.compare(a, b) * -1 : values;
    if (x.getNullCount() == 0 && y.getNullCount() == 0) {
      return directed;
    }
    return (a, b) -> {
      boolean an = x.isNull(a);
      boolean bn = y.isNull(b);
      if (an || bn) {
        return an == bn ? 0 : (an == nullsFirst ? -1 : 1);
      }
      return directed.compare(a, b);
    };
  }

  /** The order of the non-null values of {@code v} against those of {@code w}, chosen once for their type. */
  private static RowOrder values(FieldVector v, FieldVector w) {
    if (v instanceof BigIntVector x && w instanceof BigIntVector y) {
      return (a, b) -> Long.compare(x.get(a), y.get(b));
    }
    if (v instanceof Float8Vector x && w instanceof Float8Vector y) {
      return (a, b) -> Numeric.compare(x.get(a), y.get(b));
    }
    if (v instanceof VarCharVector x && w instanceof VarCharVector y) {
      ArrowBuf xo = x.getOffsetBuffer();
      ArrowBuf xd = x.getDataBuffer();
      ArrowBuf yo = y.getOffsetBuffer();
      ArrowBuf yd = y.getDataBuffer();
      return (a, b) -> ByteFunctionHelpers.compare(
          xd, xo.getInt(4L * a), xo.getInt(4L * a + 4), yd, yo.getInt(4L * b), yo.getInt(4L * b + 4));
    }
    if (v instanceof BitVector x && w instanceof BitVector y) {
      return (a, b) -> Integer.compare(x.get(a), y.get(b));
    }
    if (v instanceof DateDayVector x && w instanceof DateDayVector y) {
      return (a, b) -> Integer.compare(x.get(a), y.get(b));
    }
    if (v instanceof BaseIntVector x && w instanceof BaseIntVector y) {
      return (a, b) -> Long.compare(x.getValueAsLong(a), y.getValueAsLong(b));
    }
    if (v instanceof TimeStampVector x && w instanceof TimeStampVector y) {
      return (a, b) -> Long.compare(x.get(a), y.get(b));
    }
    if (v instanceof FloatingPointVector x && w instanceof FloatingPointVector y) {
      return (a, b) -> Numeric.compare(x.getValueAsDouble(a), y.getValueAsDouble(b));
    }
    if (v instanceof DecimalVector && w instanceof DecimalVector) {
      ArrowBuf x = v.getDataBuffer();
      ArrowBuf y = w.getDataBuffer();
      // One scale per column, so unscaled 128-bit little-endian integers order as the decimals do.
      return (a, b) -> {
        int high = Long.compare(x.getLong(16L * a + 8), y.getLong(16L * b + 8));
        return high != 0 ? high : Long.compareUnsigned(x.getLong(16L * a), y.getLong(16L * b));
      };
    }
    throw new IllegalArgumentException("cannot sort by " + v.getField().getType());
  }

  /**
   * Sorts {@code dst[lo, hi)} stably, using {@code src}, which holds the same rows there, as scratch
   * (the JDK's former object merge sort, on primitive rows).
   */
  private static void mergeSort(int[] src, int[] dst, int lo, int hi, RowOrder order) {
    if (hi - lo <= INSERTION_SORT_ROWS) {
      for (int i = lo + 1; i < hi; i++) {
        int row = dst[i];
        int j = i - 1;
        for (; j >= lo && order.compare(dst[j], row) > 0; j--) {
          dst[j + 1] = dst[j];
        }
        dst[j + 1] = row;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(dst, src, lo, mid, order);
    mergeSort(dst, src, mid, hi, order);
    if (order.compare(src[mid - 1], src[mid]) <= 0) {
      System.arraycopy(src, lo, dst, lo, hi - lo);
      return;
    }
    for (int i = lo, p = lo, q = mid; i < hi; i++) {
      dst[i] = q >= hi || (p < mid && order.compare(src[p], src[q]) <= 0) ? src[p++] : src[q++];
    }
  }
}
