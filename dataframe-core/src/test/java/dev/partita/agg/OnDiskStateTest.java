package dev.partita.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunk states finished on disk ({@code finish(true)}) go through a split-out aggregation's split, combine
 * and finalize as run files, and give the same groups and values as states held in memory.
 */
class OnDiskStateTest {

  private static final Field K = new Field("k", FieldType.nullable(new ArrowType.Int(64, true)), null);
  private static final Field V =
      new Field("v", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
  private static final List<AggCall> CALLS = List.of(new AggCall(AggKind.SUM, "v", "s"),
      new AggCall(AggKind.QUANTILE, "v", "m", null, 0.5), new AggCall(AggKind.COUNT_ALL, null, "n"));

  @TempDir Path dir;
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeak() {
    assertEquals(0, allocator.getAllocatedMemory());
    allocator.close();
  }

  @Test
  void statesOnDiskSplitCombineAndFinalizeToTheSameGroups() throws Exception {
    try (SpillArea area = new SpillArea(dir, Long.MAX_VALUE)) {
      TreeMap<Long, List<Object>> inMemory = aggregate(area, false);
      TreeMap<Long, List<Object>> onDisk = aggregate(area, true);
      assertEquals(3_000, inMemory.size());
      assertEquals(inMemory, onDisk);
      try (Stream<Path> runs = Files.walk(dir)) {
        assertTrue(runs.anyMatch(Files::isRegularFile), "no run was written");
      }
    }
  }

  @Test
  void aSplitMedianStateSerializesToAboutTheSizeOfTheWhole() throws Exception {
    List<Long> keys = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      keys.add((long) (i % 1_000));
      values.add(i / 3.0);
    }
    try (HashAggregator h = new HashAggregator(List.of(K), CALLS.subList(1, 2), List.of(V));
        FieldVector k = Columns.vector(K, keys, 0, keys.size(), allocator);
        FieldVector v = Columns.vector(V, values, 0, values.size(), allocator)) {
      h.add(List.of(k), List.of(v), keys.size());
      AggState whole = h.finish();
      long parts = 0;
      for (AggState part : AggStates.partition(whole, 32)) {
        parts += serializedSize(part);
      }
      long all = serializedSize(whole);
      assertTrue(all > 100_000 * 12 && parts < 2 * all, "whole " + all + " bytes, its 32 parts " + parts);
    }
  }

  private static long serializedSize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }

  /** Five chunks of random rows over 3,000 keys, split into 4 buckets, combined per bucket and finalized. */
  private TreeMap<Long, List<Object>> aggregate(SpillArea area, boolean onDisk) {
    Random random = new Random(7);
    int buckets = 4;
    List<List<AggState>> splits = new ArrayList<>();
    for (int chunk = 0; chunk < 5; chunk++) {
      List<Long> keys = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        keys.add((long) random.nextInt(3_000));
        values.add(random.nextInt(10) == 0 ? null : random.nextInt(1_000) / 8.0);
      }
      try (HashAggregator h = new HashAggregator(List.of(K), CALLS, Arrays.asList(V, V, null))
              .spillTo(area, 16);
          FieldVector k = Columns.vector(K, keys, 0, keys.size(), allocator);
          FieldVector v = Columns.vector(V, values, 0, values.size(), allocator)) {
        h.add(List.of(k), Arrays.asList(v, v, null), keys.size());
        AggState state = h.finish(onDisk);
        assertEquals(onDisk, state instanceof SpilledState);
        splits.add(AggStates.partition(state, buckets));
      }
    }
    TreeMap<Long, List<Object>> out = new TreeMap<>();
    for (int b = 0; b < buckets; b++) {
      List<AggState> bucket = new ArrayList<>();
      for (List<AggState> split : splits) {
        bucket.add(split.get(b));
      }
      try (VectorSchemaRoot r = AggStates.toArrow(AggStates.merge(bucket), allocator)) {
        for (int row = 0; row < r.getRowCount(); row++) {
          List<Object> cells = new ArrayList<>();
          for (int c = 1; c < r.getFieldVectors().size(); c++) {
            cells.add(Columns.value(r.getVector(c), row));
          }
          out.put((Long) Columns.value(r.getVector(0), row), cells);
        }
      }
    }
    return out;
  }
}
