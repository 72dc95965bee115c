package dev.partita.agg;

import dev.partita.hash.GroupTable;
import dev.partita.kernel.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Combine and finalize for partial aggregation states, and their Arrow form for a shuffle.
 *
 * <pre>{@code
 * AggState all = AggStates.merge(List.of(s0, s1, s2));          // partition order
 * try (VectorSchemaRoot result = AggStates.toArrow(all, allocator)) { ... }
 * try (VectorSchemaRoot state = AggStates.toStateBatch(s0, allocator)) { ... }   // keys, then state columns
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
    long groups = 0;
    for (AggState s : statesInOrder) {
      groups += s.groupCount();
    }
    Merger m = new Merger(statesInOrder.get(0), groups);
    for (AggState s : statesInOrder) {
      m.add(s);
    }
    return m.result();
  }

  /** A state of the same aggregation without groups: a template for a {@link Merger} of its state batches. */
  public static AggState empty(AggState state) {
    return new Merger(state, 0).result();
  }

  /** Whether {@code state} can be written as Arrow columns by {@link #toStateBatch}. */
  public static boolean hasArrowState(AggState state) {
    for (Accumulator a : ((PartialState) state).accumulators) {
      if (!a.hasArrowState()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The state as one batch (owned by the caller): the key columns, then each call's state columns
   * ({@code _s<call>_<i>}), one row per group in group order. {@link Merger#add(VectorSchemaRoot)} reads it.
   */
  public static VectorSchemaRoot toStateBatch(AggState state, BufferAllocator allocator) {
    return stateBatch((PartialState) state, null, allocator);
  }

  /**
   * The state as one batch like {@link #toStateBatch(AggState, BufferAllocator)}, its rows the groups
   * {@code groups} in that order.
   */
  public static VectorSchemaRoot toStateBatch(AggState state, int[] groups, BufferAllocator allocator) {
    return stateBatch((PartialState) state, groups, allocator);
  }

  /** The state batch of {@code groups} in that order, or of every group in group order when null. */
  private static VectorSchemaRoot stateBatch(PartialState s, int[] groups, BufferAllocator allocator) {
    int n = s.table.groupCount();
    List<FieldVector> vectors = new ArrayList<>();
    try {
      vectors.addAll(groups == null ? s.table.keysToArrow(allocator) : s.table.keysToArrow(groups, allocator));
      for (int j = 0; j < s.accumulators.length; j++) {
        s.accumulators[j].resize(n);
        List<FieldVector> inGroupOrder = s.accumulators[j].writeState(n, "_s" + j + "_", allocator);
        if (groups == null) {
          vectors.addAll(inGroupOrder);
          continue;
        }
        try {
          for (FieldVector v : inGroupOrder) {
            vectors.add(Selection.take(v, groups, allocator));
          }
        } finally {
          inGroupOrder.forEach(FieldVector::close);
        }
      }
      return root(vectors, groups == null ? n : groups.length);
    } catch (RuntimeException e) {
      AutoCloseables.close(e, vectors);
      throw e;
    }
  }

  /** The bucket among {@code buckets} of each group of {@code state}, by {@link GroupTable#bucket(long, int, long)}. */
  public static int[] groupBuckets(AggState state, int buckets, long seed) {
    long[] hashes = ((PartialState) state).table.groupHashes();
    int[] out = new int[hashes.length];
    for (int g = 0; g < out.length; g++) {
      out[g] = GroupTable.bucket(hashes[g], buckets, seed);
    }
    return out;
  }

  /**
   * Merges states one at a time into a new state, in the order added: in-memory states, or state batches
   * read back from a shuffle, so that a caller holds one input besides the result. The inputs are not changed.
   */
  public static final class Merger {

    private final PartialState first;
    private final GroupTable table;
    private final Accumulator[] accumulators;
    private int[] ids = new int[0];

    /** A merger for states like {@code template} (which may be empty), sized for {@code groups} groups (0: unknown). */
    public Merger(AggState template, long groups) {
      this.first = (PartialState) template;
      this.table = first.table.emptyCopy();
      table.reserve((int) Math.min(groups, 1 << 30));
      this.accumulators = new Accumulator[first.accumulators.length];
      for (int j = 0; j < accumulators.length; j++) {
        accumulators[j] = first.accumulators[j].emptyCopy();
      }
    }

    /** Folds {@code state}'s groups in, after those of the states added before it. */
    public void add(AggState state) {
      PartialState s = (PartialState) state;
      if (!s.calls.equals(first.calls)) {
        throw new IllegalArgumentException(
            "cannot merge states of different aggregations: " + first.calls + " and " + s.calls);
      }
      int[] map = table.mergeFrom(s.table);
      for (int j = 0; j < accumulators.length; j++) {
        accumulators[j].merge(s.accumulators[j], map, table.groupCount());
      }
    }

    /** Folds in the groups of a batch {@link #toStateBatch} wrote for this aggregation; the batch is not changed. */
    public void add(VectorSchemaRoot stateBatch) {
      int rows = stateBatch.getRowCount();
      List<FieldVector> all = stateBatch.getFieldVectors();
      int keys = first.table.keyCount();
      if (ids.length < rows) {
        ids = new int[rows];
      }
      table.groupIds(all.subList(0, keys), rows, ids);
      int[] map = rows == ids.length ? ids : Arrays.copyOf(ids, rows);
      int column = keys;
      for (int j = 0; j < accumulators.length; j++) {
        String prefix = "_s" + j + "_";
        int end = column;
        while (end < all.size() && all.get(end).getName().startsWith(prefix)) {
          end++;
        }
        Accumulator read = accumulators[j].readState(all.subList(column, end), rows);
        accumulators[j].merge(read, map, table.groupCount());
        column = end;
      }
    }

    public AggState result() {
      return new PartialState(table, first.calls, first.outputs, accumulators);
    }

    /** Approximate heap bytes of the merged state so far. */
    public long sizeBytes() {
      return result().sizeBytes();
    }
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
