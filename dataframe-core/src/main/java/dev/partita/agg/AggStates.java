package dev.partita.agg;

import dev.partita.hash.GroupTable;
import dev.partita.kernel.Selection;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Combine and finalize for partial aggregation states.
 *
 * <pre>{@code
 * AggState all = AggStates.merge(List.of(s0, s1, s2));          // partition order
 * try (VectorSchemaRoot result = AggStates.toArrow(all, allocator)) { ... }
 * }</pre>
 */
public final class AggStates {

  private AggStates() {}

  /**
   * Merges states of the same aggregation, given in partition order, into a new state; the inputs
   * are not changed. Groups keep first-seen order across the list, and FIRST/LAST take the first and
   * last value in list order, so any tree of merges that keeps the order gives the same result.
   */
  public static AggState merge(List<AggState> statesInOrder) {
    if (statesInOrder.isEmpty()) {
      throw new IllegalArgumentException("no states to merge");
    }
    PartialState first = (PartialState) statesInOrder.get(0);
    GroupTable table = first.table.emptyCopy();
    Accumulator[] accumulators = new Accumulator[first.accumulators.length];
    for (int j = 0; j < accumulators.length; j++) {
      accumulators[j] = first.accumulators[j].emptyCopy();
    }
    for (AggState s : statesInOrder) {
      PartialState state = (PartialState) s;
      if (!state.calls.equals(first.calls)) {
        throw new IllegalArgumentException(
            "cannot merge states of different aggregations: " + first.calls + " and " + state.calls);
      }
      int[] map = table.mergeFrom(state.table);
      for (int j = 0; j < accumulators.length; j++) {
        accumulators[j].merge(state.accumulators[j], map, table.groupCount());
      }
    }
    return new PartialState(table, first.calls, first.outputs, accumulators);
  }

  /**
   * The final result: key columns, then one column per call named by its output name; one row per
   * group in first-seen order, except for TOP_N (then the only call), which gives one row per kept
   * value with its group's keys. The caller owns (and closes) the returned root.
   */
  public static VectorSchemaRoot toArrow(AggState state, BufferAllocator allocator) {
    PartialState s = (PartialState) state;
    int groupCount = s.table.groupCount();
    List<FieldVector> vectors = new ArrayList<>();
    try {
      if (s.accumulators.length == 1 && s.accumulators[0] instanceof TopN) {
        return topN(s, (TopN) s.accumulators[0], allocator, vectors);
      }
      vectors.addAll(s.table.keysToArrow(allocator));
      for (int j = 0; j < s.accumulators.length; j++) {
        vectors.add(s.accumulators[j].evaluate(groupCount, s.outputs.get(j).get(), allocator));
      }
      return root(vectors, groupCount);
    } catch (RuntimeException e) {
      AutoCloseables.close(e, vectors);
      throw e;
    }
  }

  private static VectorSchemaRoot topN(PartialState s, TopN top, BufferAllocator allocator, List<FieldVector> out) {
    int groupCount = s.table.groupCount();
    int[] rows = top.rowGroups(groupCount);
    List<FieldVector> keys = s.table.keysToArrow(allocator);
    try {
      for (FieldVector k : keys) {
        out.add(Selection.take(k, rows, allocator));
      }
    } finally {
      keys.forEach(FieldVector::close);
    }
    out.add(top.evaluate(groupCount, s.outputs.get(0).get(), allocator));
    return root(out, rows.length);
  }

  private static VectorSchemaRoot root(List<FieldVector> vectors, int rowCount) {
    List<Field> fields = new ArrayList<>();
    for (FieldVector v : vectors) {
      fields.add(v.getField());
    }
    return new VectorSchemaRoot(fields, vectors, rowCount);
  }
}
