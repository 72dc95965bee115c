package dev.partita.agg;

import dev.partita.hash.GroupTable;
import dev.partita.hash.SerialField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Streams batches into per-group (or, with no key columns, global) accumulator states: the group id
 * of every row is computed once per batch and shared by all calls. Not thread-safe; one per chunk
 * task. Holds no Arrow memory: the batches stay owned by the caller.
 *
 * <pre>{@code
 * try (HashAggregator agg = new HashAggregator(List.of(kField), List.of(sumCall), List.of(vField))) {
 *   agg.add(List.of(k), Arrays.asList(v), rowCount);
 *   AggState partial = agg.finish();
 * }
 * }</pre>
 */
public final class HashAggregator implements AutoCloseable {

  private final List<AggCall> calls;
  private final boolean global;
  private final List<SerialField> outputs = new ArrayList<>();
  private GroupTable table;
  private int reserved;
  private Accumulator[] accumulators;
  /**
   * For a call whose exact sum an earlier call keeps already (the sum and the mean of one integer or decimal
   * column, as TPC-H Q1's {@code sum(l_quantity)} and {@code avg(l_quantity)}), that call; else -1. Its own
   * accumulator is left empty while rows are added and gets a copy of the earlier one's sums in {@link
   * #state}: each decimal sum is a pass over the batch, 26% of Q1's samples for seven of them.
   */
  private final int[] sharedWith;
  private int[] ids = new int[0];

  /**
   * @param keyFields the group-by columns; empty for a global aggregation
   * @param calls the aggregations
   * @param inputFields one per call, the field of its input column (null for COUNT_ALL); calls with equal fields
   *     read the same column, and are given the same values in {@link #add}
   * @throws IllegalArgumentException if an aggregation is not defined for its input type
   */
  public HashAggregator(List<Field> keyFields, List<AggCall> calls, List<Field> inputFields) {
    if (calls.size() != inputFields.size()) {
      throw new IllegalArgumentException(
          calls.size() + " aggregations but " + inputFields.size() + " input fields");
    }
    this.calls = List.copyOf(calls);
    this.global = keyFields.isEmpty();
    this.table = GroupTable.create(keyFields);
    this.accumulators = new Accumulator[calls.size()];
    for (int j = 0; j < calls.size(); j++) {
      outputs.add(SerialField.of(Aggregations.outputField(calls.get(j), inputFields.get(j))));
      accumulators[j] = Aggregations.newAccumulator(calls.get(j), inputFields.get(j));
    }
    this.sharedWith = new int[calls.size()];
    for (int j = 0; j < calls.size(); j++) {
      sharedWith[j] = -1;
      Summable mine = exactSum(accumulators[j]);
      for (int i = 0; i < j && mine != null; i++) {
        Summable theirs = exactSum(accumulators[i]);
        // the input fields carry their column's name: equal fields are one column
        if (sharedWith[i] < 0 && theirs != null && theirs.getClass() == mine.getClass()
            && inputFields.get(i).equals(inputFields.get(j))) {
          sharedWith[j] = i;
          break;
        }
      }
    }
  }

  /** The integer or decimal sum {@code a} keeps, as a sum or inside a mean; null for any other. */
  private static Summable exactSum(Accumulator a) {
    Accumulator sum = a instanceof Mean m ? m.sum() : a;
    return sum instanceof SumLong || sum instanceof SumDecimal ? (Summable) sum : null;
  }

  /**
   * Adds rows {@code [0, rowCount)}.
   *
   * @param keys one vector per key field
   * @param inputs one vector per call, a null entry for COUNT_ALL
   */
  public void add(List<FieldVector> keys, List<FieldVector> inputs, int rowCount) {
    add(keys, inputs, null, rowCount);
  }

  /**
   * Adds rows {@code [0, rowCount)} of aggregations some of which read two columns (CORR, COVAR).
   *
   * @param keys one vector per key field
   * @param inputs one vector per call, a null entry for COUNT_ALL
   * @param seconds one vector per call, that of its second column or null; null when no call has one
   */
  public void add(List<FieldVector> keys, List<FieldVector> inputs, List<FieldVector> seconds, int rowCount) {
    if (table == null) {
      throw new IllegalStateException("aggregator already finished");
    }
    if (ids.length < rowCount) {
      ids = new int[rowCount];
    }
    table.groupIds(keys, rowCount, ids);
    int groupCount = table.groupCount();
    for (int j = 0; j < accumulators.length; j++) {
      if (sharedWith[j] >= 0) {
        continue;
      }
      FieldVector second = seconds == null ? null : seconds.get(j);
      if (second == null) {
        accumulators[j].update(ids, groupCount, inputs.get(j), rowCount);
      } else {
        accumulators[j].update(ids, groupCount, inputs.get(j), second, rowCount);
      }
    }
  }

  /**
   * Adds {@code rows} rows to a global aggregation made only of {@code count(*)} calls, without any
   * batch: the row count of a file's metadata (a Parquet footer) is the whole answer there, and adding
   * it a batch of group ids at a time cost 10 ms per 10 million rows, more than the rest of the query.
   *
   * @throws IllegalStateException if the aggregation has keys or a call other than count(*)
   */
  public void addCountedRows(long rows) {
    if (table == null || !global) {
      throw new IllegalStateException(table == null ? "aggregator already finished"
          : "counted rows need a global aggregation");
    }
    for (Accumulator a : accumulators) {
      if (!(a instanceof CountAll c)) {
        throw new IllegalStateException("counted rows need count(*) calls only, not " + a.getClass().getSimpleName());
      }
      c.addToGroupZero(rows);
    }
  }

  private PartialState state() {
    int groupCount = table.groupCount();
    table.dropScratch();
    Accumulator[] out = accumulators.clone();
    for (int j = 0; j < out.length; j++) {
      out[j].dropScratch();
      if (sharedWith[j] < 0) {
        out[j].resize(groupCount);
      }
    }
    for (int j = 0; j < out.length; j++) {
      if (sharedWith[j] >= 0) {
        Summable copy = (Summable) exactSum(out[j]).emptyCopy();
        int[] identity = new int[groupCount];
        Arrays.setAll(identity, g -> g);
        copy.merge(exactSum(out[sharedWith[j]]), identity, groupCount);
        out[j] = out[j] instanceof Mean ? new Mean(copy) : copy;
      }
    }
    return new PartialState(table, calls, List.copyOf(outputs), out);
  }

  /** Approximate heap bytes of the state so far, counting a shared sum once per call, as its state will. */
  public long sizeBytes() {
    long bytes = 64L + table.sizeBytes();
    for (int j = 0; j < accumulators.length; j++) {
      Accumulator a = accumulators[sharedWith[j] >= 0 ? sharedWith[j] : j];
      a.resize(table.groupCount());
      bytes += a.sizeBytes();
    }
    return bytes;
  }

  /** Whether the state can be written as Arrow columns ({@link AggStates#toStateBatch}). */
  public boolean hasArrowState() {
    for (Accumulator a : accumulators) {
      if (!a.hasArrowState()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sizes the group table and the accumulators for {@code groups} groups up front, rather than growing them by
   * doubling, and again each time it starts over ({@link #drain}). Accumulators grown from empty after every
   * flush took 15% of db-benchmark q5's samples at 10^8 rows (a million groups): each doubling copies the
   * arrays, and past a few hundred thousand groups each copy is a humongous allocation for G1.
   */
  public void reserve(int groups) {
    reserved = groups;
    table.reserve(groups);
    presize();
  }

  private void presize() {
    for (int j = 0; j < accumulators.length; j++) {
      if (sharedWith[j] < 0) {
        accumulators[j].resize(reserved);
      }
    }
  }

  /** The heap bytes the accumulators take per group (a shared sum counted once), as {@link #sizeBytes} counts them. */
  public long accumulatorBytesPerGroup() {
    int probe = 1024;
    long bytes = 0;
    for (int j = 0; j < accumulators.length; j++) {
      if (sharedWith[j] < 0) {
        Accumulator a = accumulators[j].emptyCopy();
        long empty = a.sizeBytes();
        a.resize(probe);
        bytes += (a.sizeBytes() - empty + probe - 1) / probe;
      }
    }
    return bytes;
  }

  /** The state of the rows added so far; the aggregator starts over empty (for a state flushed to disk). */
  public AggState drain() {
    PartialState state = state();
    table = table.emptyCopy();
    table.reserve(reserved);
    for (int j = 0; j < accumulators.length; j++) {
      accumulators[j] = accumulators[j].emptyCopy();
    }
    presize();
    return state;
  }

  /** The partial state of the rows added so far; the aggregator may not be used afterwards. */
  public AggState finish() {
    if (table == null) {
      throw new IllegalStateException("aggregator already finished");
    }
    AggState state = state();
    close();
    return state;
  }

  /** Releases the working state; a state already returned by {@link #finish} stays valid. */
  @Override
  public void close() {
    table = null;
    accumulators = null;
    ids = new int[0];
  }
}
