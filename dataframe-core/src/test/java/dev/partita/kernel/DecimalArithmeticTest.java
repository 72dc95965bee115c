package dev.partita.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.EvaluationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Decimal {@code + - *} of a vector and a scalar on either side against BigDecimal row by row: narrow and wide
 * vectors, scalars up to and beyond 18 digits, nulls, and results at the edge of the precision, where a valid
 * row that does not fit is an error and a null row never is.
 */
class DecimalArithmeticTest {

  private static final int[] LENGTHS = {0, 1, 63, 64, 65, 1000};
  private static final String[] SCALARS = {"0.00", "1.00", "-1.00", "0.05", "-123.45", "9999999999999.99",
      "99999999999999999.99", "-12345678901234567890123.45"};

  private final BufferAllocator allocator = new RootAllocator();
  private final Random random = new Random(7);

  @Test
  void aScalarOnEitherSideMatchesBigDecimal() {
    for (int n : LENGTHS) {
      for (int precision : new int[] {15, 30}) {
        try (DecimalVector v = decimals(n, precision)) {
          for (String text : SCALARS) {
            BigDecimal s = new BigDecimal(text);
            for (ArithOp op : new ArithOp[] {ArithOp.PLUS, ArithOp.MINUS, ArithOp.MUL}) {
              for (boolean left : new boolean[] {false, true}) {
                check(op, v, s, left, op == ArithOp.MUL ? 18 : 16);
              }
            }
          }
        }
      }
    }
  }

  private void check(ArithOp op, DecimalVector v, BigDecimal s, boolean left, int precision) {
    int scale = op == ArithOp.MUL ? 4 : 2;
    int n = v.getValueCount();
    BigDecimal[] expected = new BigDecimal[n];
    BigDecimal overflowing = null;
    for (int i = 0; i < n; i++) {
      BigDecimal x = v.getObject(i);
      if (x != null) {
        BigDecimal a = left ? s : x;
        BigDecimal b = left ? x : s;
        expected[i] = op == ArithOp.MUL ? a.multiply(b) : op == ArithOp.PLUS ? a.add(b) : a.subtract(b);
        if (expected[i].unscaledValue().abs().compareTo(BigInteger.TEN.pow(precision)) >= 0 && overflowing == null) {
          overflowing = expected[i];
        }
      }
    }
    String what = op + " " + s + (left ? " on the left" : " on the right") + " of " + n + " rows of DECIMAL("
        + Decimals.precision(v) + ")";
    if (overflowing != null) {
      EvaluationException e = assertThrows(EvaluationException.class,
          () -> Decimals.arithmetic(op, v, s, left, precision, scale, allocator).close(), what);
      assertTrue(e.getMessage().contains("overflow in") && e.getMessage().contains(s.toPlainString()),
          what + ": " + e.getMessage());
      return;
    }
    try (DecimalVector out = Decimals.arithmetic(op, v, s, left, precision, scale, allocator)) {
      assertEquals(n, out.getValueCount(), what);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i], out.getObject(i), what + ", row " + i);
      }
    }
  }

  /** DECIMAL(precision, 2) with a third nulls, small values, and values near the 15-digit edge. */
  private DecimalVector decimals(int n, int precision) {
    DecimalVector v = Decimals.allocate("d" + precision, precision, 2, Math.max(n, 1), allocator);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(3) > 0) {
        long u = random.nextInt(4) == 0 ? 999_999_999_999_999L - random.nextInt(1000) : random.nextInt(20001) - 10000;
        v.set(i, BigDecimal.valueOf(random.nextBoolean() ? u : -u, 2));
      }
    }
    v.setValueCount(n);
    return v;
  }

  @AfterEach
  void close() {
    allocator.close();
  }
}
