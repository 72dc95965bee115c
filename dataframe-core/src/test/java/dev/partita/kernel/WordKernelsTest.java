package dev.partita.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernels that work 64 rows at a time (three-valued AND/OR/NOT, comparisons with a scalar and of two
 * vectors) against a row-at-a-time reference, on lengths around word and byte boundaries, with and without
 * nulls; decimals against doubles against BigDecimal's own conversion, at the values where rounding merges
 * neighbours.
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

  @Test
  void comparisonsOfTwoVectorsMatchRowByRow() {
    for (int n : LENGTHS) {
      for (double nulls : new double[] {0, 0.3}) {
        try (BigIntVector l1 = longs(n, nulls); BigIntVector l2 = longs(n, nulls);
            DateDayVector d1 = days(n, nulls); DateDayVector d2 = days(n, nulls);
            DecimalVector m1 = decimals(n, nulls, 15); DecimalVector m2 = decimals(n, nulls, 15);
            DecimalVector w1 = decimals(n, nulls, 38); DecimalVector w2 = decimals(n, nulls, 38)) {
          for (CmpOp op : CmpOp.values()) {
            checkVectors(op, l1, l2);
            checkVectors(op, d1, d2);
            checkVectors(op, m1, m2);
            checkVectors(op, w1, w2);
          }
        }
      }
    }
  }

  @Test
  void decimalsAgainstADecimalScalarMatchRowByRow() {
    for (int n : LENGTHS) {
      try (DecimalVector narrow = decimals(n, 0.3, 15); DecimalVector wide = decimals(n, 0.3, 38)) {
        for (CmpOp op : CmpOp.values()) {
          for (String s : new String[] {"0.00", "0.02", "-0.03", "123456789012345678901234.00"}) {
            checkDecimal(op, narrow, new BigDecimal(s));
            checkDecimal(op, wide, new BigDecimal(s));
          }
        }
      }
    }
  }

  @Test
  void decimalsAgainstADoubleCompareAsTheirDoubles() {
    long[] edges = {0, 1, -1, 5, 7, 999_999_999_999_999_999L, -999_999_999_999_999_999L, 1L << 53, (1L << 53) + 1,
        (1L << 53) - 1, 900_000_000_000_000_000L, 900_000_000_000_000_001L, 899_999_999_999_999_999L,
        900_000_000_000_000_064L, 900_000_000_000_000_065L};
    for (int scale : new int[] {0, 2, 5, 18}) {
      int n = 600;
      try (DecimalVector v = Decimals.allocate("m", 18, scale, n, allocator)) {
        for (int i = 0; i < n; i++) {
          long u = i < edges.length ? edges[i] : i % 3 == 0 ? random.nextInt(21) - 10 : random.nextLong() % 1_000_000_000_000_000_000L;
          if (i % 17 != 16) {
            Decimals.setLong(v.getDataBuffer(), i, u);
            v.setIndexDefined(i);
          }
        }
        v.setValueCount(n);
        double[] scalars = {0.05, 0.07, 0.0, -0.0, 1.0 / 3, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 9e17, 9e17 / Math.pow(10, scale), Math.nextUp(0.05), Math.nextDown(0.05), 1e300,
            Double.MIN_VALUE, v.getObject(20) == null ? 1 : v.getObject(20).doubleValue(), 9007199254740993.0};
        for (CmpOp op : CmpOp.values()) {
          for (double s : scalars) {
            try (BitVector out = Compare.vectorScalar(op, v, s, allocator)) {
              for (int i = 0; i < n; i++) {
                Boolean expected = v.isNull(i) ? null : op.test(Numeric.compare(v.getObject(i).doubleValue(), s));
                assertEquals(expected, get(out, i), op + " " + s + " at scale " + scale + ", row " + i + " ("
                    + v.getObject(i) + ")");
              }
            }
          }
        }
      }
    }
  }

  @Test
  void twoComparisonsInOnePassEqualBothCombined() {
    for (int n : LENGTHS) {
      try (BigIntVector longs = longs(n, 0.3); DateDayVector days = days(n, 0.3); DateDayVector dense = days(n, 0);
          DecimalVector narrow = decimals(n, 0.3, 15); DecimalVector wide = decimals(n, 0.3, 38);
          Float8Vector doubles = new Float8Vector("doubles", allocator)) {
        doubles.allocateNew(Math.max(n, 1));
        for (int i = 0; i < n; i++) {
          doubles.set(i, random.nextInt(7) - 3.0);
        }
        doubles.setValueCount(n);
        for (CmpOp op1 : CmpOp.values()) {
          for (CmpOp op2 : CmpOp.values()) {
            checkBoth(op1, -1L, op2, 2L, longs);
            checkBoth(op1, -1, op2, 1, days);
            checkBoth(op1, 0, op2, 0, dense);
            checkBoth(op1, new BigDecimal("-0.01"), op2, new BigDecimal("0.02"), narrow);
            checkBoth(op1, -0.015, op2, 0.02, narrow);
            checkBoth(op1, Double.NaN, op2, 0.0, narrow);
            checkBoth(op1, new BigDecimal("-0.01"), op2, new BigDecimal("0.02"), wide);
            checkBoth(op1, -1.5, op2, 1.0, doubles);
          }
        }
      }
    }
  }

  private void checkBoth(CmpOp op1, Object s1, CmpOp op2, Object s2, FieldVector v) {
    try (BitVector out = Compare.vectorScalars(op1, s1, op2, s2, v, allocator);
        BitVector x = Compare.vectorScalar(op1, v, s1, allocator); BitVector y = Compare.vectorScalar(op2, v, s2, allocator);
        BitVector expected = Logic.and(x, y, allocator)) {
      assertEquals(v.getValueCount(), out.getValueCount());
      for (int i = 0; i < v.getValueCount(); i++) {
        assertEquals(get(expected, i), get(out, i), v.getName() + " " + op1 + " " + s1 + " and " + op2 + " " + s2
            + " at row " + i + " (" + v.getObject(i) + ")");
      }
    }
  }

  private void checkVectors(CmpOp op, FieldVector a, FieldVector b) {
    try (BitVector out = Compare.vectorVector(op, a, b, allocator)) {
      for (int i = 0; i < a.getValueCount(); i++) {
        Object x = a.getObject(i);
        Object y = b.getObject(i);
        Boolean expected = x == null || y == null ? null : op.test(Integer.signum(compareObjects(x, y)));
        assertEquals(expected, get(out, i), a.getName() + " " + op + " " + b.getName() + " at row " + i);
      }
    }
  }

  private void checkDecimal(CmpOp op, DecimalVector v, BigDecimal s) {
    try (BitVector out = Compare.vectorScalar(op, v, s, allocator)) {
      for (int i = 0; i < v.getValueCount(); i++) {
        Boolean expected = v.isNull(i) ? null : op.test(Integer.signum(v.getObject(i).compareTo(s)));
        assertEquals(expected, get(out, i), v.getName() + " " + op + " " + s + " at row " + i);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareObjects(Object x, Object y) {
    return ((Comparable) x).compareTo(y);
  }

  private BigIntVector longs(int n, double nulls) {
    BigIntVector v = new BigIntVector("longs", allocator);
    v.allocateNew(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() >= nulls) {
        v.set(i, random.nextInt(7) - 3);
      }
    }
    v.setValueCount(n);
    return v;
  }

  private DateDayVector days(int n, double nulls) {
    DateDayVector v = new DateDayVector("days", allocator);
    v.allocateNew(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() >= nulls) {
        v.set(i, random.nextInt(7) - 3);
      }
    }
    v.setValueCount(n);
    return v;
  }

  /** Values of a few cents around zero; at 38 digits some also beyond 64 bits. */
  private DecimalVector decimals(int n, double nulls, int precision) {
    DecimalVector v = Decimals.allocate("decimals" + precision, precision, 2, Math.max(n, 1), allocator);
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() >= nulls) {
        BigInteger u = BigInteger.valueOf(random.nextInt(7) - 3);
        if (precision > 18 && random.nextInt(4) == 0) {
          u = u.shiftLeft(70).add(BigInteger.valueOf(random.nextInt(3)));
        }
        v.set(i, new BigDecimal(u, 2));
      }
    }
    v.setValueCount(n);
    return v;
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
