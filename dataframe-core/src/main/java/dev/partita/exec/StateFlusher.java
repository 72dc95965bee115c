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

/** Writes aggregation states as Arrow state batches into a shuffle, each group to its key's bucket. */
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

  /** Writes {@code state}'s groups; the state is not changed. */
  void flush(AggState state) {
    if (state.groupCount() == 0) {
      return;
    }
    try (VectorSchemaRoot batch = AggStates.toStateBatch(state, allocator)) {
      add(batch);
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
