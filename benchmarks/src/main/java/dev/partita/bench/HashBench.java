package dev.partita.bench;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.agg.HashAggregator;
import dev.partita.io.CodeDictionary;
import dev.partita.io.DictionaryVector;
import dev.partita.io.LongDictionary;
import dev.partita.io.Utf8Dictionary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hash group-by {@code sum(v)} of a float64 column over 1M rows in 16 batches of 65,536, keyed by
 * an int64 or a string column with 100 or 1M distinct keys drawn uniformly ("id%03d" and
 * "id%010d" for strings), as values or as dictionary codes ({@code -codes}), in rows per second on one
 * thread. Each invocation builds a fresh table.
 *
 * <p>{@link SixKeys} is db-benchmark's q10 shape at 1M rows: {@code sum(v3), count(*)} by id1..id6
 * (two "id%03d" strings of 100 values, one "id%010d" of 2^20/100, two ints of 100, one int of 2^20/100),
 * about one group per row: {@code sixKeysGroupBy} builds the table, {@code sixKeysMergeToArrow}
 * aggregates each half on its own, merges the two states and writes the result as Arrow, as a chunk
 * pair, combine and finalize do.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar HashBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HashBench {

  static final int ROWS = 1 << 20;
  static final int BATCH = 1 << 16;

  @Param({"int64", "string", "int64-codes", "string-codes"})
  public String key;

  @Param({"100", "1000000"})
  public int distinct;

  private BufferAllocator allocator;
  private CodeDictionary dictionary;
  private final List<FieldVector> keys = new ArrayList<>();
  private final List<FieldVector> values = new ArrayList<>();
  private final AggCall sum = new AggCall(AggKind.SUM, "v", "sum_v");

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    Random r = new Random(42);
    for (int b = 0; b < ROWS / BATCH; b++) {
      Float8Vector v = new Float8Vector("v", allocator);
      v.allocateNew(BATCH);
      FieldVector k;
      if (key.equals("int64")) {
        BigIntVector kv = new BigIntVector("k", allocator);
        kv.allocateNew(BATCH);
        for (int i = 0; i < BATCH; i++) {
          kv.set(i, r.nextInt(distinct));
        }
        k = kv;
      } else if (key.endsWith("-codes")) {
        k = codes(r, b);
      } else {
        VarCharVector kv = new VarCharVector("k", allocator);
        kv.allocateNew(BATCH);
        String format = distinct <= 1000 ? "id%03d" : "id%010d";
        for (int i = 0; i < BATCH; i++) {
          kv.setSafe(i, String.format(format, r.nextInt(distinct)).getBytes(StandardCharsets.UTF_8));
        }
        k = kv;
      }
      for (int i = 0; i < BATCH; i++) {
        v.set(i, r.nextDouble());
      }
      k.setValueCount(BATCH);
      v.setValueCount(BATCH);
      keys.add(k);
      values.add(v);
    }
  }

  /**
   * Batch {@code b} of a key as dictionary codes, as the Parquet reader hands it over: the batches of a row
   * group of 2^18 rows (4 batches) share one dictionary of every key, in another order per row group.
   */
  private DictionaryVector codes(Random r, int b) {
    if (b % 4 == 0) {
      Random order = new Random(b);
      int[] perm = new int[distinct];
      Arrays.setAll(perm, i -> i);
      for (int i = distinct - 1; i > 0; i--) {
        int j = order.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      if (key.startsWith("int64")) {
        long[] entries = new long[distinct];
        Arrays.setAll(entries, i -> perm[i]);
        dictionary = new LongDictionary(entries);
      } else {
        String format = distinct <= 1000 ? "id%03d" : "id%010d";
        StringBuilder text = new StringBuilder();
        int[] offsets = new int[distinct + 1];
        for (int i = 0; i < distinct; i++) {
          text.append(String.format(format, perm[i]));
          offsets[i + 1] = text.length();
        }
        dictionary = new Utf8Dictionary(text.toString().getBytes(StandardCharsets.US_ASCII), offsets);
      }
    }
    ArrowType type = key.startsWith("int64") ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE;
    DictionaryVector kv = new DictionaryVector("k", false, type, 0, dictionary, allocator);
    kv.allocateNew(BATCH);
    for (int i = 0; i < BATCH; i++) {
      kv.getDataBuffer().setInt(4L * i, r.nextInt(distinct));
      kv.setIndexDefined(i);
    }
    return kv;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    keys.forEach(FieldVector::close);
    values.forEach(FieldVector::close);
    allocator.close();
  }

  /** The q10-like input: 16 batches of id1..id6 and v3. */
  @State(Scope.Benchmark)
  public static class SixKeys {
    private BufferAllocator allocator;
    private final List<List<FieldVector>> keys = new ArrayList<>();
    private final List<FieldVector> values = new ArrayList<>();
    private final List<AggCall> calls =
        List.of(new AggCall(AggKind.SUM, "v3", "v3"), new AggCall(AggKind.COUNT_ALL, null, "count"));

    @Setup(Level.Trial)
    public void setUp() {
      allocator = new RootAllocator();
      Random r = new Random(42);
      int k = 100;
      int large = ROWS / k;
      for (int b = 0; b < ROWS / BATCH; b++) {
        List<FieldVector> batch = new ArrayList<>();
        batch.add(strings(allocator, "id1", "id%03d", k, r));
        batch.add(strings(allocator, "id2", "id%03d", k, r));
        batch.add(strings(allocator, "id3", "id%010d", large, r));
        batch.add(ints(allocator, "id4", k, r));
        batch.add(ints(allocator, "id5", k, r));
        batch.add(ints(allocator, "id6", large, r));
        keys.add(batch);
        Float8Vector v = new Float8Vector("v3", allocator);
        v.allocateNew(BATCH);
        for (int i = 0; i < BATCH; i++) {
          v.set(i, r.nextDouble() * 100);
        }
        v.setValueCount(BATCH);
        values.add(v);
      }
    }

    static FieldVector strings(BufferAllocator allocator, String name, String format, int distinct,
        Random r) {
      VarCharVector v = new VarCharVector(name, allocator);
      v.allocateNew(BATCH);
      for (int i = 0; i < BATCH; i++) {
        v.setSafe(i, String.format(format, 1 + r.nextInt(distinct)).getBytes(StandardCharsets.UTF_8));
      }
      v.setValueCount(BATCH);
      return v;
    }

    static FieldVector ints(BufferAllocator allocator, String name, int distinct, Random r) {
      IntVector v = new IntVector(name, allocator);
      v.allocateNew(BATCH);
      for (int i = 0; i < BATCH; i++) {
        v.set(i, 1 + r.nextInt(distinct));
      }
      v.setValueCount(BATCH);
      return v;
    }

    AggState aggregate(int fromBatch, int toBatch) {
      List<Field> keyFields = keys.get(0).stream().map(FieldVector::getField).toList();
      List<Field> inputs = new ArrayList<>();
      inputs.add(values.get(0).getField());
      inputs.add(null);
      try (HashAggregator agg = new HashAggregator(keyFields, calls, inputs)) {
        for (int b = fromBatch; b < toBatch; b++) {
          agg.add(keys.get(b), Arrays.asList(values.get(b), null), BATCH);
        }
        return agg.finish();
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      keys.forEach(batch -> batch.forEach(FieldVector::close));
      values.forEach(FieldVector::close);
      allocator.close();
    }
  }

  /** db-benchmark's q2 shape: {@code sum(v1)} by two "id%03d" strings of 100 values, 10,000 groups. */
  @State(Scope.Benchmark)
  public static class TwoKeys {
    private BufferAllocator allocator;
    private final List<List<FieldVector>> keys = new ArrayList<>();
    private final List<FieldVector> values = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
      allocator = new RootAllocator();
      Random r = new Random(42);
      for (int b = 0; b < ROWS / BATCH; b++) {
        keys.add(List.of(SixKeys.strings(allocator, "id1", "id%03d", 100, r),
            SixKeys.strings(allocator, "id2", "id%03d", 100, r)));
        values.add(SixKeys.ints(allocator, "v1", 5, r));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      keys.forEach(batch -> batch.forEach(FieldVector::close));
      values.forEach(FieldVector::close);
      allocator.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public AggState twoKeysGroupBy(TwoKeys data) {
    List<Field> keyFields = data.keys.get(0).stream().map(FieldVector::getField).toList();
    try (HashAggregator agg = new HashAggregator(keyFields,
        List.of(new AggCall(AggKind.SUM, "v1", "v1")), List.of(data.values.get(0).getField()))) {
      for (int b = 0; b < data.keys.size(); b++) {
        agg.add(data.keys.get(b), List.of(data.values.get(b)), BATCH);
      }
      return agg.finish();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public AggState sixKeysGroupBy(SixKeys data) {
    return data.aggregate(0, ROWS / BATCH);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int sixKeysMergeToArrow(SixKeys data) {
    int half = ROWS / BATCH / 2;
    AggState merged = AggStates.merge(List.of(data.aggregate(0, half), data.aggregate(half, ROWS / BATCH)));
    try (VectorSchemaRoot root = AggStates.toArrow(merged, data.allocator)) {
      return root.getRowCount();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public AggState groupBySum() {
    try (HashAggregator agg = new HashAggregator(
        List.of(keys.get(0).getField()), List.of(sum), List.of(values.get(0).getField()))) {
      for (int b = 0; b < keys.size(); b++) {
        agg.add(List.of(keys.get(b)), List.of(values.get(b)), BATCH);
      }
      return agg.finish();
    }
  }
}
