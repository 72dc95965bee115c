package dev.partita.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.EvaluationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AggregationEdgeCaseTest {

  private static final Field L = new Field("l", FieldType.nullable(new ArrowType.Int(64, true)), null);
  private static final Field D = new Field("d", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
  private static final Field S = new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeak() {
    assertEquals(0, allocator.getAllocatedMemory());
    allocator.close();
  }

  /** Aggregates one batch of {@code values} of {@code input} with each kind; returns the result row 0 per kind. */
  private List<Object> global(Field input, List<?> values, AggKind... kinds) {
    List<AggCall> calls = new ArrayList<>();
    List<Field> inputs = new ArrayList<>();
    for (AggKind k : kinds) {
      calls.add(new AggCall(k, k == AggKind.COUNT_ALL ? null : input.getName(), k.name()));
      inputs.add(k == AggKind.COUNT_ALL ? null : input);
    }
    try (HashAggregator agg = new HashAggregator(List.of(), calls, inputs);
        FieldVector v = Columns.vector(input, values, 0, values.size(), allocator)) {
      List<FieldVector> in = new ArrayList<>();
      for (AggKind k : kinds) {
        in.add(k == AggKind.COUNT_ALL ? null : v);
      }
      agg.add(List.of(), in, values.size());
      try (VectorSchemaRoot r = AggStates.toArrow(agg.finish(), allocator)) {
        assertEquals(1, r.getRowCount());
        List<Object> out = new ArrayList<>();
        for (FieldVector c : r.getFieldVectors()) {
          out.add(Columns.value(c, 0));
        }
        return out;
      }
    }
  }

  @Test
  void emptyInputGivesNullsAndZeroCounts() {
    assertEquals(Arrays.asList(0L, 0L, null, null, null, null, null, 0L, null, null),
        global(D, List.of(), AggKind.COUNT_ALL, AggKind.COUNT, AggKind.SUM, AggKind.MEAN, AggKind.MIN,
            AggKind.VAR, AggKind.STD, AggKind.NUNIQUE, AggKind.FIRST, AggKind.LAST));
  }

  @Test
  void allNullInputGivesNullsButFirstAndLastSeeTheNullRows() {
    List<Object> nulls = Arrays.asList(null, null, null);
    assertEquals(Arrays.asList(3L, 0L, null, null, null, 0L, null, null),
        global(L, nulls, AggKind.COUNT_ALL, AggKind.COUNT, AggKind.SUM, AggKind.MEAN, AggKind.MAX,
            AggKind.NUNIQUE, AggKind.FIRST, AggKind.LAST));
  }

  @Test
  void firstAndLastIncludeNullLikeDuckDb() {
    assertEquals(Arrays.asList(null, 2L), global(L, Arrays.asList(null, 1L, 2L), AggKind.FIRST, AggKind.LAST));
    assertEquals(Arrays.asList(1L, null), global(L, Arrays.asList(1L, 2L, null), AggKind.FIRST, AggKind.LAST));
  }

  @Test
  void nanIsGreaterThanEveryNumber() {
    List<Double> values = List.of(1.0, Double.NaN, Double.POSITIVE_INFINITY, -3.0);
    List<Object> r = global(D, values, AggKind.MIN, AggKind.MAX, AggKind.NUNIQUE, AggKind.SUM);
    assertEquals(-3.0, r.get(0));
    assertTrue(Double.isNaN((Double) r.get(1)));
    assertEquals(4L, r.get(2));
    assertTrue(Double.isNaN((Double) r.get(3)));
  }

  @Test
  void infiniteSumStaysInfinite() {
    assertEquals(List.of(Double.POSITIVE_INFINITY),
        global(D, List.of(1.0, Double.POSITIVE_INFINITY, 2.0), AggKind.SUM));
  }

  @Test
  void compensatedSumKeepsWhatNaiveSummationLoses() {
    assertEquals(List.of(2.0), global(D, List.of(1e16, 1.0, 1.0, -1e16), AggKind.SUM));
  }

  /** A global sum keeps its running total in registers; it must still be the row-order compensated sum, bit for bit. */
  @Test
  void globalDoubleSumIsTheRowOrderCompensatedSum() {
    java.util.Random r = new java.util.Random(3);
    List<Double> values = new ArrayList<>();
    double s = 0;
    double c = 0;
    for (int i = 0; i < 10_000; i++) {
      double v = (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(30) - 10);
      values.add(v);
      double t = s + v;
      c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
      s = t;
    }
    assertEquals(List.of(s + c), global(D, values, AggKind.SUM));
  }

  @Test
  void globalDecimalSumCarriesIntoItsHighWordExactly() {
    Field dec = new Field("m", FieldType.nullable(new ArrowType.Decimal(18, 2, 128)), null);
    java.math.BigDecimal big = new java.math.BigDecimal("9999999999999999.99");
    List<java.math.BigDecimal> values = new ArrayList<>();
    java.math.BigDecimal expected = java.math.BigDecimal.ZERO;
    for (int i = 0; i < 3_000; i++) {
      java.math.BigDecimal v = i % 7 == 3 ? big.negate() : big.subtract(java.math.BigDecimal.valueOf(i, 2));
      values.add(v);
      expected = expected.add(v);
    }
    assertEquals(List.of(expected), global(dec, values, AggKind.SUM));
  }

  /** A few groups sum narrow decimals in lanes of split words; the totals must stay exact, nulls skipped. */
  @Test
  void groupedDecimalSumsOfLargeValuesAreExact() {
    Field key = new Field("k", FieldType.nullable(new ArrowType.Int(64, true)), null);
    Field dec = new Field("m", FieldType.nullable(new ArrowType.Decimal(18, 2, 128)), null);
    java.util.Random r = new java.util.Random(7);
    List<Long> keys = new ArrayList<>();
    List<java.math.BigDecimal> values = new ArrayList<>();
    java.util.Map<Long, java.math.BigDecimal> sums = new java.util.HashMap<>();
    java.util.Map<Long, Long> counts = new java.util.HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      long k = i % 11 == 0 ? 3 : r.nextInt(3);
      // group 3 holds only nulls; others about one null in eight
      boolean isNull = k == 3 || r.nextInt(8) == 0;
      long unscaled = r.nextBoolean() ? 999_999_999_999_999_999L - r.nextInt(1000) : r.nextLong() % 1_000_000_000_000_000_000L;
      java.math.BigDecimal v = isNull ? null : java.math.BigDecimal.valueOf(r.nextInt(3) == 0 ? -unscaled : unscaled, 2);
      keys.add(k);
      values.add(v);
      if (v != null) {
        sums.merge(k, v, java.math.BigDecimal::add);
        counts.merge(k, 1L, Long::sum);
      }
    }
    List<AggCall> calls = List.of(new AggCall(AggKind.SUM, "m", "s"), new AggCall(AggKind.COUNT, "m", "c"),
        new AggCall(AggKind.MEAN, "m", "a"));
    try (HashAggregator agg = new HashAggregator(List.of(key), calls, List.of(dec, dec, dec))) {
      for (int from = 0; from < values.size(); from += 1_000) {
        try (FieldVector k = Columns.vector(key, keys, from, from + 1_000, allocator);
            FieldVector v = Columns.vector(dec, values, from, from + 1_000, allocator)) {
          agg.add(List.of(k), List.of(v, v, v), 1_000);
        }
      }
      try (VectorSchemaRoot out = AggStates.toArrow(agg.finish(), allocator)) {
        assertEquals(4, out.getRowCount());
        for (int row = 0; row < 4; row++) {
          long k = (Long) Columns.value(out.getVector("k"), row);
          java.math.BigDecimal expected = sums.get(k);
          assertEquals(expected, Columns.value(out.getVector("s"), row), "sum of group " + k);
          assertEquals(counts.getOrDefault(k, 0L), Columns.value(out.getVector("c"), row), "count of group " + k);
          assertEquals(expected == null ? null : expected.doubleValue() / counts.get(k),
              Columns.value(out.getVector("a"), row), "mean of group " + k);
        }
      }
    }
  }

  @Test
  void varianceDoesNotCancelOnALargeOffset() {
    List<Double> values = List.of(1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16);
    assertEquals(List.of(30.0), global(D, values, AggKind.VAR));
  }

  @Test
  void stringsCompareByCodePoint() {
    // U+FF21 sorts below U+1F600 by code point, above it by UTF-16 unit.
    assertEquals(List.of("😀", "Ａ"), global(S, List.of("Ａ", "😀"), AggKind.MAX, AggKind.MIN));
  }

  @Test
  void integerSumOverflowNamesTheColumn() {
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> global(L, List.of(Long.MAX_VALUE, 1L), AggKind.SUM));
    assertTrue(e.getMessage().contains("'l'"), e.getMessage());
  }

  @Test
  void typeErrorNamesColumnTypeAndAggregation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Aggregations.outputField(new AggCall(AggKind.MEAN, "s", "m"), S));
    assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("'s'")
        && e.getMessage().contains("Utf8"), e.getMessage());
  }

  @Test
  void countedRowsAddToBatchesAndNeedAGlobalCountOnly() {
    AggCall n = new AggCall(AggKind.COUNT_ALL, null, "n");
    AggCall m = new AggCall(AggKind.COUNT_ALL, null, "m");
    try (HashAggregator agg = new HashAggregator(List.of(), List.of(n, m), Arrays.asList(null, null))) {
      agg.addCountedRows(3_000_000_000L);
      agg.add(List.of(), Arrays.asList(null, null), 5);
      agg.addCountedRows(0);
      try (VectorSchemaRoot r = AggStates.toArrow(agg.finish(), allocator)) {
        assertEquals(List.of(3_000_000_005L, 3_000_000_005L),
            List.of(Columns.value(r.getVector(0), 0), Columns.value(r.getVector(1), 0)));
      }
    }
    try (HashAggregator keyed = new HashAggregator(List.of(D), List.of(n), Arrays.asList((Field) null));
        HashAggregator sum = new HashAggregator(List.of(), List.of(new AggCall(AggKind.SUM, "d", "s")), List.of(D))) {
      assertThrows(IllegalStateException.class, () -> keyed.addCountedRows(1));
      assertThrows(IllegalStateException.class, () -> sum.addCountedRows(1));
    }
  }

  @Test
  void nanAndSignedZeroKeysEachFormOneGroup() {
    List<Double> keys = Arrays.asList(Double.NaN, 0.0, -0.0, Double.longBitsToDouble(0x7ff8000000000123L), null, null);
    try (HashAggregator agg = new HashAggregator(List.of(D), List.of(new AggCall(AggKind.COUNT_ALL, null, "n")),
            Arrays.asList((Field) null));
        FieldVector k = Columns.vector(D, keys, 0, keys.size(), allocator)) {
      agg.add(List.of(k), Arrays.asList((FieldVector) null), keys.size());
      try (VectorSchemaRoot r = AggStates.toArrow(agg.finish(), allocator)) {
        assertEquals(3, r.getRowCount());
        assertTrue(Double.isNaN((Double) Columns.value(r.getVector(0), 0)));
        assertEquals(0.0, Columns.value(r.getVector(0), 1));
        assertNull(Columns.value(r.getVector(0), 2));
        assertEquals(List.of(2L, 2L, 2L), List.of(Columns.value(r.getVector(1), 0),
            Columns.value(r.getVector(1), 1), Columns.value(r.getVector(1), 2)));
      }
    }
  }

  @Test
  void stateSurvivesJavaSerialization() throws Exception {
    List<AggCall> calls = List.of(new AggCall(AggKind.NUNIQUE, "s", "u"), new AggCall(AggKind.MAX, "s", "m"),
        new AggCall(AggKind.FIRST, "s", "f"));
    List<String> values = Arrays.asList("x", "y", null, "x");
    AggState state;
    try (HashAggregator agg = new HashAggregator(List.of(S), calls, List.of(S, S, S));
        FieldVector v = Columns.vector(S, values, 0, values.size(), allocator)) {
      agg.add(List.of(v), List.of(v, v, v), values.size());
      state = agg.finish();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    }
    AggState copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (AggState) in.readObject();
    }
    AggState merged = AggStates.merge(List.of(copy, state));
    try (VectorSchemaRoot a = AggStates.toArrow(state, allocator);
        VectorSchemaRoot b = AggStates.toArrow(merged, allocator)) {
      assertEquals(a.contentToTSVString(), b.contentToTSVString());
      assertEquals(3, b.getRowCount());
    }
  }
}
