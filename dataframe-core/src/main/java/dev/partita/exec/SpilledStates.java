package dev.partita.exec;

import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import com.github.luben.zstd.ZstdInputStream;
import dev.partita.graph.CodeCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The partial states of a grouped aggregation that did not fit its task's budget: written as state batches
 * into a shuffle of {@link #BUCKETS} buckets by key hash ({@link #SEED}), so that the heap holds at most a
 * budget of groups however many there are. The lowering chooses a hash shuffle up front when a sample
 * predicts many groups; this is what happens when the prediction was wrong (keys skewed or ordered in a way
 * the sample did not see): a chunk whose state passes the budget drains it here and goes on, a combine
 * passes its inputs' runs on and spills what it merges past the budget, and the finalize merges one bucket at
 * a time, splitting a bucket again by another seed when that alone passes the task's share of the heap.
 *
 * <p>Runs are kept in input order and read back in write order, so FIRST and LAST keep their meaning. A run
 * is shared by the combines that pass it on, and deleted when the last value holding it is closed.
 */
final class SpilledStates implements AutoCloseable {

  /** Buckets of a spill: the finalize holds one bucket's groups, a 64th of all at the first level. */
  static final int BUCKETS = 64;
  /** Not the shuffle's seed, so that a spill inside a hash-partitioned stage still splits its groups. */
  static final long SEED = 0x9E3779B97F4A7C15L;
  /**
   * A merger (and a shuffle's partial table, {@code Tasks.aggregateShuffle}, which sizes its accumulators too and
   * adds their bytes per group to this) is sized for at most one group per this many bytes of the budget: sizing
   * it for every row of a
   * bucket (as many as the groups only when no key repeats) made the table pass the budget before any group
   * was merged.
   */
  static final long PRESIZE_BYTES_PER_GROUP = 128;
  /** Splits of a bucket too large for the budget, each by a new seed: 64^3 buckets in all. */
  private static final int MAX_DEPTH = 3;

  /** One shuffle output of state batches, shared by the values that hold it. */
  private static final class Run {
    private final ShuffleOutput output;
    private final AtomicInteger holders = new AtomicInteger(1);

    Run(ShuffleOutput output) {
      this.output = output;
    }

    Run retain() {
      holders.incrementAndGet();
      return this;
    }

    void release() {
      if (holders.decrementAndGet() == 0) {
        output.close();
      }
    }
  }

  private final AggState template;
  private final int keys;
  private final List<Run> runs;
  private boolean closed;

  private SpilledStates(AggState template, int keys, List<Run> runs) {
    this.template = template;
    this.keys = keys;
    this.runs = runs;
  }

  /**
   * Writes the states a task drains into one run. Spilling is for grouped aggregations whose every state has
   * an Arrow form ({@link #canSpill}).
   */
  static final class Writer implements AutoCloseable {
    private final AggState template;
    private final int keys;
    private final ShuffleWriter shuffle;
    private final StateFlusher flusher;

    Writer(TaskRun run, AggState like, int keys) {
      this.template = AggStates.empty(like);
      this.keys = keys;
      this.shuffle = new ShuffleWriter(run.ctx, BUCKETS);
      this.flusher = new StateFlusher(shuffle, keys, BUCKETS, SEED, run.allocator);
    }

    void add(AggState state) {
      flusher.flush(state);
    }

    /** The states added so far, as a value of one run. */
    SpilledStates finish() throws IOException {
      return new SpilledStates(template, keys, new ArrayList<>(List.of(new Run(shuffle.finish()))));
    }

    @Override
    public void close() throws IOException {
      shuffle.close();
    }
  }

  /**
   * The heap bytes past which a task's state is written out: the state budget, or the shuffle buffer when that
   * is smaller, since writing holds the state, its Arrow form and that form split by bucket at once (at a whole
   * state budget, a grouping under a 32 MB limit on 2 threads ran out of Arrow memory).
   */
  static long spillBytes(ExecContext ctx) {
    return Math.min(ctx.stateBudget(), ctx.shuffleBufferBytes());
  }

  /** Whether a state like {@code state}, grouped by {@code keys} columns, can be spilled. */
  static boolean canSpill(AggState state, int keys) {
    return keys > 0 && AggStates.hasArrowState(state);
  }

  /**
   * Merges {@code states} (each an {@link AggState} or a {@code SpilledStates}) in order: an {@link AggState}
   * while the merge stays within the budget, else a {@code SpilledStates} holding the spilled inputs' runs and
   * a run for what was merged in memory. The inputs are not changed.
   */
  static Object combine(ExecContext ctx, List<Object> states, int keys) throws IOException {
    boolean anySpilled = states.stream().anyMatch(s -> s instanceof SpilledStates);
    AggState first = null;
    long groups = 0;
    for (Object s : states) {
      if (s instanceof AggState a) {
        first = first == null ? a : first;
        groups += a.groupCount();
      }
    }
    if (!anySpilled && !canSpill(first, keys)) {
      List<AggState> all = new ArrayList<>();
      states.forEach(s -> all.add((AggState) s));
      return AggStates.merge(all);
    }
    long budget = spillBytes(ctx);
    List<Run> out = new ArrayList<>();
    AggState template = null;
    try (TaskRun run = new TaskRun(ctx, "combine", Map.of())) {
      AggStates.Merger merger = null;
      for (Object s : states) {
        if (s instanceof SpilledStates spilled) {
          template = spilled.template;
          if (merger != null) {
            out.add(spill(run, merger.result(), keys));
            merger = null;
          }
          for (Run r : spilled.runs) {
            out.add(r.retain());
          }
          continue;
        }
        AggState a = (AggState) s;
        template = template == null ? a : template;
        if (merger == null) {
          merger = new AggStates.Merger(a, Math.min(groups, GroupEstimate.GROUPS_PER_BUCKET));
        }
        merger.add(a);
        if (merger.sizeBytes() > budget) {
          out.add(spill(run, merger.result(), keys));
          merger = null;
        }
      }
      if (out.isEmpty()) {
        return merger.result();
      }
      if (merger != null) {
        out.add(spill(run, merger.result(), keys));
      }
      return new SpilledStates(AggStates.empty(template), keys, out);
    } catch (IOException | RuntimeException e) {
      out.forEach(Run::release);
      throw e;
    }
  }

  private static Run spill(TaskRun run, AggState state, int keys) throws IOException {
    try (Writer w = new Writer(run, state, keys)) {
      w.add(state);
      SpilledStates one = w.finish();
      return one.runs.get(0);
    }
  }

  /**
   * The final result, one bucket merged at a time, as {@link #finish(TaskRun, AggState, int, List, int, int,
   * long)} gives it; its groups come in bucket order.
   */
  Object finish(ExecContext ctx) throws IOException {
    try (TaskRun run = new TaskRun(ctx, "spilled-finish", Map.of())) {
      List<ShuffleOutput> outputs = new ArrayList<>();
      runs.forEach(r -> outputs.add(r.output));
      return finish(run, template, keys, outputs, 0, BUCKETS, SEED);
    }
  }

  /**
   * The final result of buckets {@code [from, to)} of {@code outputs}, state batches of aggregations like
   * {@code template} grouped by the first {@code keys} columns, merged one bucket at a time; a bucket whose merge
   * passes the task's share of the heap is split again by a seed derived from {@code seed} (which must differ
   * from the seed the outputs were split with) and each part merged alone. A {@link Materialized} when that
   * gives one batch, else {@link Batches} of one per part: copying them into one would hold the result twice
   * (TPC-H q18 at SF 10, 15 million groups, did not fit a 512 MB limit that way).
   */
  static Object finish(TaskRun run, AggState template, int keys, List<ShuffleOutput> outputs, int from,
      int to, long seed) throws IOException {
    BufferAllocator allocator = run.ctx.taskAllocator("result");
    List<VectorSchemaRoot> parts = new ArrayList<>();
    try {
      for (int b = from; b < to; b++) {
        finishBucket(run, template, keys, outputs, b, seed, 0, allocator, parts);
      }
      if (parts.size() <= 1) {
        return new Materialized(allocator, parts.isEmpty() ? AggStates.toArrow(template, allocator) : parts.get(0));
      }
      Batches out = new Batches(allocator);
      parts.forEach(out::add);
      return out;
    } catch (IOException | RuntimeException e) {
      parts.forEach(VectorSchemaRoot::close);
      allocator.close();
      throw e;
    }
  }

  /**
   * Merges bucket {@code b} of {@code outputs} and adds its result to {@code parts}; when the merge passes the
   * task's share of the heap ({@link ExecContext#heapStateBudget}), the bucket is split again by the next seed (through the spill directory: the computation's memory
   * is left to the result) and each part merged alone.
   */
  private static void finishBucket(TaskRun run, AggState template, int keys, List<ShuffleOutput> outputs, int b,
      long seed, int depth, BufferAllocator allocator, List<VectorSchemaRoot> parts) throws IOException {
    long rows = 0;
    for (ShuffleOutput o : outputs) {
      rows += o.rows(b);
    }
    if (rows == 0) {
      return;
    }
    long budget = run.ctx.heapStateBudget();
    AggStates.Merger merger = new AggStates.Merger(template, Math.min(rows, budget / PRESIZE_BYTES_PER_GROUP));
    boolean[] over = new boolean[1];
    for (ShuffleOutput o : outputs) {
      o.read(b, run.allocator, batch -> {
        try (batch) {
          merger.add(batch);
        }
        over[0] = depth < MAX_DEPTH && keys > 0 && merger.sizeBytes() > budget;
        return !over[0];
      });
      if (over[0]) {
        break;
      }
    }
    if (!over[0]) {
      parts.add(AggStates.toArrow(merger.result(), allocator));
      return;
    }
    long next = seed * 31 + depth + 1;
    ShuffleOutput split;
    try (ShuffleWriter w = new ShuffleWriter(run.ctx, BUCKETS, true)) {
      StateFlusher flusher = new StateFlusher(w, keys, BUCKETS, next, run.allocator);
      for (ShuffleOutput o : outputs) {
        o.read(b, run.allocator, batch -> {
          try (batch) {
            flusher.add(batch);
          }
          return true;
        });
      }
      split = w.finish();
    }
    try (split) {
      for (int c = 0; c < BUCKETS; c++) {
        finishBucket(run, template, keys, List.of(split), c, next, depth + 1, allocator, parts);
      }
    }
  }

  /**
   * Writes the states for another cluster member: the template (Java serialization), the key count, then each
   * run's buckets, each batch a length-prefixed compressed IPC stream and each bucket ended by -1.
   */
  void write(ExecContext ctx, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = CodeCheck.output(head)) {
      objects.writeObject(template);
    }
    data.writeInt(head.size());
    head.writeTo(data);
    data.writeInt(keys);
    data.writeInt(runs.size());
    try (BufferAllocator allocator = ctx.taskAllocator("spilled-write")) {
      for (Run r : runs) {
        for (int b = 0; b < BUCKETS; b++) {
          r.output.read(b, allocator, batch -> {
            try (batch) {
              ByteArrayOutputStream stream = new ByteArrayOutputStream();
              ShuffleWriter.writeCompressed(batch, stream);
              data.writeInt(stream.size());
              stream.writeTo(data);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return true;
          });
          data.writeInt(-1);
        }
      }
    }
    data.flush();
  }

  /** Reads what {@link #write} wrote into runs of this member, in memory or in its spill directory. */
  static SpilledStates read(ExecContext ctx, InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    AggState template;
    try (ObjectInputStream objects = CodeCheck.input(new ByteArrayInputStream(data.readNBytes(data.readInt())))) {
      objects.setObjectInputFilter(ArrowCodecs.PARTITA_ONLY);
      template = (AggState) objects.readObject();
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException("spilled aggregation states do not decode: " + e, e);
    }
    int keys = data.readInt();
    int count = data.readInt();
    List<Run> runs = new ArrayList<>();
    try (BufferAllocator allocator = ctx.taskAllocator("spilled-read")) {
      for (int r = 0; r < count; r++) {
        try (ShuffleWriter w = new ShuffleWriter(ctx, BUCKETS)) {
          for (int b = 0; b < BUCKETS; b++) {
            int bucket = b;
            for (int length = data.readInt(); length >= 0; length = data.readInt()) {
              byte[] stream = data.readNBytes(length);
              Ipc.read(new ZstdInputStream(new ByteArrayInputStream(stream)), allocator, batch -> {
                try (batch) {
                  int[] to = new int[batch.getRowCount()];
                  Arrays.fill(to, bucket);
                  w.add(batch, to);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return true;
              });
            }
          }
          runs.add(new Run(w.finish()));
        }
      }
    } catch (IOException | RuntimeException e) {
      runs.forEach(Run::release);
      throw e;
    }
    return new SpilledStates(template, keys, runs);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    for (Run r : runs) {
      try {
        r.release();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
