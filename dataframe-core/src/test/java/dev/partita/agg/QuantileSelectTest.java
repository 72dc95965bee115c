package dev.partita.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Selecting the two values around a quantile's rank gives, bit for bit, what sorting the group and
 * interpolating gives: with duplicates, NaN, infinities and both zeros, every rank, and ranges inside a
 * larger array.
 */
class QuantileSelectTest {

  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
      1.5, -1.5, 1e300, -1e-300};

  @Test
  void selectingEqualsSortingAndInterpolating() {
    Random random = new Random(5);
    for (int trial = 0; trial < 20_000; trial++) {
      int n = 1 + random.nextInt(trial < 10_000 ? 12 : 300);
      double[] values = new double[n];
      int distinct = 1 + random.nextInt(n + 3);
      for (int i = 0; i < n; i++) {
        values[i] = random.nextInt(6) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
            : random.nextBoolean() ? random.nextInt(distinct) - distinct / 2 : random.nextGaussian() * 100;
      }
      double q = switch (random.nextInt(4)) {
        case 0 -> 0.5;
        case 1 -> random.nextInt(n) / (double) Math.max(1, n - 1);
        case 2 -> random.nextBoolean() ? 0.0 : 1.0;
        default -> random.nextDouble();
      };
      boolean decimal = random.nextInt(4) == 0;
      if (decimal) {
        for (int i = 0; i < n; i++) {
          values[i] = Double.isFinite(values[i]) ? Math.rint(values[i]) : random.nextInt(100);
        }
      }
      int pad = random.nextInt(3);
      double[] inside = new double[n + 2 * pad];
      Arrays.fill(inside, 7.25);
      System.arraycopy(values, 0, inside, pad, n);
      double expected = sortAndInterpolate(values.clone(), q, decimal);
      double actual = Quantile.select(inside, pad, n, q, decimal);
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
          "q " + q + (decimal ? " (decimal) of " : " of ") + Arrays.toString(values) + ": " + expected + " vs " + actual);
      for (int i = 0; i < pad; i++) {
        assertEquals(7.25, inside[i]);
        assertEquals(7.25, inside[pad + n + i]);
      }
    }
  }

  /** The reference: a full sort (NaN last, -0.0 before 0.0), then DuckDB's interpolation. */
  private static double sortAndInterpolate(double[] a, double q, boolean decimal) {
    Arrays.sort(a);
    double rank = q * (a.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    double low = a[lo];
    if (lo == hi) {
      return low;
    }
    double d = rank - lo;
    double high = a[hi];
    return decimal ? low + d * (high - low) : low * (1 - d) + high * d;
  }
}
