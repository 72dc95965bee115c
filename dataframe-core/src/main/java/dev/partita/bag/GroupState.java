package dev.partita.bag;

import dev.partita.exec.BlobShuffle;
import dev.partita.exec.ExecContext;
import dev.partita.hash.GroupTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The accumulators of a group in one task: a hash map from key to accumulator, its estimated size
 * ({@link Sizes}), and past the task's budget a shuffle ({@link BlobShuffle}) the map is flushed into,
 * split by key hash into {@link #BUCKETS} buckets of serialized (key, accumulator) pairs, so the task's
 * memory stays within the budget whatever the number of keys. A bucket is later read back and merged on its
 * own ({@link GroupReader}); one still too large is split again with another hash seed.
 */
final class GroupState implements AutoCloseable {

  /** Buckets of a spill: a bucket's merge holds a 64th of the groups, 64^2 after a second split. */
  static final int BUCKETS = 64;

  /** A key's accumulator, changed in place so that a fold costs one lookup. */
  static final class Acc {
    Object value;

    Acc(Object value) {
      this.value = value;
    }
  }

  private final ExecContext ctx;
  private final GroupSpec spec;
  private final long seed;
  private final long budget;
  private final boolean canSpill;
  private final Map<Object, Acc> map = new HashMap<>();
  private long bytes;
  private BlobShuffle shuffle;

  /** A state spilling by key hash with {@code seed} past {@code budget} bytes, unless {@code canSpill} is false. */
  GroupState(ExecContext ctx, GroupSpec spec, long seed, long budget, boolean canSpill) {
    this.ctx = ctx;
    this.spec = spec;
    this.seed = seed;
    this.budget = budget;
    this.canSpill = canSpill;
  }

  /** The seed of the hash that splits a spill made at split depth {@code depth}. */
  static long seed(int depth) {
    return depth * 0x632BE59BD9B4E019L;
  }

  /** Folds {@code element} into its key's accumulator. */
  void fold(Object key, Object element) throws IOException {
    Acc acc = map.get(key);
    if (acc == null) {
      Object v = spec.fold().apply(spec.init(), element);
      map.put(key, new Acc(v));
      grew(key, v);
    } else {
      acc.value = spec.fold().apply(acc.value, element);
    }
  }

  /** Merges a partial accumulator of {@code key} into its accumulator. */
  void merge(Object key, Object partial) throws IOException {
    Acc acc = map.get(key);
    if (acc == null) {
      map.put(key, new Acc(partial));
      grew(key, partial);
    } else {
      acc.value = spec.combine().apply(acc.value, partial);
    }
  }

  private void grew(Object key, Object value) throws IOException {
    bytes += Sizes.ENTRY + Sizes.of(key) + Sizes.of(value);
    if (bytes > budget && canSpill) {
      spill();
    }
  }

  boolean spilled() {
    return shuffle != null;
  }

  /**
   * The state as a partial result. The map is spilled too when it is the last state of the group
   * ({@code last}) and anything was spilled before (its own or the {@code inherited} runs of the states merged
   * into it), so that a reader only merges buckets; or, for any other state, when it is larger than a
   * {@code share} of the budget, since the states of one combine are held together until it runs.
   */
  GroupPartial finish(List<dev.partita.exec.ShuffleOutput> inherited, boolean last, int share) throws IOException {
    boolean spill = last ? (spilled() || !inherited.isEmpty()) && !map.isEmpty() : bytes > budget / share;
    if (spill) {
      spill();
    }
    List<dev.partita.exec.ShuffleOutput> runs = new ArrayList<>(inherited);
    if (shuffle != null) {
      runs.add(shuffle.finish());
    }
    return new GroupPartial(map, runs);
  }

  /** Writes the map into the shuffle, one blob per bucket, and empties it. */
  private void spill() throws IOException {
    if (shuffle == null) {
      shuffle = new BlobShuffle(ctx, BUCKETS);
    }
    ByteArrayOutputStream[] bytesOf = new ByteArrayOutputStream[BUCKETS];
    ObjectOutputStream[] outs = new ObjectOutputStream[BUCKETS];
    try {
      for (Map.Entry<Object, Acc> e : map.entrySet()) {
        int b = bucket(e.getKey(), seed);
        if (outs[b] == null) {
          bytesOf[b] = new ByteArrayOutputStream();
          outs[b] = new ObjectOutputStream(bytesOf[b]);
        }
        outs[b].writeBoolean(true);
        outs[b].writeObject(e.getKey());
        outs[b].writeObject(e.getValue().value);
      }
    } catch (NotSerializableException e) {
      throw new IllegalStateException("a group of the bag passed its memory budget (" + budget + " bytes)"
          + " and spills to disk, which needs its keys and accumulators to be Serializable, but "
          + e.getMessage() + " is not; make that class Serializable (a record can implement it), or give the"
          + " computation more memory (ComputeOptions.memoryLimit, -Xmx)", e);
    }
    map.clear();
    for (int b = 0; b < BUCKETS; b++) {
      if (outs[b] != null) {
        outs[b].writeBoolean(false);
        outs[b].close();
        shuffle.add(b, bytesOf[b].toByteArray());
        bytesOf[b] = null;
      }
    }
    bytes = 0;
  }

  /** The (key, accumulator) pairs of a spilled blob, in the order they were written. */
  static void readBlob(byte[] blob, PairSink sink) throws IOException {
    try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(blob))) {
      while (in.readBoolean()) {
        sink.accept(in.readObject(), in.readObject());
      }
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot read back a spilled group: class " + e.getMessage() + " is not found", e);
    }
  }

  /** Takes one (key, accumulator) pair. */
  @FunctionalInterface
  interface PairSink {
    void accept(Object key, Object acc) throws IOException;
  }

  /** The bucket of {@code key} among {@link #BUCKETS} for a hash seed: its hashCode, mixed (splitmix64). */
  static int bucket(Object key, long seed) {
    long h = ((key == null ? 0 : key.hashCode()) + seed) * 0x9E3779B97F4A7C15L;
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return GroupTable.bucket(h ^ (h >>> 31), BUCKETS);
  }

  /** Drops an unfinished spill. */
  @Override
  public void close() throws IOException {
    if (shuffle != null) {
      shuffle.close();
    }
  }

  /** Resolves classes through the thread's context class loader first, where an application's classes are. */
  private static final class ContextObjectInputStream extends ObjectInputStream {
    ContextObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // Not there: the default resolution below tries the caller's loader.
        }
      }
      return super.resolveClass(desc);
    }
  }
}
