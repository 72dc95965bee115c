package dev.partita.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Partial states written as Arrow state batches (what a shuffle moves), through an IPC stream and merged
 * back, give the same groups and values as the states merged in memory; aggregations that keep values per
 * row have no Arrow state.
 */
class ArrowStateTest {

  private static final Field K = field("k", new ArrowType.Int(64, true));
  private static final Field S = field("s", ArrowType.Utf8.INSTANCE);
  private static final Field V = field("v", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
  private static final Field I = field("i", new ArrowType.Int(64, true));
  private static final Field D = field("d", new ArrowType.Decimal(9, 2, 128));

  private static final List<AggCall> CALLS = List.of(new AggCall(AggKind.SUM, "v", "sum_v"),
      new AggCall(AggKind.SUM, "i", "sum_i"), new AggCall(AggKind.MEAN, "v", "mean_v"),
      new AggCall(AggKind.COUNT, "v", "count_v"), new AggCall(AggKind.COUNT_ALL, null, "n"),
      new AggCall(AggKind.MIN, "v", "min_v"), new AggCall(AggKind.MAX, "i", "max_i"),
      new AggCall(AggKind.MIN, "s", "min_s"), new AggCall(AggKind.MAX, "d", "max_d"),
      new AggCall(AggKind.VAR, "v", "var_v"), new AggCall(AggKind.CORR, "v", "r", "i", 0),
      new AggCall(AggKind.FIRST, "s", "first_s"), new AggCall(AggKind.LAST, "d", "last_d"),
      new AggCall(AggKind.FIRST, "i", "first_i"));
  private static final List<Field> INPUTS = Arrays.asList(V, I, V, V, null, V, I, S, D, V, V, S, D, I);

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeak() {
    assertEquals(0, allocator.getAllocatedMemory());
    allocator.close();
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  @Test
  void statesMergedFromArrowEqualStatesMergedInMemory() throws Exception {
    List<AggState> states = chunks(List.of(K, S));
    TreeMap<String, List<Object>> inMemory = rows(AggStates.merge(states));
    AggStates.Merger merger = new AggStates.Merger(states.get(0), 0);
    for (AggState s : states) {
      assertTrue(AggStates.hasArrowState(s));
      try (VectorSchemaRoot batch = AggStates.toStateBatch(s, allocator); VectorSchemaRoot back = roundTrip(batch)) {
        merger.add(back);
      }
    }
    TreeMap<String, List<Object>> fromArrow = rows(merger.result());
    assertTrue(inMemory.size() > 500, "groups: " + inMemory.size());
    assertEquals(inMemory, fromArrow);
  }

  @Test
  void aStateBatchThatDoesNotFitLeavesNothingAllocated() {
    AggState state = chunks(List.of(K, S)).get(0);
    long size;
    try (VectorSchemaRoot batch = AggStates.toStateBatch(state, allocator)) {
      size = allocator.getAllocatedMemory();
    }
    int failures = 0;
    for (long limit = 0; limit < size; limit += Math.max(1, size / 97)) {
      try (BufferAllocator small = allocator.newChildAllocator("small", 0, limit)) {
        try (VectorSchemaRoot batch = AggStates.toStateBatch(state, small)) {
          continue;
        } catch (org.apache.arrow.memory.OutOfMemoryException e) {
          failures++;
        }
        assertEquals(0, small.getAllocatedMemory(), "left allocated after failing under " + limit + " bytes");
      }
    }
    assertTrue(failures > 50, "failures: " + failures);
  }

  @Test
  void aggregationsKeepingValuesPerRowHaveNoArrowState() {
    Field v = V;
    assertFalse(Aggregations.hasArrowState(new AggCall(AggKind.QUANTILE, "v", "m", null, 0.5), v));
    assertFalse(Aggregations.hasArrowState(new AggCall(AggKind.NUNIQUE, "v", "u"), v));
    assertTrue(Aggregations.hasArrowState(new AggCall(AggKind.STD, "v", "sd"), v));
  }

  @Test
  void anAggregatorSizedUpFrontGivesTheSameStatesAndCountsTheArraysItReserved() throws Exception {
    List<AggState> grown = chunks(List.of(K, S), 0);
    List<AggState> reserved = chunks(List.of(K, S), 4096);
    for (int c = 0; c < grown.size(); c++) {
      assertEquals(rows(grown.get(c)), rows(reserved.get(c)));
    }
    try (HashAggregator h = new HashAggregator(List.of(K, S), CALLS, INPUTS)) {
      long perGroup = h.accumulatorBytesPerGroup();
      // sum_v and mean_v share one sum of v, counted once: 13 accumulators of 8 to 48 bytes a group
      assertTrue(perGroup >= 13 * 8 && perGroup < 14 * 48, "bytes per group: " + perGroup);
      long empty = h.sizeBytes();
      h.reserve(4096);
      assertTrue(h.sizeBytes() - empty >= 4096 * perGroup, "reserved " + (h.sizeBytes() - empty) + " bytes");
      h.drain();
      assertTrue(h.sizeBytes() - empty >= 4096 * perGroup, "after a drain: " + (h.sizeBytes() - empty) + " bytes");
    }
  }

  /** Four chunks of random rows (nulls included) over about 700 (k, s) keys. */
  private List<AggState> chunks(List<Field> keyFields) {
    return chunks(keyFields, 0);
  }

  /** The same four chunks, each aggregator sized for {@code reserve} groups up front (0: grown as they come). */
  private List<AggState> chunks(List<Field> keyFields, int reserve) {
    Random random = new Random(11);
    List<AggState> out = new ArrayList<>();
    for (int chunk = 0; chunk < 4; chunk++) {
      int n = 5_000;
      List<Long> k = new ArrayList<>();
      List<String> s = new ArrayList<>();
      List<Double> v = new ArrayList<>();
      List<Long> i = new ArrayList<>();
      List<BigDecimal> d = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        k.add(random.nextInt(12) == 0 ? null : (long) random.nextInt(70));
        s.add(random.nextInt(12) == 0 ? null : "s" + random.nextInt(10));
        v.add(random.nextInt(10) == 0 ? null : random.nextInt(100_000) / 7.0);
        i.add(random.nextInt(10) == 0 ? null : (long) random.nextInt(1_000) - 500);
        d.add(random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000) - 50_000, 2));
      }
      try (HashAggregator h = new HashAggregator(keyFields, CALLS, INPUTS);
          FieldVector kv = Columns.vector(K, k, 0, n, allocator);
          FieldVector sv = Columns.vector(S, s, 0, n, allocator);
          FieldVector vv = Columns.vector(V, v, 0, n, allocator);
          FieldVector iv = Columns.vector(I, i, 0, n, allocator);
          FieldVector dv = Columns.vector(D, d, 0, n, allocator)) {
        List<FieldVector> inputs = Arrays.asList(vv, iv, vv, vv, null, vv, iv, sv, dv, vv, vv, sv, dv, iv);
        List<FieldVector> seconds = new ArrayList<>();
        for (AggCall c : CALLS) {
          seconds.add(c.column2() == null ? null : iv);
        }
        if (reserve > 0) {
          h.reserve(reserve);
        }
        h.add(List.of(kv, sv), inputs, seconds, n);
        out.add(h.finish());
      }
    }
    return out;
  }

  private VectorSchemaRoot roundTrip(VectorSchemaRoot batch) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArrowStreamWriter w = new ArrowStreamWriter(batch, null, Channels.newChannel(bytes))) {
      w.start();
      w.writeBatch();
      w.end();
    }
    try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes.toByteArray()), allocator)) {
      assertTrue(r.loadNextBatch());
      VectorSchemaRoot read = r.getVectorSchemaRoot();
      VectorSchemaRoot own = VectorSchemaRoot.create(read.getSchema(), allocator);
      for (int c = 0; c < read.getFieldVectors().size(); c++) {
        read.getVector(c).makeTransferPair(own.getVector(c)).transfer();
      }
      own.setRowCount(read.getRowCount());
      return own;
    }
  }

  /** The finalized result keyed by its group keys' text (groups come in different orders). */
  private TreeMap<String, List<Object>> rows(AggState state) {
    TreeMap<String, List<Object>> out = new TreeMap<>();
    try (VectorSchemaRoot r = AggStates.toArrow(state, allocator)) {
      for (int row = 0; row < r.getRowCount(); row++) {
        List<Object> cells = new ArrayList<>();
        for (int c = 2; c < r.getFieldVectors().size(); c++) {
          Object x = Columns.value(r.getVector(c), row);
          cells.add(x);
        }
        out.put(Columns.value(r.getVector(0), row) + "|" + Columns.value(r.getVector(1), row), cells);
      }
    }
    return out;
  }
}
