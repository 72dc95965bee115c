package dev.partita.exec;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.agg.HashAggregator;
import dev.partita.graph.F2;
import dev.partita.graph.FN;
import dev.partita.hash.GroupTable;
import dev.partita.hash.RowHasher;
import dev.partita.io.parquet.ParquetPartition;
import dev.partita.io.sink.OutputTarget;
import dev.partita.io.sink.PartWriter;
import dev.partita.kernel.Selection;
import dev.partita.plan.SortKey;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The functions graph tasks run. Each takes the computation's context, a spec (a small serializable
 * record saying what to do), and the values of the keys the spec reads, in the order of its
 * {@code deps()}. They are constants so that equal tasks built by separate lowerings hold the same function
 * object, which graph merging requires.
 *
 * <pre>{@code
 * Task.ofN(Tasks.COLLECT, Tasks.args(ctx, new Tasks.Collect(pipe, Long.MAX_VALUE, schema), pipe.deps()));
 * }</pre>
 */
public final class Tasks {

  /** A partition's batches: {@code (ctx, Collect, deps...) -> Batches}. */
  public static final FN<Batches> COLLECT = args -> run(args, Tasks::collect);
  /** A partition's batches as one result: {@code (ctx, Collect, deps...) -> Materialized}. */
  public static final FN<Materialized> RESULT = args -> run(args, Tasks::result);
  /**
   * A partial aggregation of a partition: {@code (ctx, AggChunk, deps...) -> state}, an {@link AggState} or, past
   * the state budget, spilled states.
   */
  public static final FN<Object> AGGREGATE = args -> run(args, Tasks::aggregate);
  /** Merges partial states in argument order: {@code (ctx, key count, state...) -> state}. */
  public static final FN<Object> COMBINE = Tasks::combine;
  /**
   * The result of a merged state: {@code (ctx, state) -> Materialized}, or {@link Batches} (one per bucket) for
   * spilled states.
   */
  public static final F2<ExecContext, Object, Object> FINISH = Tasks::finish;
  /** A partition aggregated whole and finalized: {@code (ctx, AggChunk, deps...) -> Materialized or Batches}. */
  public static final FN<Object> AGGREGATE_ALL = args -> run(args, Tasks::aggregateAll);
  /** A partial aggregation whose states go to a shuffle by key hash: {@code (ctx, AggShuffle, deps...) -> ShuffleOutput}. */
  public static final FN<ShuffleOutput> AGGREGATE_SHUFFLE = args -> run(args, Tasks::aggregateShuffle);
  /** Bucket b of a shuffle of states merged and finalized: {@code (ctx, AggMerge, maps...) -> Materialized or Batches}. */
  public static final FN<Object> MERGE_BUCKET = args -> run(args, Tasks::mergeBucket);
  /** A partition's rows split by key hash: {@code (ctx, HashShuffle, deps...) -> ShuffleOutput}. */
  public static final FN<ShuffleOutput> SHUFFLE = args -> run(args, Tasks::shuffle);
  /** The rows of partitions, in order, as one batch: {@code (ctx, Concat, Batches or Materialized...) -> Materialized}. */
  public static final FN<Materialized> CONCAT = args -> run(args, Tasks::concat);
  /** A sample of a partition's sort keys: {@code (ctx, Sample, deps...) -> Batches}. */
  public static final FN<Batches> SAMPLE = args -> run(args, Tasks::sample);
  /** Range bounds from samples: {@code (ctx, Bounds, Batches...) -> Materialized}. */
  public static final FN<Materialized> BOUNDS = args -> run(args, Tasks::bounds);
  /** A partition's rows split into key ranges: {@code (ctx, RangeShuffle, deps...) -> ShuffleOutput}. */
  public static final FN<ShuffleOutput> RANGE_SHUFFLE = args -> run(args, Tasks::rangeShuffle);
  /** A partition's first n rows in key order: {@code (ctx, TopK, deps...) -> Batches}. */
  public static final FN<Batches> TOP_K = args -> run(args, Tasks::topK);
  /** The first n rows in key order of the partitions' first n: {@code (ctx, TopKMerge, Batches...) -> Materialized}. */
  public static final FN<Materialized> TOP_K_MERGE = args -> run(args, Tasks::topKMerge);
  /** The build side of a broadcast join: {@code (ctx, Build, Batches...) -> JoinTable}. */
  public static final FN<JoinTable> BUILD = args -> run(args, Tasks::build);
  /** Writes one partition as one part file of a write under way: {@code (ctx, Write, deps...) -> rows}. */
  public static final FN<Long> WRITE = args -> run(args, Tasks::write);
  /** Commits a write once every part is written: {@code (OutputTarget, rows of part 0, 1, ...) -> total rows}. */
  public static final FN<Long> COMMIT = Tasks::commit;

  private Tasks() {}

  /** What a task spec reads: the graph keys passed after it. */
  public interface Spec extends Serializable {
    List<String> deps();
  }

  /** The arguments of a task running {@code spec}: the context, the spec, then its inputs' keys. */
  public static List<Object> args(ExecContext ctx, Spec spec) {
    List<Object> args = new ArrayList<>();
    args.add(ctx);
    args.add(spec);
    args.addAll(spec.deps());
    return args;
  }

  @FunctionalInterface
  private interface Body<S, R> {
    R apply(TaskRun run, S spec) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <S extends Spec, R> R run(List<Object> args, Body<S, R> body) throws Exception {
    ExecContext ctx = (ExecContext) args.get(0);
    S spec = (S) args.get(1);
    Map<String, Object> deps = TaskRun.deps(spec.deps(), args, 2);
    try (TaskRun run = new TaskRun(ctx, spec.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), deps)) {
      return body.apply(run, spec);
    }
  }

  // ------------------------------------------------------------------ collect and concatenate

  /** A partition's batches, at most {@code limit} rows; {@code schema} is the pipe's output. */
  public record Collect(Pipe pipe, long limit, SerialSchema schema) implements Spec {
    @Override
    public List<String> deps() {
      return pipe.deps();
    }
  }

  private static Batches collect(TaskRun run, Collect spec) throws Exception {
    BufferAllocator allocator = run.ctx.taskAllocator("batches");
    Batches out = new Batches(allocator);
    try {
      long[] rows = {0};
      spec.pipe().run(run, batch -> {
        try (batch) {
          int keep = (int) Math.min(spec.limit() - rows[0], batch.getRowCount());
          out.add(Batches.slice(batch, 0, keep, allocator));
          rows[0] += keep;
        }
        return rows[0] < spec.limit();
      });
      return out;
    } catch (Exception | Error e) {
      out.close();
      throw e;
    }
  }

  private static Materialized result(TaskRun run, Collect spec) throws Exception {
    try (Batches b = collect(run, spec)) {
      return concatRoots(run.ctx, b.roots(), spec.schema().get(), spec.limit());
    }
  }

  /** The rows of {@code parts} (graph keys of Batches or Materialized), in order, at most {@code limit}. */
  public record Concat(List<String> parts, long limit, SerialSchema schema) implements Spec {
    public Concat {
      parts = List.copyOf(parts);
    }

    @Override
    public List<String> deps() {
      return parts;
    }
  }

  private static Materialized concat(TaskRun run, Concat spec) {
    List<VectorSchemaRoot> roots = new ArrayList<>();
    for (String key : spec.parts()) {
      Object v = run.dep(key);
      if (v instanceof Materialized m) {
        roots.add(m.root());
      } else {
        roots.addAll(((Batches) v).roots());
      }
    }
    return concatRoots(run.ctx, roots, spec.schema().get(), spec.limit());
  }

  /** The first {@code limit} rows of {@code roots} (not changed) as one new batch in a new result allocator. */
  static Materialized concatRoots(ExecContext ctx, List<VectorSchemaRoot> roots, Schema schema, long limit) {
    BufferAllocator allocator = ctx.taskAllocator("result");
    try {
      VectorSchemaRoot target = VectorSchemaRoot.create(roots.isEmpty() ? schema : roots.get(0).getSchema(), allocator);
      try {
        long rows = 0;
        List<VectorSchemaRoot> take = new ArrayList<>();
        for (VectorSchemaRoot r : roots) {
          if (rows >= limit) {
            break;
          }
          take.add(r);
          rows += r.getRowCount();
        }
        Batches.append(target, take);
        if (target.getRowCount() > limit) {
          VectorSchemaRoot sliced = Batches.slice(target, 0, (int) limit, allocator);
          target.close();
          target = sliced;
        }
      } catch (RuntimeException e) {
        target.close();
        throw e;
      }
      return new Materialized(allocator, target);
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------ aggregation

  /**
   * A partial aggregation of a pipe: group by {@code keys}, compute {@code calls}; {@code input} is the pipe's
   * output schema, and {@code codedKeys} the string and integer keys the scan may hand over as dictionary
   * codes.
   */
  public record AggChunk(Pipe pipe, List<String> keys, List<AggCall> calls, SerialSchema input, Set<String> codedKeys)
      implements Spec {
    public AggChunk {
      keys = List.copyOf(keys);
      calls = List.copyOf(calls);
      codedKeys = Set.copyOf(codedKeys);
    }

    @Override
    public List<String> deps() {
      return pipe.deps();
    }
  }

  /**
   * The chunk's state: an {@link AggState}, or {@link SpilledStates} when a grouped state passed the task's state
   * budget (the heap bytes of its hash table and accumulators, counted as they grow) and went to a shuffle.
   */
  private static Object aggregate(TaskRun run, AggChunk spec) throws Exception {
    try (HashAggregator h = aggregator(spec.keys(), spec.calls(), spec.input().get())) {
      long rows = rowsWithoutReading(spec);
      if (rows >= 0) {
        h.addCountedRows(rows);
        return h.finish();
      }
      int keys = spec.keys().size();
      boolean canSpill = keys > 0 && h.hasArrowState();
      long budget = SpilledStates.spillBytes(run.ctx);
      SpilledStates.Writer[] spill = new SpilledStates.Writer[1];
      try {
        spec.pipe().run(run, spec.codedKeys(), batch -> {
          try (batch) {
            feed(h, spec.keys(), spec.calls(), batch);
          }
          if (canSpill && h.sizeBytes() > budget) {
            AggState full = h.drain();
            if (spill[0] == null) {
              spill[0] = new SpilledStates.Writer(run, full, keys);
            }
            spill[0].add(full);
          }
          return true;
        });
        if (spill[0] == null) {
          return h.finish();
        }
        spill[0].add(h.finish());
        return spill[0].finish();
      } finally {
        if (spill[0] != null) {
          spill[0].close();
        }
      }
    }
  }

  private static Object aggregateAll(TaskRun run, AggChunk spec) throws Exception {
    Object state = aggregate(run, spec);
    if (state instanceof SpilledStates spilled) {
      try (spilled) {
        return spilled.finish(run.ctx);
      }
    }
    return finish(run.ctx, (AggState) state);
  }

  /**
   * The partition's row count when the chunk only counts the rows of an unfiltered Parquet scan, which the
   * footer holds; -1 otherwise. Reading the one column the optimizer keeps for a row count (db-benchmark's
   * count(*): id1, 10 M dictionary strings) was the whole cost of the query.
   */
  private static long rowsWithoutReading(AggChunk spec) {
    Pipe pipe = spec.pipe();
    if (!pipe.ops().isEmpty() || !(pipe.input() instanceof Input.FromSource src)
        || !(src.partition() instanceof ParquetPartition pp) || src.scan().pushed() != null
        || !spec.keys().isEmpty()) {
      return -1;
    }
    for (AggCall c : spec.calls()) {
      if (c.kind() != AggKind.COUNT_ALL) {
        return -1;
      }
    }
    return pp.rowCount();
  }

  public static HashAggregator aggregator(List<String> keys, List<AggCall> calls, Schema input) {
    List<Field> keyFields = new ArrayList<>();
    for (String k : keys) {
      keyFields.add(input.findField(k));
    }
    List<Field> inputs = new ArrayList<>();
    for (AggCall c : calls) {
      inputs.add(c.column() == null ? null : input.findField(c.column()));
    }
    return new HashAggregator(keyFields, calls, inputs);
  }

  static void feed(HashAggregator h, List<String> keys, List<AggCall> calls, VectorSchemaRoot batch) {
    List<FieldVector> keyVectors = new ArrayList<>();
    for (String k : keys) {
      keyVectors.add(batch.getVector(k));
    }
    List<FieldVector> inputs = new ArrayList<>();
    List<FieldVector> seconds = new ArrayList<>();
    for (AggCall c : calls) {
      inputs.add(c.column() == null ? null : batch.getVector(c.column()));
      seconds.add(c.column2() == null ? null : batch.getVector(c.column2()));
    }
    h.add(keyVectors, inputs, seconds, batch.getRowCount());
  }

  private static Object combine(List<Object> args) throws IOException {
    ExecContext ctx = (ExecContext) args.get(0);
    int keys = (Integer) args.get(1);
    return SpilledStates.combine(ctx, args.subList(2, args.size()), keys);
  }

  private static Object finish(ExecContext ctx, Object state) throws IOException {
    if (state instanceof SpilledStates spilled) {
      return spilled.finish(ctx);
    }
    return finish(ctx, (AggState) state);
  }

  private static Materialized finish(ExecContext ctx, AggState state) {
    BufferAllocator allocator = ctx.taskAllocator("result");
    try {
      return new Materialized(allocator, AggStates.toArrow(state, allocator));
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  /**
   * A partial aggregation whose states are split by key hash into {@code buckets} (with {@code seed}); its table
   * is sized for {@code expectedGroups} (0: unknown) within the flush budget.
   */
  public record AggShuffle(AggChunk chunk, int buckets, long seed, long expectedGroups) implements Spec {
    @Override
    public List<String> deps() {
      return chunk.deps();
    }
  }

  /**
   * Aggregates the partition, flushing its state to the shuffle whenever it passes the task's shuffle buffer
   * (and at the end): the state goes out already split by key hash. A flush holds the state, its Arrow form
   * and that split by bucket at once, so the state is kept to the buffer's size rather than the whole state
   * budget: under a 64 MB limit on 4 threads, 16 MB states flushed this way ran out of Arrow memory.
   */
  private static ShuffleOutput aggregateShuffle(TaskRun run, AggShuffle spec) throws Exception {
    AggChunk chunk = spec.chunk();
    long budget = SpilledStates.spillBytes(run.ctx);
    try (HashAggregator h = aggregator(chunk.keys(), chunk.calls(), chunk.input().get());
        ShuffleWriter w = new ShuffleWriter(run.ctx, spec.buckets())) {
      StateFlusher flusher = new StateFlusher(w, chunk.keys().size(), spec.buckets(), spec.seed(), run.allocator);
      h.reserve((int) Math.min(spec.expectedGroups(),
          budget / (SpilledStates.PRESIZE_BYTES_PER_GROUP + h.accumulatorBytesPerGroup())));
      chunk.pipe().run(run, chunk.codedKeys(), batch -> {
        try (batch) {
          feed(h, chunk.keys(), chunk.calls(), batch);
        }
        if (h.sizeBytes() > budget) {
          flusher.flush(h.drain());
        }
        return true;
      });
      flusher.flush(h.finish());
      return w.finish();
    }
  }

  /** Bucket {@code bucket} of the aggregation states the map tasks {@code maps} wrote, merged and finalized. */
  public record AggMerge(List<String> maps, int bucket, List<String> keys, List<AggCall> calls, SerialSchema input)
      implements Spec {
    public AggMerge {
      maps = List.copyOf(maps);
    }

    @Override
    public List<String> deps() {
      return maps;
    }
  }

  /**
   * Merges and finalizes one bucket of the states the map tasks wrote; a bucket with more groups than the
   * sample predicted is split again rather than held whole ({@link SpilledStates#finish}).
   */
  private static Object mergeBucket(TaskRun run, AggMerge spec) throws Exception {
    AggState template;
    try (HashAggregator h = aggregator(spec.keys(), spec.calls(), spec.input().get())) {
      template = h.finish();
    }
    List<ShuffleOutput> outputs = new ArrayList<>();
    for (String map : spec.maps()) {
      outputs.add((ShuffleOutput) run.dep(map));
    }
    return SpilledStates.finish(run, template, spec.keys().size(), outputs, spec.bucket(), spec.bucket() + 1,
        SpilledStates.SEED);
  }

  // ------------------------------------------------------------------ shuffle and join

  /** A pipe's rows split by the hash of {@code keys} (with {@code seed}) into {@code buckets}. */
  public record HashShuffle(Pipe pipe, List<String> keys, int buckets, long seed) implements Spec {
    public HashShuffle {
      keys = List.copyOf(keys);
    }

    @Override
    public List<String> deps() {
      return pipe.deps();
    }
  }

  private static ShuffleOutput shuffle(TaskRun run, HashShuffle spec) throws Exception {
    try (ShuffleWriter w = new ShuffleWriter(run.ctx, spec.buckets())) {
      RowHasher[] hasher = {null};
      spec.pipe().run(run, batch -> {
        try (batch) {
          List<FieldVector> keys = new ArrayList<>();
          for (String k : spec.keys()) {
            keys.add(batch.getVector(k));
          }
          if (hasher[0] == null) {
            hasher[0] = Partitioners.hasher(keys);
          }
          w.add(batch, Partitioners.hashBuckets(batch, keys, spec.buckets(), spec.seed(), hasher[0]));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return true;
      });
      return w.finish();
    }
  }

  /** A broadcast join's build side: the collected {@code parts}, keyed by {@code keys}. */
  public record Build(List<String> parts, List<String> keys, SerialSchema schema) implements Spec {
    public Build {
      parts = List.copyOf(parts);
      keys = List.copyOf(keys);
    }

    @Override
    public List<String> deps() {
      return parts;
    }
  }

  private static JoinTable build(TaskRun run, Build spec) {
    BufferAllocator memory = run.ctx.taskAllocator("join-table");
    List<VectorSchemaRoot> copies = new ArrayList<>();
    try {
      for (String key : spec.parts()) {
        for (VectorSchemaRoot r : ((Batches) run.dep(key)).roots()) {
          copies.add(Batches.slice(r, 0, r.getRowCount(), memory));
        }
      }
    } catch (RuntimeException e) {
      copies.forEach(VectorSchemaRoot::close);
      memory.close();
      throw e;
    }
    return JoinTable.build(copies, spec.schema().get(), spec.keys(), memory);
  }

  // ------------------------------------------------------------------ sort

  /**
   * About {@code size} rows of a partition's sort keys ({@code keys}: the pipe's output projected to them),
   * every step-th row, the step doubling whenever the sample passes twice its size: deterministic, so a
   * sort's ranges do not depend on the thread count.
   */
  public record Sample(Pipe pipe, List<String> keys, int size) implements Spec {
    public Sample {
      keys = List.copyOf(keys);
    }

    @Override
    public List<String> deps() {
      return pipe.deps();
    }
  }

  private static Batches sample(TaskRun run, Sample spec) throws Exception {
    BufferAllocator allocator = run.ctx.taskAllocator("sample");
    Batches out = new Batches(allocator);
    try {
      long[] seen = {0};
      long[] step = {1};
      List<VectorSchemaRoot> kept = new ArrayList<>();
      long[] keptRows = {0};
      spec.pipe().run(run, batch -> {
        try (batch) {
          int n = batch.getRowCount();
          int[] picks = new int[n];
          int k = 0;
          for (int i = 0; i < n; i++, seen[0]++) {
            if (seen[0] % step[0] == 0) {
              picks[k++] = i;
            }
          }
          if (k > 0) {
            List<FieldVector> cols = new ArrayList<>();
            for (String key : spec.keys()) {
              cols.add(Selection.take(batch.getVector(key), Arrays.copyOf(picks, k), allocator));
            }
            VectorSchemaRoot r = new VectorSchemaRoot(cols);
            r.setRowCount(k);
            kept.add(r);
            keptRows[0] += k;
          }
          while (keptRows[0] > 2L * spec.size()) {
            halve(kept, allocator);
            keptRows[0] = kept.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
            step[0] *= 2;
          }
        }
        return true;
      });
      kept.forEach(out::add);
      return out;
    } catch (Exception | Error e) {
      out.close();
      throw e;
    }
  }

  /** Keeps every other row of the sample (rows 0, 2, 4... of the whole), closing the old batches. */
  private static void halve(List<VectorSchemaRoot> kept, BufferAllocator allocator) {
    List<VectorSchemaRoot> halved = new ArrayList<>();
    long index = 0;
    for (VectorSchemaRoot r : kept) {
      int n = r.getRowCount();
      int[] picks = new int[n];
      int k = 0;
      for (int i = 0; i < n; i++, index++) {
        if (index % 2 == 0) {
          picks[k++] = i;
        }
      }
      try (r) {
        halved.add(Selection.take(r, Arrays.copyOf(picks, k), allocator));
      }
    }
    kept.clear();
    kept.addAll(halved);
  }

  /** {@code ranges - 1} bounds: the samples sorted by {@code keys}, cut into equal shares. */
  public record Bounds(List<String> samples, List<SortKey> keys, int ranges, SerialSchema keySchema) implements Spec {
    public Bounds {
      samples = List.copyOf(samples);
      keys = List.copyOf(keys);
    }

    @Override
    public List<String> deps() {
      return samples;
    }
  }

  private static Materialized bounds(TaskRun run, Bounds spec) {
    return takeSorted(run, spec.samples(), spec.keySchema(), spec.keys(), order -> {
      int[] picks = new int[Math.max(0, Math.min(spec.ranges() - 1, order.length))];
      for (int b = 0; b < picks.length; b++) {
        picks[b] = order[(int) ((long) (b + 1) * order.length / spec.ranges())];
      }
      return picks;
    });
  }

  /** The rows of the dependencies' batches, sorted by {@code keys}, at the positions {@code pick} chooses. */
  private static Materialized takeSorted(TaskRun run, List<String> deps, SerialSchema schema, List<SortKey> keys,
      UnaryOperator<int[]> pick) {
    List<VectorSchemaRoot> roots = new ArrayList<>();
    for (String key : deps) {
      roots.addAll(((Batches) run.dep(key)).roots());
    }
    try (Materialized all = concatRoots(run.ctx, roots, schema.get(), Long.MAX_VALUE)) {
      int[] picks = pick.apply(Sorting.order(all.root(), keys));
      BufferAllocator allocator = run.ctx.taskAllocator("result");
      try {
        return new Materialized(allocator, Selection.take(all.root(), picks, allocator));
      } catch (RuntimeException e) {
        allocator.close();
        throw e;
      }
    }
  }

  /**
   * A partition's rows split into {@code ranges} by the bounds computed under {@code bounds}: a row goes to
   * the first range whose upper bound it does not pass (rows equal to a bound go below it), so every row of
   * one key is in one range.
   */
  public record RangeShuffle(Pipe pipe, List<SortKey> keys, String bounds, int ranges) implements Spec {
    public RangeShuffle {
      keys = List.copyOf(keys);
    }

    @Override
    public List<String> deps() {
      List<String> d = new ArrayList<>(pipe.deps());
      if (!d.contains(bounds)) {
        d.add(bounds);
      }
      return d;
    }
  }

  private static ShuffleOutput rangeShuffle(TaskRun run, RangeShuffle spec) throws Exception {
    VectorSchemaRoot bounds = ((Materialized) run.dep(spec.bounds())).root();
    int count = bounds.getRowCount();
    try (ShuffleWriter w = new ShuffleWriter(run.ctx, spec.ranges())) {
      spec.pipe().run(run, batch -> {
        try (batch) {
          Sorting.RowOrder order = Sorting.comparator(spec.keys(), batch, bounds);
          int n = batch.getRowCount();
          int[] buckets = new int[n];
          for (int i = 0; i < n; i++) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
              int mid = (lo + hi) >>> 1;
              if (order.compare(i, mid) <= 0) {
                hi = mid;
              } else {
                lo = mid + 1;
              }
            }
            buckets[i] = lo;
          }
          w.add(batch, buckets);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return true;
      });
      return w.finish();
    }
  }

  /** A partition's first {@code n} rows in the order of {@code keys}. */
  public record TopK(Pipe pipe, List<SortKey> keys, long n, SerialSchema schema) implements Spec {
    public TopK {
      keys = List.copyOf(keys);
    }

    @Override
    public List<String> deps() {
      return pipe.deps();
    }
  }

  /**
   * The first n rows seen so far are kept sorted; each new batch is appended to them, the whole sorted and
   * cut back to n. The kept rows come before the batch, so a stable sort keeps the earlier of equal rows.
   */
  private static Batches topK(TaskRun run, TopK spec) throws Exception {
    BufferAllocator allocator = run.ctx.taskAllocator("top");
    Batches out = new Batches(allocator);
    VectorSchemaRoot[] top = {null};
    try {
      spec.pipe().run(run, in -> {
        if (spec.n() == 0) {
          in.close();
          return false;
        }
        VectorSchemaRoot batch = in;
        if (top[0] != null && top[0].getRowCount() == spec.n()) {
          // Only rows before the current n-th can enter: most batches of a large input have none.
          Sorting.RowOrder order = Sorting.comparator(spec.keys(), in, top[0]);
          int last = top[0].getRowCount() - 1;
          int[] better = new int[in.getRowCount()];
          int k = 0;
          for (int i = 0; i < better.length; i++) {
            if (order.compare(i, last) < 0) {
              better[k++] = i;
            }
          }
          try (in) {
            batch = Selection.take(in, Arrays.copyOf(better, k), run.allocator);
          }
          if (k == 0) {
            batch.close();
            return true;
          }
        }
        List<VectorSchemaRoot> both = new ArrayList<>(2);
        if (top[0] != null) {
          both.add(top[0]);
        }
        both.add(batch);
        try (Materialized all = concatRoots(run.ctx, both, batch.getSchema(), Long.MAX_VALUE)) {
          int[] order = Sorting.order(all.root(), spec.keys());
          VectorSchemaRoot next = Selection.take(all.root(), Arrays.copyOf(order, (int) Math.min(order.length,
              spec.n())), allocator);
          if (top[0] != null) {
            top[0].close();
          }
          top[0] = next;
        } finally {
          batch.close();
        }
        return true;
      });
      if (top[0] != null) {
        out.add(top[0]);
        top[0] = null;
      }
      return out;
    } catch (Exception | Error e) {
      if (top[0] != null) {
        top[0].close();
      }
      out.close();
      throw e;
    }
  }

  /** The first {@code n} rows in the order of {@code keys} of the partitions' {@link TopK}s, in partition order. */
  public record TopKMerge(List<String> parts, List<SortKey> keys, long n, SerialSchema schema) implements Spec {
    public TopKMerge {
      parts = List.copyOf(parts);
      keys = List.copyOf(keys);
    }

    @Override
    public List<String> deps() {
      return parts;
    }
  }

  private static Materialized topKMerge(TaskRun run, TopKMerge spec) {
    return takeSorted(run, spec.parts(), spec.schema(), spec.keys(),
        order -> Arrays.copyOf(order, (int) Math.min(order.length, spec.n())));
  }

  // ------------------------------------------------------------------ writes

  /** Writes partition {@code part} of a frame: its pipe, as part {@code part} of the write {@code target}. */
  public record Write(Pipe pipe, OutputTarget target, int part, SerialSchema schema) implements Spec {
    @Override
    public List<String> deps() {
      return pipe.deps();
    }
  }

  private static long write(TaskRun run, Write spec) throws Exception {
    PartWriter[] writer = new PartWriter[1];
    long[] rows = new long[1];
    try {
      spec.pipe().run(run, batch -> {
        try (batch) {
          if (writer[0] == null) {
            writer[0] = spec.target().part(spec.part(), batch.getSchema());
          }
          writer[0].write(batch);
          rows[0] += batch.getRowCount();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return true;
      });
      if (writer[0] == null) {
        writer[0] = spec.target().part(spec.part(), spec.schema().get());
      }
      writer[0].commit();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      if (writer[0] != null) {
        writer[0].close();
      }
    }
    return rows[0];
  }

  private static long commit(List<Object> args) throws IOException {
    List<Long> rows = new ArrayList<>();
    for (Object r : args.subList(1, args.size())) {
      rows.add((Long) r);
    }
    return ((OutputTarget) args.get(0)).commit(rows);
  }

  /** Which bucket each row of a batch goes to. */
  static final class Partitioners {
    private Partitioners() {}

    static RowHasher hasher(List<FieldVector> keys) {
      List<Field> fields = new ArrayList<>();
      for (FieldVector k : keys) {
        fields.add(k.getField());
      }
      return new RowHasher(fields);
    }

    static int[] hashBuckets(VectorSchemaRoot batch, List<FieldVector> keys, int buckets, long seed, RowHasher hasher) {
      int n = batch.getRowCount();
      long[] hashes = new long[n];
      hasher.hash(keys, n, seed, hashes);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = GroupTable.bucket(hashes[i], buckets);
      }
      return out;
    }
  }
}
