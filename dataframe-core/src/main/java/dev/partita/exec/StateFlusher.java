package dev.partita.exec;

import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.hash.RowHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes aggregation states as Arrow state batches into a shuffle, each group to its key's bucket. A flusher
 * takes either states ({@link #flush}) or state batches ({@link #add}), never both: the first buckets a group
 * by the hash its table keeps, the second by hashing the batch's key columns, and the two differ.
 */
final class StateFlusher {
  private final ShuffleWriter writer;
  private final int keys;
  private final int buckets;
  private final long seed;
  private final BufferAllocator allocator;
  private RowHasher hasher;

  StateFlusher(ShuffleWriter writer, int keys, int buckets, long seed, BufferAllocator allocator) {
    this.writer = writer;
    this.keys = keys;
    this.buckets = buckets;
    this.seed = seed;
    this.allocator = allocator;
  }

  /**
   * Writes {@code state}'s groups; the state is not changed. Each group's bucket comes from the hash its table
   * keeps of its keys, and the state batch is built in bucket order, so that each bucket is a range of it, copied
   * in bulk: hashing the batch's keys again and gathering each bucket's rows out of it row by row was 17% of
   * db-benchmark q10's samples (10^7 rows, Parquet; see benchmarks/RESULTS.md).
   */
  void flush(AggState state) {
    int n = state.groupCount();
    if (n == 0) {
      return;
    }
    int[] bucketOf = AggStates.groupBuckets(state, buckets, seed);
    int[] starts = new int[buckets + 1];
    int[] order = ShuffleWriter.byBucket(bucketOf, n, starts);
    try (VectorSchemaRoot batch = writer.withMemory(() -> AggStates.toStateBatch(state, order, allocator))) {
      writer.addSorted(batch, starts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the groups of a state batch (not taken: the caller closes it). */
  void add(VectorSchemaRoot stateBatch) {
    List<FieldVector> keyVectors = stateBatch.getFieldVectors().subList(0, keys);
    if (hasher == null) {
      hasher = Tasks.Partitioners.hasher(keyVectors);
    }
    try {
      writer.add(stateBatch, Tasks.Partitioners.hashBuckets(stateBatch, keyVectors, buckets, seed, hasher));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
