package dev.partita.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.partita.plan.SortKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The in-memory sort against a stable object sort of the same rows: nulls first or last, ties in input order. */
class SortingTest {

  /** One input row; {@code id} is its input position. */
  record Row(int id, String s, Long i, BigDecimal d) {}

  @Test
  void sortsLikeAStableSortByEachColumnWithNullsLast() {
    Random random = new Random(7);
    for (int n : new int[] {0, 1, 15, 17, 300, 2_000}) {
      List<Row> rows = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        rows.add(new Row(r,
            random.nextInt(8) == 0 ? null : List.of("", "a", "ab", "b", "é", "zz").get(random.nextInt(6)),
            random.nextInt(8) == 0 ? null : (long) random.nextInt(20) - 10,
            random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(4_000) - 2_000, 2)));
      }
      check(rows, List.of(new SortKey("s", false, false), new SortKey("i", true, false)),
          Comparator.comparing(Row::s, nulls(bytes(), false, false))
              .thenComparing(Row::i, nulls(Comparator.<Long>naturalOrder(), true, false)));
      check(rows, List.of(new SortKey("d", true, true)),
          Comparator.comparing(Row::d, nulls(Comparator.<BigDecimal>naturalOrder(), true, true)));
      check(rows, List.of(new SortKey("i", false, true), new SortKey("d", false, false)),
          Comparator.comparing(Row::i, nulls(Comparator.<Long>naturalOrder(), false, true))
              .thenComparing(Row::d, nulls(Comparator.<BigDecimal>naturalOrder(), false, false)));
    }
  }

  private static void check(List<Row> rows, List<SortKey> keys, Comparator<Row> order) {
    List<Row> expected = new ArrayList<>(rows);
    expected.sort(order);
    try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot in = batch(rows, allocator)) {
      int[] sorted = Sorting.order(in, keys);
      BigIntVector ids = (BigIntVector) in.getVector("id");
      List<Integer> actual = new ArrayList<>();
      for (int r : sorted) {
        actual.add((int) ids.get(r));
      }
      assertEquals(expected.stream().map(Row::id).toList(), actual, keys.toString());
    }
  }

  private static VectorSchemaRoot batch(List<Row> rows, BufferAllocator allocator) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector s = new VarCharVector("s", allocator);
    BigIntVector i = new BigIntVector("i", allocator);
    DecimalVector d = new DecimalVector("d", allocator, 9, 2);
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      id.setSafe(r, row.id());
      if (row.s() != null) {
        s.setSafe(r, row.s().getBytes(StandardCharsets.UTF_8));
      }
      if (row.i() != null) {
        i.setSafe(r, row.i());
      }
      if (row.d() != null) {
        d.setSafe(r, row.d());
      }
    }
    VectorSchemaRoot root = VectorSchemaRoot.of(id, s, i, d);
    root.setRowCount(rows.size());
    return root;
  }

  private static Comparator<String> bytes() {
    return (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code values}, reversed when {@code descending}, with nulls first or last either way. */
  private static <T> Comparator<T> nulls(Comparator<T> values, boolean descending, boolean first) {
    Comparator<T> v = descending ? values.reversed() : values;
    return first ? Comparator.nullsFirst(v) : Comparator.nullsLast(v);
  }
}
