package dev.partita.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Every aggregation, global and grouped, on random data split at random into batches and chunks
 * whose states are merged in random (order-keeping) trees, against a slow twin over boxed values.
 */
class AggregationPropertyTest {

  private static final String[] KEY_STRINGS = {"a", "b", "é", "ab", "", "z"};
  private static final String[] LETTERS = {"a", "b", "é", "€", "😀", "Ａ", "A"};

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  private static final Field K1 = field("k1", new ArrowType.Int(64, true));
  private static final Field K2 = field("k2", ArrowType.Utf8.INSTANCE);
  private static final Field K3 = field("k3", new ArrowType.Int(32, true));
  private static final List<Field> VALUES = List.of(
      field("l", new ArrowType.Int(64, true)),
      field("i", new ArrowType.Int(32, true)),
      field("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      field("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
      field("dec", new ArrowType.Decimal(10, 2, 128)),
      field("s", ArrowType.Utf8.INSTANCE),
      field("b", ArrowType.Bool.INSTANCE),
      field("dt", new ArrowType.Date(DateUnit.DAY)),
      field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)));
  private static final List<String> NUMERIC = List.of("l", "i", "d", "f", "dec");
  private static final List<List<Field>> KEY_SETS =
      List.of(List.of(), List.of(K1), List.of(K2), List.of(K1, K2), List.of(K3, K2));

  /** Generated table: column name to boxed values. */
  private static Map<String, List<Object>> table(Random r, int rows, double nullRate) {
    Map<String, List<Object>> t = new LinkedHashMap<>();
    Map<String, Function<Random, Object>> gen = new LinkedHashMap<>();
    gen.put("k1", x -> (long) x.nextInt(5));
    gen.put("k2", x -> KEY_STRINGS[x.nextInt(KEY_STRINGS.length)]);
    gen.put("k3", x -> x.nextInt(4));
    gen.put("l", x -> (long) (x.nextInt(2_000_001) - 1_000_000));
    gen.put("i", x -> x.nextInt(2001) - 1000);
    gen.put("d", x -> (x.nextInt(2_000_001) - 1_000_000) / 100.0);
    gen.put("f", x -> (float) (x.nextInt(20001) - 10000) / 4);
    gen.put("dec", x -> BigDecimal.valueOf(x.nextInt(2_000_001) - 1_000_000, 2));
    gen.put("s", x -> {
      StringBuilder sb = new StringBuilder();
      for (int n = x.nextInt(4); n > 0; n--) {
        sb.append(LETTERS[x.nextInt(LETTERS.length)]);
      }
      return sb.toString();
    });
    gen.put("b", Random::nextBoolean);
    gen.put("dt", x -> x.nextInt(40000) - 10000);
    gen.put("ts", x -> x.nextLong() >> 12);
    for (Map.Entry<String, Function<Random, Object>> e : gen.entrySet()) {
      List<Object> col = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        col.add(r.nextDouble() < nullRate ? null : e.getValue().apply(r));
      }
      t.put(e.getKey(), col);
    }
    return t;
  }

  private static List<AggCall> calls() {
    List<AggCall> calls = new ArrayList<>();
    calls.add(new AggCall(AggKind.COUNT_ALL, null, "n"));
    for (Field f : VALUES) {
      String c = f.getName();
      for (AggKind k : List.of(AggKind.COUNT, AggKind.MIN, AggKind.MAX, AggKind.NUNIQUE, AggKind.FIRST, AggKind.LAST)) {
        calls.add(new AggCall(k, c, k + "_" + c));
      }
      if (NUMERIC.contains(c)) {
        for (AggKind k : List.of(AggKind.SUM, AggKind.MEAN, AggKind.VAR, AggKind.STD)) {
          calls.add(new AggCall(k, c, k + "_" + c));
        }
      }
    }
    return calls;
  }

  private static Field input(AggCall call) {
    return VALUES.stream().filter(f -> f.getName().equals(call.column())).findFirst().orElse(null);
  }

  /** Aggregates the table chunk by chunk, batch by batch, and merges the chunk states in a random tree. */
  private static AggState run(Map<String, List<Object>> t, int rows, List<Field> keys, List<AggCall> calls,
      int[] chunkCuts, Random batchRandom, Random treeRandom, BufferAllocator allocator) {
    List<Field> inputs = new ArrayList<>();
    for (AggCall c : calls) {
      inputs.add(input(c));
    }
    List<AggState> states = new ArrayList<>();
    for (int c = 0; c + 1 < chunkCuts.length; c++) {
      try (HashAggregator agg = new HashAggregator(keys, calls, inputs)) {
        int from = chunkCuts[c];
        boolean emptyBatch = batchRandom.nextInt(4) == 0;
        while (from < chunkCuts[c + 1] || emptyBatch) {
          int to = Math.min(chunkCuts[c + 1], from + batchRandom.nextInt(40));
          emptyBatch = false;
          List<FieldVector> keyVectors = new ArrayList<>();
          List<FieldVector> inputVectors = new ArrayList<>();
          try {
            for (Field k : keys) {
              keyVectors.add(Columns.vector(k, t.get(k.getName()), from, to, allocator));
            }
            for (Field in : inputs) {
              inputVectors.add(in == null ? null : Columns.vector(in, t.get(in.getName()), from, to, allocator));
            }
            agg.add(keyVectors, inputVectors, to - from);
          } finally {
            keyVectors.forEach(FieldVector::close);
            inputVectors.stream().filter(v -> v != null).forEach(FieldVector::close);
          }
          from = to;
        }
        states.add(agg.finish());
      }
    }
    return mergeTree(states, treeRandom);
  }

  private static AggState mergeTree(List<AggState> states, Random r) {
    if (states.size() == 1) {
      return r.nextBoolean() ? states.get(0) : AggStates.merge(states);
    }
    int parts = 2 + r.nextInt(Math.min(7, states.size() - 1));
    List<Integer> cuts = new ArrayList<>(List.of(0, states.size()));
    while (cuts.size() < parts + 1) {
      int c = 1 + r.nextInt(states.size() - 1);
      if (!cuts.contains(c)) {
        cuts.add(c);
      }
    }
    cuts.sort(null);
    List<AggState> merged = new ArrayList<>();
    for (int p = 0; p + 1 < cuts.size(); p++) {
      merged.add(mergeTree(states.subList(cuts.get(p), cuts.get(p + 1)), r));
    }
    return AggStates.merge(merged);
  }

  private static int[] chunkCuts(Random r, int rows) {
    int chunks = 1 + r.nextInt(6);
    int[] cuts = new int[chunks + 1];
    for (int c = 1; c < chunks; c++) {
      cuts[c] = r.nextInt(rows + 1);
    }
    cuts[chunks] = rows;
    Arrays.sort(cuts);
    return cuts;
  }

  @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
  void matchesSlowTwin(@ForAll long seed, @ForAll @IntRange(max = 250) int rows,
      @ForAll @IntRange(max = 30) int nullPercent, @ForAll @IntRange(max = 4) int keySet) {
    Random r = new Random(seed);
    Map<String, List<Object>> t = table(r, rows, nullPercent / 100.0);
    List<Field> keys = KEY_SETS.get(keySet);
    List<AggCall> calls = calls();
    try (BufferAllocator allocator = new RootAllocator()) {
      AggState state = run(t, rows, keys, calls, chunkCuts(r, rows), r, r, allocator);
      Map<List<Object>, List<Integer>> groups = twinGroups(t, rows, keys);
      assertEquals(groups.size(), state.groupCount());
      assertTrue(state.sizeBytes() > 0);
      try (VectorSchemaRoot result = AggStates.toArrow(state, allocator)) {
        assertEquals(groups.size(), result.getRowCount());
        int g = 0;
        for (Map.Entry<List<Object>, List<Integer>> e : groups.entrySet()) {
          List<Object> key = new ArrayList<>();
          for (int k = 0; k < keys.size(); k++) {
            key.add(Columns.value(result.getVector(k), g));
          }
          assertEquals(e.getKey(), key, "group order");
          for (int j = 0; j < calls.size(); j++) {
            AggCall call = calls.get(j);
            FieldVector out = result.getVector(keys.size() + j);
            assertEquals(call.outputName(), out.getName());
            List<Object> vals = new ArrayList<>();
            for (int row : e.getValue()) {
              vals.add(call.column() == null ? 0 : t.get(call.column()).get(row));
            }
            assertAgg(call, vals, Columns.value(out, g));
          }
          g++;
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
  void treeShapeDoesNotChangeOrderOrFirstLast(@ForAll long seed, @ForAll @IntRange(max = 250) int rows,
      @ForAll @IntRange(max = 4) int keySet, @ForAll long treeSeedA, @ForAll long treeSeedB) {
    Random r = new Random(seed);
    Map<String, List<Object>> t = table(r, rows, 0.2);
    List<Field> keys = KEY_SETS.get(keySet);
    List<AggCall> calls = calls();
    int[] cuts = chunkCuts(r, rows);
    try (BufferAllocator allocator = new RootAllocator()) {
      AggState a = run(t, rows, keys, calls, cuts, new Random(seed), new Random(treeSeedA), allocator);
      AggState b = run(t, rows, keys, calls, cuts, new Random(seed), new Random(treeSeedB), allocator);
      try (VectorSchemaRoot ra = AggStates.toArrow(a, allocator); VectorSchemaRoot rb = AggStates.toArrow(b, allocator)) {
        assertEquals(ra.getRowCount(), rb.getRowCount());
        for (int c = 0; c < ra.getFieldVectors().size(); c++) {
          boolean rounded = c >= keys.size() && List.of(AggKind.SUM, AggKind.MEAN, AggKind.VAR, AggKind.STD)
              .contains(calls.get(c - keys.size()).kind());
          for (int row = 0; row < ra.getRowCount() && !rounded; row++) {
            assertEquals(Columns.value(ra.getVector(c), row), Columns.value(rb.getVector(c), row));
          }
        }
      }
    }
  }

  private static Map<List<Object>, List<Integer>> twinGroups(Map<String, List<Object>> t, int rows, List<Field> keys) {
    Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      groups.put(List.of(), new ArrayList<>());
    }
    for (int i = 0; i < rows; i++) {
      List<Object> key = new ArrayList<>();
      for (Field k : keys) {
        key.add(t.get(k.getName()).get(i));
      }
      groups.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  /** The slow twin: straightforward Java over boxed values, exact arithmetic in BigInteger/BigDecimal. */
  private static void assertAgg(AggCall call, List<Object> vals, Object actual) {
    List<Object> present = vals.stream().filter(v -> v != null).toList();
    String what = call.outputName();
    switch (call.kind()) {
      case COUNT_ALL -> assertEquals((long) vals.size(), actual, what);
      case COUNT -> assertEquals((long) present.size(), actual, what);
      case NUNIQUE -> assertEquals((long) new HashSet<>(present).size(), actual, what);
      case FIRST -> assertEquals(vals.isEmpty() ? null : vals.get(0), actual, what);
      case LAST -> assertEquals(vals.isEmpty() ? null : vals.get(vals.size() - 1), actual, what);
      case MIN -> assertEquals(present.stream().min(ORDER).orElse(null), actual, what);
      case MAX -> assertEquals(present.stream().max(ORDER).orElse(null), actual, what);
      case SUM -> {
        if (present.isEmpty()) {
          assertEquals(null, actual, what);
        } else if (present.get(0) instanceof Long || present.get(0) instanceof Integer) {
          BigInteger s = present.stream().map(v -> BigInteger.valueOf(((Number) v).longValue()))
              .reduce(BigInteger.ZERO, BigInteger::add);
          assertEquals(s.longValueExact(), actual, what);
        } else if (present.get(0) instanceof BigDecimal) {
          assertEquals(exactSum(present), actual, what + " (a decimal sum is exact, in the input's scale)");
        } else {
          assertClose(exactSum(present).doubleValue(), actual, what);
        }
      }
      case MEAN -> assertClose(present.isEmpty() ? null
          : exactSum(present).divide(BigDecimal.valueOf(present.size()), MathContext.DECIMAL128).doubleValue(),
          actual, what);
      case VAR, STD -> {
        Double expected = null;
        if (present.size() >= 2) {
          BigDecimal mean = exactSum(present).divide(BigDecimal.valueOf(present.size()), MathContext.DECIMAL128);
          BigDecimal ss = BigDecimal.ZERO;
          for (Object v : present) {
            BigDecimal dev = exact(v).subtract(mean);
            ss = ss.add(dev.multiply(dev));
          }
          double var = ss.divide(BigDecimal.valueOf(present.size() - 1), MathContext.DECIMAL128).doubleValue();
          expected = call.kind() == AggKind.VAR ? var : Math.sqrt(var);
        }
        assertClose(expected, actual, what);
      }
      default -> throw new AssertionError(call);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Comparator<Object> ORDER = (a, b) -> {
    if (a instanceof String) {
      return Arrays.compare(((String) a).codePoints().toArray(), ((String) b).codePoints().toArray());
    }
    if (a instanceof Double || a instanceof Float) {
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
    return ((Comparable) a).compareTo(b);
  };

  private static BigDecimal exact(Object v) {
    if (v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(((Number) v).doubleValue());
    }
    return BigDecimal.valueOf(((Number) v).longValue());
  }

  private static BigDecimal exactSum(List<Object> present) {
    return present.stream().map(AggregationPropertyTest::exact).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static void assertClose(Double expected, Object actual, String what) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, what);
      return;
    }
    double a = (Double) actual;
    assertTrue(Math.abs(a - expected) <= 1e-9 * Math.abs(expected) + 1e-9, what + ": " + a + " vs " + expected);
  }
}
