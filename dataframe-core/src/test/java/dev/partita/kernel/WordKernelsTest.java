package dev.partita.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernels that work 64 rows at a time (three-valued AND/OR/NOT, comparisons with a scalar) against a
 * row-at-a-time reference, on lengths around word and byte boundaries, with and without nulls.
 */
class WordKernelsTest {

  private static final int[] LENGTHS = {0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 130, 1000};

  private final BufferAllocator allocator = new RootAllocator();
  private final Random random = new Random(42);

  @Test
  void andOrNotFollowSqlsThreeValuedLogic() {
    for (int n : LENGTHS) {
      for (double nulls : new double[] {0, 0.3}) {
        try (BitVector a = bits(n, nulls); BitVector b = bits(n, nulls);
            BitVector and = Logic.and(a, b, allocator); BitVector or = Logic.or(a, b, allocator);
            BitVector not = Logic.not(a, allocator)) {
          for (int i = 0; i < n; i++) {
            Boolean x = get(a, i);
            Boolean y = get(b, i);
            Boolean expectedAnd = Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y) ? Boolean.FALSE
                : x == null || y == null ? null : Boolean.TRUE;
            Boolean expectedOr = Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y) ? Boolean.TRUE
                : x == null || y == null ? null : Boolean.FALSE;
            String at = "row " + i + " of " + n + ": " + x + ", " + y;
            assertEquals(expectedAnd, get(and, i), "AND, " + at);
            assertEquals(expectedOr, get(or, i), "OR, " + at);
            assertEquals(x == null ? null : !x, get(not, i), "NOT, " + at);
          }
          assertEquals(n, and.getValueCount());
        }
      }
    }
  }

  @Test
  void comparisonsWithAScalarMatchRowByRow() {
    for (int n : LENGTHS) {
      for (double nulls : new double[] {0, 0.3}) {
        try (BigIntVector longs = new BigIntVector("l", allocator); Float8Vector doubles = new Float8Vector("d", allocator);
            DateDayVector days = new DateDayVector("t", allocator)) {
          longs.allocateNew(n);
          doubles.allocateNew(n);
          days.allocateNew(n);
          for (int i = 0; i < n; i++) {
            if (random.nextDouble() >= nulls) {
              longs.set(i, random.nextInt(7) - 3);
              doubles.set(i, random.nextInt(10) == 0 ? Double.NaN : random.nextInt(7) - 3.0);
              days.set(i, random.nextInt(7) - 3);
            }
          }
          longs.setValueCount(n);
          doubles.setValueCount(n);
          days.setValueCount(n);
          for (CmpOp op : CmpOp.values()) {
            check(op, longs, 0L);
            check(op, longs, 0.5);
            check(op, doubles, 0.0);
            check(op, doubles, Double.NaN);
            check(op, days, 0);
          }
        }
      }
    }
  }

  private void check(CmpOp op, FieldVector v, Object scalar) {
    try (BitVector out = Compare.vectorScalar(op, v, scalar, allocator)) {
      for (int i = 0; i < v.getValueCount(); i++) {
        Boolean expected = v.isNull(i) ? null : op.test(compare(v.getObject(i), scalar));
        assertEquals(expected, get(out, i), v.getName() + " " + op + " " + scalar + " at row " + i + " ("
            + v.getObject(i) + ")");
      }
    }
  }

  private static int compare(Object value, Object scalar) {
    if (value instanceof Long l && scalar instanceof Long s) {
      return Long.compare(l, s);
    }
    if (value instanceof Integer d && scalar instanceof Integer s) {
      return Integer.compare(d, s);
    }
    return Numeric.compare(((Number) value).doubleValue(), ((Number) scalar).doubleValue());
  }

  private BitVector bits(int n, double nulls) {
    BitVector v = new BitVector("b", allocator);
    v.allocateNew(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() >= nulls) {
        v.set(i, random.nextBoolean() ? 1 : 0);
      } else {
        // a null slot whose value bit is set, which the kernels must not read as a value
        v.set(i, 1);
        v.setNull(i);
      }
    }
    v.setValueCount(n);
    return v;
  }

  private static Boolean get(BitVector v, int i) {
    return v.isNull(i) ? null : v.get(i) == 1;
  }

  @AfterEach
  void close() {
    allocator.close();
  }
}
