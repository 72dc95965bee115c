package dev.partita.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Filtering by a boolean mask: the mask becomes a selection (the row numbers where it is true and
 * not null), and {@link #take} copies those rows of a batch into new vectors.
 *
 * <pre>{@code
 * int[] rows = Selection.of(mask);
 * try (VectorSchemaRoot kept = Selection.take(batch, rows, allocator)) { ... }
 * }</pre>
 */
public final class Selection {

  /** The shortest run of consecutive rows copied in bulk rather than row by row. */
  private static final int RUN = 8;

  private Selection() {}

  /**
   * The rows where {@code mask} is true; null counts as false (a filter keeps only true). Read a word of 64
   * rows at a time, visiting only its set bits: a word with none (most of a selective filter's, as TPC-H Q6's
   * 2%) costs one test, and no branch depends on a row's bit.
   */
  public static int[] of(BitVector mask) {
    int n = mask.getValueCount();
    int[] rows = new int[n];
    int k = 0;
    ArrowBuf data = mask.getDataBuffer();
    ArrowBuf validity = mask.getValidityBuffer();
    boolean dense = mask.getNullCount() == 0;
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long word = Bits.getWord(data, w, n);
      if (!dense) {
        word &= Bits.getWord(validity, w, n);
      }
      int bits = n - 64 * w;
      if (bits < 64) {
        word &= (1L << bits) - 1;
      }
      for (int base = w << 6; word != 0; word &= word - 1) {
        rows[k++] = base + Long.numberOfTrailingZeros(word);
      }
    }
    return k == n ? rows : Arrays.copyOf(rows, k);
  }

  /** A new batch (owned by the caller) holding the selected rows of {@code batch}, in order. */
  public static VectorSchemaRoot take(VectorSchemaRoot batch, int[] rows, BufferAllocator allocator) {
    return take(batch, rows, Cuts.of(rows, rows.length, batch.getRowCount()), allocator);
  }

  /** A new batch (owned by the caller) holding rows {@code [from, from + n)} of {@code batch}, each column copied in bulk. */
  public static VectorSchemaRoot range(VectorSchemaRoot batch, int from, int n, BufferAllocator allocator) {
    int[] rows = new int[n];
    Arrays.setAll(rows, i -> from + i);
    return take(batch, rows, new Cuts(new int[] {0, 0, n, n}, 4, true, from == 0 && n == batch.getRowCount()),
        allocator);
  }

  private static VectorSchemaRoot take(VectorSchemaRoot batch, int[] rows, Cuts cuts, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(batch.getFieldVectors().size());
    try {
      int n = rows.length;
      for (FieldVector v : batch.getFieldVectors()) {
        out.add(take(v, rows, n, cuts, allocator));
      }
    } catch (RuntimeException e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot root = new VectorSchemaRoot(out);
    root.setRowCount(rows.length);
    return root;
  }

  private static boolean isIdentity(int[] rows, int n) {
    for (int i = 0; i < n; i++) {
      if (rows[i] != i) {
        return false;
      }
    }
    return true;
  }

  /**
   * A new vector (owned by the caller) holding {@code rows} of {@code v}, in that order; a negative row
   * number gives a null (the missing side of an outer join's row).
   */
  public static FieldVector take(FieldVector v, int[] rows, BufferAllocator allocator) {
    return take(v, rows, rows.length, allocator);
  }

  /**
   * Copies the values at {@code rows} (negative: left as they are) of a fixed-width column: the runs of
   * {@code cuts} as one bulk copy each, the stretches between them row by row.
   */
  private static void copyValues(ArrowBuf from, ArrowBuf to, int width, int[] rows, Cuts cuts) {
    for (int k = 0; k < cuts.count - 1; k++) {
      int i = cuts.at[k];
      int end = cuts.at[k + 1];
      if (Cuts.isRun(k)) {
        to.setBytes((long) i * width, from, (long) rows[i] * width, (long) (end - i) * width);
        continue;
      }
      for (; i < end; i++) {
        copyValue(from, to, width, i, rows[i]);
      }
    }
  }

  /** Copies row {@code r} (negative: none) to position {@code i}, the common widths as primitives. */
  private static void copyValue(ArrowBuf from, ArrowBuf to, int width, int i, int r) {
    if (r < 0) {
      return;
    }
    switch (width) {
      case 4 -> to.setInt(4L * i, from.getInt(4L * r));
      case 8 -> to.setLong(8L * i, from.getLong(8L * r));
      case 16 -> {
        to.setLong(16L * i, from.getLong(16L * r));
        to.setLong(16L * i + 8, from.getLong(16L * r + 8));
      }
      default -> to.setBytes((long) i * width, from, (long) r * width, width);
    }
  }

  /** As {@link #take(FieldVector, int[], BufferAllocator)} for the first {@code n} entries of {@code rows}. */
  public static FieldVector take(FieldVector v, int[] rows, int n, BufferAllocator allocator) {
    return take(v, rows, n, Cuts.of(rows, n, v.getValueCount()), allocator);
  }

  private static FieldVector take(FieldVector v, int[] rows, int n, Cuts cuts, BufferAllocator allocator) {
    if (cuts.identity && n == v.getValueCount()) {
      return Vectors.split(v, 0, n, allocator);
    }
    FieldVector out = (FieldVector) v.getTransferPair(allocator).getTo();
    if (v instanceof BaseFixedWidthVector && !(v instanceof BitVector)) {
      BaseFixedWidthVector src = (BaseFixedWidthVector) v;
      BaseFixedWidthVector dst = (BaseFixedWidthVector) out;
      dst.allocateNew(Math.max(n, 1));
      copyValues(src.getDataBuffer(), dst.getDataBuffer(), src.getTypeWidth(), rows, cuts);
      ArrowBuf sv = src.getValidityBuffer();
      ArrowBuf dv = dst.getValidityBuffer();
      boolean dense = src.getNullCount() == 0;
      if (dense && cuts.noneMissing) {
        Bits.setAllValid(dv, n);
      } else {
        for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
          long word = 0;
          for (int i = w << 6, end = Math.min(n, i + 64); i < end; i++) {
            int r = rows[i];
            if (r >= 0 && (dense || Bits.isValid(sv, r))) {
              word |= 1L << i;
            }
          }
          Bits.putWord(dv, w, word, n);
        }
      }
      dst.setValueCount(n);
    } else if (v instanceof VarCharVector) {
      VarCharVector src = (VarCharVector) v;
      VarCharVector dst = (VarCharVector) out;
      ArrowBuf so = src.getOffsetBuffer();
      long bytes = 0;
      for (int i = 0; i < n; i++) {
        int r = rows[i];
        if (r >= 0) {
          bytes += so.getInt(4L * (r + 1)) - so.getInt(4L * r);
        }
      }
      dst.allocateNew(Math.max(bytes, 1), Math.max(n, 1));
      ArrowBuf sd = src.getDataBuffer();
      ArrowBuf dd = dst.getDataBuffer();
      ArrowBuf doff = dst.getOffsetBuffer();
      ArrowBuf dv = dst.getValidityBuffer();
      ArrowBuf sv = src.getValidityBuffer();
      boolean dense = src.getNullCount() == 0;
      int pos = 0;
      doff.setInt(0, 0);
      for (int k = 0; k < cuts.count - 1; k++) {
        int i = cuts.at[k];
        int end = cuts.at[k + 1];
        if (Cuts.isRun(k)) {
          // one copy of the run's bytes (a null row's, usually none, come along), its offsets shifted to where they land
          int r = rows[i];
          int start = so.getInt(4L * r);
          int shift = pos - start;
          for (; i < end; i++, r++) {
            doff.setInt(4L * (i + 1), so.getInt(4L * (r + 1)) + shift);
            if (dense || Bits.isValid(sv, r)) {
              Bits.set(dv, i);
            }
          }
          int stop = so.getInt(4L * r);
          dd.setBytes(pos, sd, start, stop - start);
          pos += stop - start;
          continue;
        }
        for (; i < end; i++) {
          int r = rows[i];
          if (r >= 0 && !src.isNull(r)) {
            int start = so.getInt(4L * r);
            int len = so.getInt(4L * (r + 1)) - start;
            dd.setBytes(pos, sd, start, len);
            pos += len;
            Bits.set(dv, i);
          }
          doff.setInt(4L * (i + 1), pos);
        }
      }
      dst.setLastSet(n - 1);
      dst.setValueCount(n);
    } else {
      out.allocateNew();
      for (int i = 0; i < n; i++) {
        if (rows[i] >= 0) {
          out.copyFromSafe(rows[i], i, v);
        }
      }
      out.setValueCount(n);
    }
    return out;
  }

  /**
   * A selection cut once, for all the columns of a batch, into stretches copied row by row and, between them,
   * runs of at least {@link #RUN} consecutive source rows copied in bulk: stretch {@code k} is positions
   * {@code [at[k], at[k + 1])}, a run when {@code k} is odd. Runs are looked for only when the selection keeps
   * seven rows in eight or more: a filter that keeps most rows (TPC-H Q1 keeps 98.6%) leaves runs of dozens,
   * and copying them row by row made the copy the hottest frame after the sums (13% of Q1's samples); looking
   * for runs in a scattered selection slowed taking half the rows by a fifth. Found per column rather than
   * once, with the check for negative rows, they were 8.5% of Q1's samples.
   */
  private static final class Cuts {

    final int[] at;
    final int count;
    /** No row is negative (a filter's selection, not an outer join's): a column without nulls stays so. */
    final boolean noneMissing;
    /** The selection is every row in order: a column is passed on, not copied. */
    final boolean identity;

    private Cuts(int[] at, int count, boolean noneMissing, boolean identity) {
      this.at = at;
      this.count = count;
      this.noneMissing = noneMissing;
      this.identity = identity;
    }

    static boolean isRun(int k) {
      return (k & 1) == 1;
    }

    static Cuts of(int[] rows, int n, int sourceRows) {
      boolean identity = n == sourceRows && isIdentity(rows, n);
      int any = 0;
      if (n < sourceRows - sourceRows / 8) {
        for (int i = 0; i < n; i++) {
          any |= rows[i];
        }
        return new Cuts(new int[] {0, n}, 2, any >= 0, identity);
      }
      int[] at = new int[16];
      int count = 1;
      for (int i = 0; i < n; ) {
        int end = runEnd(rows, i, n);
        if (end == i) {
          any |= rows[i++];
          continue;
        }
        if (count + 3 > at.length) { // room for this run's two cuts and the last
          at = Arrays.copyOf(at, 2 * at.length);
        }
        at[count++] = i;
        at[count++] = end;
        i = end;
      }
      at[count++] = n;
      return new Cuts(at, count, any >= 0, identity);
    }

    /**
     * Where the run of consecutive source rows starting at position {@code i} ends, if it holds at least
     * {@link #RUN} rows; otherwise {@code i}. One comparison rejects most positions that start no run.
     */
    private static int runEnd(int[] rows, int i, int n) {
      int r = rows[i];
      if (r < 0 || i + RUN > n || rows[i + RUN - 1] != r + RUN - 1) {
        return i;
      }
      int end = i + 1;
      while (end < n && rows[end] == r + (end - i)) {
        end++;
      }
      return end - i >= RUN ? end : i;
    }
  }
}
