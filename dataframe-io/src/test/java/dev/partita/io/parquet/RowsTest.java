package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Counting and finding rows of a bitmap a word at a time, against a bit at a time. */
class RowsTest {

  @Test
  void countAndRunsAgreeWithABitAtATime() {
    Random r = new Random(7);
    for (int round = 0; round < 300; round++) {
      int n = 1 + r.nextInt(300);
      double density = r.nextDouble();
      long[] bits = new long[(n + 63) >>> 6];
      for (int i = 0; i < n; i++) {
        if (r.nextDouble() < density) {
          bits[i >>> 6] |= 1L << i;
        }
      }
      int from = r.nextInt(n + 1);
      int to = from + r.nextInt(n - from + 1);
      int count = 0;
      int firstSet = to;
      int firstClear = to;
      for (int i = to - 1; i >= from; i--) {
        boolean set = (bits[i >>> 6] >>> i & 1) != 0;
        count += set ? 1 : 0;
        firstSet = set ? i : firstSet;
        firstClear = set ? firstClear : i;
      }
      String at = "n=" + n + " [" + from + ", " + to + ")";
      assertEquals(count, Rows.count(bits, from, to), at);
      assertEquals(firstSet, Rows.nextSet(bits, from, to), at);
      assertEquals(firstClear, Rows.nextClear(bits, from, to), at);

      int[] values = new int[n];
      for (int i = 0; i < n; i++) {
        values[i] = r.nextInt();
      }
      int[] expected = new int[Rows.count(bits, 0, n)];
      for (int i = 0, k = 0; i < n; i++) {
        if ((bits[i >>> 6] >>> i & 1) != 0) {
          expected[k++] = values[i];
        }
      }
      int[] out = new int[expected.length];
      Rows.gather(bits, values, out);
      assertArrayEquals(expected, out, at);
    }
  }
}
