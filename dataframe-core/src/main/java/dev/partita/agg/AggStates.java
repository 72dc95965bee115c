package dev.partita.agg;

import dev.partita.hash.GroupTable;
import dev.partita.kernel.Selection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

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
    for (AggState s : statesInOrder) {
      if (s instanceof SpilledState) {
        return mergeSpilled(statesInOrder, (SpilledState) s);
      }
    }
    long groups = 0;
    for (AggState s : statesInOrder) {
      groups += s.groupCount();
    }
    Merger m = new Merger((PartialState) statesInOrder.get(0), groups);
    for (AggState s : statesInOrder) {
      m.add((PartialState) s);
    }
    return m.result();
  }

  /**
   * Merges in-memory states one at a time into a new state, so that a caller reading states from disk
   * holds one of them besides the result; the inputs are not changed.
   */
  static final class Merger {

    private final PartialState first;
    private final GroupTable table;
    private final Accumulator[] accumulators;

    /** A merger for states like {@code first}, sized for {@code groups} groups in all (0: unknown). */
    Merger(PartialState first, long groups) {
      this.first = first;
      this.table = first.table.emptyCopy();
      table.reserve((int) Math.min(groups, 1 << 30));
      this.accumulators = new Accumulator[first.accumulators.length];
      for (int j = 0; j < accumulators.length; j++) {
        accumulators[j] = first.accumulators[j].emptyCopy();
      }
    }

    /** Folds {@code state}'s groups in, after those of the states added before it. */
    void add(PartialState state) {
      if (!state.calls.equals(first.calls)) {
        throw new IllegalArgumentException(
            "cannot merge states of different aggregations: " + first.calls + " and " + state.calls);
      }
      int[] map = table.mergeFrom(state.table);
      for (int j = 0; j < accumulators.length; j++) {
        accumulators[j].merge(state.accumulators[j], map, table.groupCount());
      }
    }

    PartialState result() {
      return new PartialState(table, first.calls, first.outputs, accumulators);
    }
  }

  /**
   * Merges states some of which are on disk without loading any: the run lists are concatenated per
   * bucket in input order, and in-memory states are split into the same buckets and written as runs.
   */
  private static AggState mergeSpilled(List<AggState> statesInOrder, SpilledState spilled) {
    int buckets = spilled.buckets();
    List<List<Path>> runs = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      runs.add(new ArrayList<>());
    }
    long groups = 0;
    for (AggState s : statesInOrder) {
      groups += s.groupCount();
      if (s instanceof SpilledState) {
        SpilledState in = (SpilledState) s;
        if (in.buckets() != buckets) {
          throw new IllegalArgumentException("spilled states of " + buckets + " and " + in.buckets() + " buckets");
        }
        for (int k = 0; k < buckets; k++) {
          runs.get(k).addAll(in.runs.get(k));
        }
      } else {
        List<AggState> parts = partition(s, buckets);
        for (int b = 0; b < buckets; b++) {
          PartialState part = (PartialState) parts.get(b);
          if (part.groupCount() > 0) {
            runs.get(b).add(SpilledState.write(spilled.area, part));
          }
        }
      }
    }
    return new SpilledState(spilled.area, runs, groups, spilled.empty);
  }

  /**
   * Splits a state by the hash of its keys into {@code buckets} states (bucket b holds the groups whose
   * {@link GroupTable#bucket} is b, in their order), so equal keys of different states land in the same
   * bucket. A spilled state of P buckets ({@code buckets} dividing P) splits into spilled states holding
   * the runs of the buckets that fall in each.
   */
  public static List<AggState> partition(AggState state, int buckets) {
    List<AggState> out = new ArrayList<>();
    if (state instanceof SpilledState) {
      SpilledState s = (SpilledState) state;
      int finer = s.buckets();
      if (finer % buckets != 0) {
        throw new IllegalArgumentException(buckets + " buckets do not divide the " + finer + " spill buckets");
      }
      for (int b = 0; b < buckets; b++) {
        List<List<Path>> runs = new ArrayList<>();
        for (int p = 0; p < finer; p++) {
          runs.add(p * buckets / finer == b ? s.runs.get(p) : List.of());
        }
        out.add(new SpilledState(s.area, runs, s.groupCount() / buckets, s.empty));
      }
      return out;
    }
    PartialState s = (PartialState) state;
    for (int b = 0; b < buckets; b++) {
      GroupTable table = s.table.emptyCopy();
      int[] map = table.mergeFrom(s.table, b, buckets);
      Accumulator[] accumulators = new Accumulator[s.accumulators.length];
      for (int j = 0; j < accumulators.length; j++) {
        accumulators[j] = s.accumulators[j].emptyCopy();
        accumulators[j].merge(s.accumulators[j], map, table.groupCount());
        accumulators[j].resize(table.groupCount());
      }
      out.add(new PartialState(table, s.calls, s.outputs, accumulators));
    }
    return out;
  }

  /**
   * The final result: key columns, then one column per call named by its output name; one row per
   * group in first-seen order, except for TOP_N (then the only call), which gives one row per kept
   * value with its group's keys. The caller owns (and closes) the returned root.
   */
  public static VectorSchemaRoot toArrow(AggState state, BufferAllocator allocator) {
    if (state instanceof SpilledState) {
      return spilledToArrow((SpilledState) state, allocator);
    }
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

  /** A spilled state's result, one bucket in memory at a time: groups in bucket order, then first-seen order. */
  private static VectorSchemaRoot spilledToArrow(SpilledState state, BufferAllocator allocator) {
    VectorSchemaRoot out = null;
    try {
      for (int b = 0; b < state.buckets(); b++) {
        PartialState part = state.load(b);
        if (part == null) {
          continue;
        }
        try (VectorSchemaRoot piece = toArrow(part, allocator)) {
          if (out == null) {
            out = VectorSchemaRoot.create(piece.getSchema(), allocator);
            out.allocateNew();
          }
          VectorSchemaRootAppender.append(false, out, piece);
        }
      }
      return out != null ? out : toArrow(state.empty, allocator);
    } catch (RuntimeException e) {
      if (out != null) {
        out.close();
      }
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
