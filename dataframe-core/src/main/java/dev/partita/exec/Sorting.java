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
    RowOrder[] keys = new RowOrder[sortKeys.size()];
    for (int c = 0; c < keys.length; c++) {
      SortKey k = sortKeys.get(c);
      keys[c] = withNulls(in.getVector(k.column()), k.descending(), k.nullsFirst());
    }
    RowOrder order = keys.length == 1 ? keys[0] : (a, b) -> {
      for (RowOrder k : keys) {
        int r = k.compare(a, b);
        if (r != 0) {
          return r;
        }
      }
      return 0;
    };
    int[] rows = new int[in.getRowCount()];
    Arrays.setAll(rows, i -> i);
    mergeSort(rows.clone(), rows, 0, rows.length, order);
    return rows;
  }

  /** Orders two row numbers of one batch. */
  private interface RowOrder {
    int compare(int a, int b);
  }

  /** The order of {@code v}'s values, reversed when {@code descending}; nulls first or last either way. */
  private static RowOrder withNulls(FieldVector v, boolean descending, boolean nullsFirst) {
    RowOrder values = descending ? reversed(values(v)) : values(v);
    if (v.getNullCount() == 0) {
      return values;
    }
    return (a, b) -> {
      boolean an = v.isNull(a);
      boolean bn = v.isNull(b);
      if (an || bn) {
        return an == bn ? 0 : (an == nullsFirst ? -1 : 1);
      }
      return values.compare(a, b);
    };
  }

  private static RowOrder reversed(RowOrder o) {
    return (a, b) -> o.compare(b, a);
  }

  /** The order of the non-null values of {@code v}, chosen once for its type. */
  private static RowOrder values(FieldVector v) {
    if (v instanceof BigIntVector) {
      BigIntVector x = (BigIntVector) v;
      return (a, b) -> Long.compare(x.get(a), x.get(b));
    }
    if (v instanceof Float8Vector) {
      Float8Vector x = (Float8Vector) v;
      return (a, b) -> Numeric.compare(x.get(a), x.get(b));
    }
    if (v instanceof VarCharVector) {
      ArrowBuf offsets = ((VarCharVector) v).getOffsetBuffer();
      ArrowBuf data = ((VarCharVector) v).getDataBuffer();
      return (a, b) -> ByteFunctionHelpers.compare(
          data, offsets.getInt(4L * a), offsets.getInt(4L * a + 4),
          data, offsets.getInt(4L * b), offsets.getInt(4L * b + 4));
    }
    if (v instanceof BitVector) {
      BitVector x = (BitVector) v;
      return (a, b) -> Integer.compare(x.get(a), x.get(b));
    }
    if (v instanceof DateDayVector) {
      DateDayVector x = (DateDayVector) v;
      return (a, b) -> Integer.compare(x.get(a), x.get(b));
    }
    if (v instanceof BaseIntVector) {
      BaseIntVector x = (BaseIntVector) v;
      return (a, b) -> Long.compare(x.getValueAsLong(a), x.getValueAsLong(b));
    }
    if (v instanceof TimeStampVector) {
      TimeStampVector x = (TimeStampVector) v;
      return (a, b) -> Long.compare(x.get(a), x.get(b));
    }
    if (v instanceof FloatingPointVector) {
      FloatingPointVector x = (FloatingPointVector) v;
      return (a, b) -> Numeric.compare(x.getValueAsDouble(a), x.getValueAsDouble(b));
    }
    if (v instanceof DecimalVector) {
      ArrowBuf data = v.getDataBuffer();
      // One scale per vector, so unscaled 128-bit little-endian integers order as the decimals do.
      return (a, b) -> {
        int high = Long.compare(data.getLong(16L * a + 8), data.getLong(16L * b + 8));
        return high != 0 ? high : Long.compareUnsigned(data.getLong(16L * a), data.getLong(16L * b));
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
