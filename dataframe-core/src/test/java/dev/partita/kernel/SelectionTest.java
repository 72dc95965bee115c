package dev.partita.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Selection#take} against reading the selected rows one by one, for the selections filters and joins
 * make: every row, most rows (long runs copied in bulk), a few scattered rows, runs with gaps of one, and
 * joins' negative rows (nulls), one column and a batch at a time, over int32, int64, decimal, string and boolean columns with and without nulls;
 * and {@link Selection#of} against reading a mask row by row.
 */
class SelectionTest {

  private static final int N = 1000;

  private final BufferAllocator allocator = new RootAllocator();
  private final Random random = new Random(11);

  @Test
  void takenRowsAreTheSelectedRowsInOrder() {
    for (double nulls : new double[] {0, 0.2}) {
      List<FieldVector> columns = List.of(ints(nulls), longs(nulls), decimals(nulls), strings(nulls), bools(nulls));
      try {
        VectorSchemaRoot batch = new VectorSchemaRoot(columns);
        batch.setRowCount(N);
        for (int[] rows : selections()) {
          for (FieldVector v : columns) {
            try (FieldVector out = Selection.take(v, rows, allocator)) {
              assertTaken(v, rows, out);
            }
          }
          try (VectorSchemaRoot out = Selection.take(batch, rows, allocator)) {
            assertEquals(rows.length, out.getRowCount());
            for (int c = 0; c < columns.size(); c++) {
              assertTaken(columns.get(c), rows, out.getVector(c));
            }
          }
        }
      } finally {
        columns.forEach(FieldVector::close);
      }
    }
  }

  private static void assertTaken(FieldVector v, int[] rows, FieldVector out) {
    assertEquals(rows.length, out.getValueCount());
    for (int i = 0; i < rows.length; i++) {
      Object expected = rows[i] < 0 ? null : v.getObject(rows[i]);
      assertEquals(String.valueOf(expected), String.valueOf(out.getObject(i)),
          v.getField() + " row " + i + " of " + rows.length + " (source row " + rows[i] + ")");
    }
  }

  @Test
  void selectionOfAMaskHoldsItsTrueRowsAndNotItsNullOnes() {
    for (int n : new int[] {0, 1, 63, 64, 65, 1000, 1027}) {
      for (double trues : new double[] {0, 0.02, 0.5, 1}) {
        for (double nulls : new double[] {0, 0.1}) {
          try (BitVector mask = new BitVector("mask", allocator)) {
            // set bits past the end and under nulls, which the selection must not take
            mask.allocateNew(n + 130);
            for (int i = 0; i < n + 130; i++) {
              mask.set(i, random.nextDouble() < trues ? 1 : 0);
              if (i < n && random.nextDouble() < nulls) {
                mask.getDataBuffer().setByte(i >>> 3, mask.getDataBuffer().getByte(i >>> 3) | (1 << (i & 7)));
                mask.setNull(i);
              }
            }
            mask.setValueCount(n);
            int[] expected = IntStream.range(0, n).filter(i -> !mask.isNull(i) && mask.get(i) == 1).toArray();
            assertEquals(Arrays.toString(expected), Arrays.toString(Selection.of(mask)),
                n + " rows, " + trues + " true, " + nulls + " null");
          }
        }
      }
    }
  }

  private List<int[]> selections() {
    int[] most = IntStream.range(0, N).filter(i -> random.nextInt(70) != 0).toArray();
    int[] few = IntStream.range(0, N).filter(i -> random.nextInt(10) == 0).toArray();
    int[] gaps = IntStream.range(0, N).filter(i -> i % 9 != 4).toArray();
    int[] joined = IntStream.range(0, N).map(i -> random.nextInt(5) == 0 ? -1 : i).toArray();
    int[] shuffled = IntStream.range(0, N).map(i -> random.nextInt(N)).toArray();
    int[] runAfterNull = {-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 20, 21, 22, 23, 24, 25, 26, 27, 28};
    return List.of(IntStream.range(0, N).toArray(), most, few, gaps, joined, shuffled, runAfterNull,
        Arrays.copyOf(most, 0));
  }

  private FieldVector ints(double nulls) {
    DateDayVector v = new DateDayVector("date", allocator);
    return fill(v, nulls, i -> v.set(i, random.nextInt()));
  }

  private FieldVector longs(double nulls) {
    BigIntVector v = new BigIntVector("long", allocator);
    return fill(v, nulls, i -> v.set(i, random.nextLong()));
  }

  private FieldVector decimals(double nulls) {
    DecimalVector v = new DecimalVector("decimal", allocator, 15, 2);
    return fill(v, nulls, i -> v.set(i, BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2)));
  }

  private FieldVector strings(double nulls) {
    VarCharVector v = new VarCharVector("string", allocator);
    return fill(v, nulls, i -> v.setSafe(i, ("s" + "x".repeat(random.nextInt(5)) + i).getBytes(StandardCharsets.UTF_8)));
  }

  private FieldVector bools(double nulls) {
    BitVector v = new BitVector("bool", allocator);
    return fill(v, nulls, i -> v.set(i, random.nextInt(2)));
  }

  /** {@code v} with {@link #N} rows, each set by {@code set} or, a fraction {@code nulls} of them, left null. */
  private FieldVector fill(FieldVector v, double nulls, IntConsumer set) {
    v.setInitialCapacity(N);
    v.allocateNew();
    for (int i = 0; i < N; i++) {
      if (random.nextDouble() >= nulls) {
        set.accept(i);
      }
    }
    v.setValueCount(N);
    return v;
  }

  @AfterEach
  void close() {
    allocator.close();
  }
}
