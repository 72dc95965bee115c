package dev.partita.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.agg.HashAggregator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * States past the budget go to a shuffle and come back merged a bucket at a time: the same groups and values
 * as merging in memory, FIRST and LAST still taken in input order, whether a bucket fits the budget or has to
 * be split again, also after the copy a cluster member reads, and no Arrow memory left behind.
 */
class SpilledStatesTest {

  private static final List<AggCall> CALLS = List.of(new AggCall(AggKind.SUM, "v", "s"),
      new AggCall(AggKind.COUNT_ALL, null, "n"), new AggCall(AggKind.FIRST, "v", "f"),
      new AggCall(AggKind.LAST, "v", "l"), new AggCall(AggKind.MIN, "v", "lo"));

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  @Test
  void spilledCombinesFinishLikeAnInMemoryMergeWhenBucketsFitTheBudget() throws Exception {
    check(512 << 10);
  }

  @Test
  void bucketsPastTheBudgetAreSplitAgainWithTheSameResult() throws Exception {
    check(8 << 10);
  }

  private void check(long budget) throws Exception {
    List<AggState> states = new ArrayList<>();
    Schema schema;
    try (BufferAllocator allocator = Memory.root().newChildAllocator("states", 0, Long.MAX_VALUE)) {
      Random random = new Random(budget);
      schema = null;
      for (int s = 0; s < 4; s++) {
        try (VectorSchemaRoot batch = batch(allocator, random, 30_000, s * 10_000L)) {
          schema = batch.getSchema();
          try (HashAggregator h = Tasks.aggregator(List.of("k"), CALLS, schema)) {
            Tasks.feed(h, List.of("k"), CALLS, batch);
            states.add(h.finish());
          }
        }
      }
    }
    Map<Long, List<Object>> expected;
    try (BufferAllocator allocator = Memory.root().newChildAllocator("expected", 0, Long.MAX_VALUE);
        VectorSchemaRoot merged = AggStates.toArrow(AggStates.merge(states), allocator)) {
      expected = rows(merged);
    }
    try (ExecContext ctx = ExecContext.open(256L << 20, dir, 1, budget)) {
      List<Object> firstTwo = SpilledStates.combine(ctx, List.of(states.get(0), states.get(1)), 1) instanceof
          SpilledStates a ? List.of(a) : List.of();
      assertEquals(1, firstTwo.size(), "two states of 40,000 groups should pass a budget of " + budget);
      List<Object> inputs = new ArrayList<>(firstTwo);
      inputs.add(states.get(2));
      inputs.add(states.get(3));
      Object all = SpilledStates.combine(ctx, inputs, 1);
      SpilledStates spilled = assertInstanceOf(SpilledStates.class, all);
      try (spilled) {
        assertEquals(expected, rowsOf(spilled.finish(ctx)));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (SpilledStates again = (SpilledStates) SpilledStates.combine(ctx, inputs, 1)) {
        again.write(ctx, bytes);
      }
      try (SpilledStates copy = SpilledStates.read(ctx, new ByteArrayInputStream(bytes.toByteArray()))) {
        assertEquals(expected, rowsOf(copy.finish(ctx)), "after a copy to another member");
      }
      ((SpilledStates) firstTwo.get(0)).close();
    }
  }

  /** Keys {@code from .. from + 20,000} in random order, values with nulls. */
  private static VectorSchemaRoot batch(BufferAllocator allocator, Random random, int rows, long from) {
    BigIntVector k = new BigIntVector("k", allocator);
    BigIntVector v = new BigIntVector("v", allocator);
    k.allocateNew(rows);
    v.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      k.set(i, from + random.nextInt(20_000));
      if (random.nextInt(10) == 0) {
        v.setNull(i);
      } else {
        v.set(i, random.nextInt(1_000_000) - 500_000);
      }
    }
    k.setValueCount(rows);
    v.setValueCount(rows);
    return new VectorSchemaRoot(List.<FieldVector>of(k, v));
  }

  /** The rows of a finished result (one batch, or a batch per bucket), which is closed. */
  private static Map<Long, List<Object>> rowsOf(Object result) {
    Map<Long, List<Object>> out = new HashMap<>();
    if (result instanceof Materialized m) {
      try (m) {
        out.putAll(rows(m.root()));
      }
    } else {
      try (Batches b = (Batches) result) {
        for (VectorSchemaRoot root : b.roots()) {
          out.putAll(rows(root));
        }
        assertEquals(b.rowCount(), out.size(), "a key in two buckets");
      }
    }
    return out;
  }

  private static Map<Long, List<Object>> rows(VectorSchemaRoot root) {
    Map<Long, List<Object>> out = new HashMap<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      Object[] values = new Object[root.getFieldVectors().size() - 1];
      for (int c = 1; c < root.getFieldVectors().size(); c++) {
        values[c - 1] = root.getVector(c).getObject(i);
      }
      out.put((Long) root.getVector(0).getObject(i), Arrays.asList(values));
    }
    assertEquals(root.getRowCount(), out.size(), "a key came twice");
    return out;
  }
}
