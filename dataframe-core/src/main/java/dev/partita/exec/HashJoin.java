package dev.partita.exec;

import dev.partita.expr.Evaluator;
import dev.partita.hash.GroupTable;
import dev.partita.hash.RowHasher;
import dev.partita.kernel.Selection;
import dev.partita.plan.JoinType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A hash join inside one task: the build side is read into a {@link JoinTable}, then the probe side streams
 * through a {@link Prober}, and (for a right or full join, or a semi or anti join keeping the build side)
 * the build rows are emitted by their match flags at the end.
 *
 * <p>When the build side does not fit the task's state budget, both sides are split again by a hash with a
 * new seed into {@link #FANOUT} parts written to disk, and the parts are joined one by one (a grace hash
 * join, recursively). A part that does not shrink holds one key too large for memory: its build rows are
 * taken in chunks that fit, each chunk joined with all of the probe side, probe rows' matches remembered
 * across chunks so that outer, semi and anti joins stay exact.
 *
 * <pre>{@code
 * new HashJoin(spec, run).join(buildPipe, probePipe, sink);
 * }</pre>
 */
final class HashJoin {

  /** Parts a bucket too large for memory is split into. */
  static final int FANOUT = 16;
  /** Splits deep: past this a part is joined in chunks (four levels of 16 divide by 65,536). */
  private static final int MAX_DEPTH = 4;
  /** Rows per output batch. */
  private static final int OUT_ROWS = 1 << 16;

  private final JoinSpec spec;
  private final TaskRun run;
  private final long budget;

  HashJoin(JoinSpec spec, TaskRun run) {
    this.spec = spec;
    this.run = run;
    // Building copies the side's batches into one: the side may take half the task's budget.
    this.budget = run.ctx.stateBudget() / 2;
  }

  /** A re-readable stream of batches: each call hands every batch to the sink (until it wants no more). */
  @FunctionalInterface
  interface Stream {
    boolean run(Sink sink) throws Exception;
  }

  /** Joins the partitions {@code build} and {@code probe} of one bucket into {@code sink}. */
  void join(Pipe build, Pipe probe, Sink sink) throws Exception {
    join(s -> {
      build.run(run, s);
      return true;
    }, s -> {
      probe.run(run, s);
      return true;
    }, 0, sink);
  }

  private boolean join(Stream build, Stream probe, int depth, Sink sink) throws Exception {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    long[] bytes = {0};
    BufferAllocator buildMemory = run.allocator.newChildAllocator("join-build", 0, Long.MAX_VALUE);
    boolean fits;
    try {
      build.run(batch -> {
        batches.add(batch);
        bytes[0] += size(batch);
        return bytes[0] <= budget;
      });
      fits = bytes[0] <= budget;
    } catch (Exception | Error e) {
      batches.forEach(VectorSchemaRoot::close);
      buildMemory.close();
      throw e;
    }
    if (!fits) {
      batches.forEach(VectorSchemaRoot::close);
      buildMemory.close();
      return depth >= MAX_DEPTH ? chunked(build, probe, sink) : grace(build, probe, depth, sink);
    }
    List<VectorSchemaRoot> moved = new ArrayList<>();
    try {
      for (VectorSchemaRoot b : batches) {
        moved.add(Batches.slice(b, 0, b.getRowCount(), buildMemory));
      }
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
    Schema schema = moved.isEmpty() ? spec.inputSchema(spec.buildLeft()) : moved.get(0).getSchema();
    try (JoinTable table = JoinTable.build(moved, schema, spec.buildKeys(), buildMemory)) {
      Prober prober = new Prober(table, spec, run.allocator, sink, null);
      if (!probe.run(prober::probe)) {
        return false;
      }
      return prober.emitBuildRows();
    }
  }

  /** Splits both sides into {@link #FANOUT} parts on disk by a hash with a new seed, and joins part by part. */
  private boolean grace(Stream build, Stream probe, int depth, Sink sink) throws Exception {
    long seed = 0x5851F42D4C957F2DL * (depth + 1);
    try (ShuffleOutput b = split(build, spec.buildKeys(), seed); ShuffleOutput p = split(probe, spec.probeKeys(), seed)) {
      long total = 0;
      long largest = 0;
      for (int j = 0; j < FANOUT; j++) {
        total += b.bytes(j);
        largest = Math.max(largest, b.bytes(j));
      }
      boolean hotKey = largest > total * 9 / 10;
      for (int j = 0; j < FANOUT; j++) {
        int part = j;
        Stream bj = s -> b.read(part, run.allocator, s);
        Stream pj = s -> p.read(part, run.allocator, s);
        boolean more = hotKey && b.bytes(j) == largest ? chunked(bj, pj, sink) : join(bj, pj, depth + 1, sink);
        if (!more) {
          return false;
        }
      }
      return true;
    }
  }

  private ShuffleOutput split(Stream side, List<String> keys, long seed) throws Exception {
    try (ShuffleWriter w = new ShuffleWriter(run.ctx, FANOUT, true)) {
      RowHasher[] hasher = {null};
      long[][] hashes = {new long[0]};
      side.run(batch -> {
        try (batch) {
          int n = batch.getRowCount();
          List<FieldVector> keyVectors = new ArrayList<>();
          List<Field> keyFields = new ArrayList<>();
          for (String k : keys) {
            keyVectors.add(batch.getVector(k));
            keyFields.add(batch.getVector(k).getField());
          }
          if (hasher[0] == null) {
            hasher[0] = new RowHasher(keyFields);
          }
          if (hashes[0].length < n) {
            hashes[0] = new long[n];
          }
          hasher[0].hash(keyVectors, n, seed, hashes[0]);
          int[] buckets = new int[n];
          for (int i = 0; i < n; i++) {
            buckets[i] = GroupTable.bucket(hashes[0][i], FANOUT);
          }
          w.add(batch, buckets);
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return w.finish();
    }
  }

  /**
   * Joins a build side too large for memory in chunks that fit, each with all of the probe side. Probe rows'
   * matches are remembered by their position in the probe stream, so that after the last chunk one more pass
   * outputs the probe rows an outer or anti join keeps.
   */
  private boolean chunked(Stream build, Stream probe, Sink sink) throws Exception {
    BitSet probeMatched = new BitSet();
    List<VectorSchemaRoot> chunk = new ArrayList<>();
    long[] bytes = {0};
    boolean[] more = {true};
    try {
      build.run(batch -> {
        chunk.add(batch);
        bytes[0] += size(batch);
        if (bytes[0] > budget / 2) {
          more[0] = joinChunk(chunk, probe, probeMatched, sink);
          bytes[0] = 0;
        }
        return more[0];
      });
      if (more[0] && !chunk.isEmpty()) {
        more[0] = joinChunk(chunk, probe, probeMatched, sink);
      }
    } finally {
      chunk.forEach(VectorSchemaRoot::close);
    }
    if (!more[0] || !(spec.probeOuter() || spec.probeFilter())) {
      return more[0];
    }
    Prober last = new Prober(null, spec, run.allocator, sink, probeMatched);
    return probe.run(last::emitUnmatched);
  }

  /** One chunk of {@link #chunked}: builds it (taking its batches), probes with every probe row. */
  private boolean joinChunk(List<VectorSchemaRoot> chunk, Stream probe, BitSet probeMatched, Sink sink) {
    BufferAllocator memory = run.allocator.newChildAllocator("join-chunk", 0, Long.MAX_VALUE);
    List<VectorSchemaRoot> moved = new ArrayList<>();
    try {
      for (VectorSchemaRoot b : chunk) {
        moved.add(Batches.slice(b, 0, b.getRowCount(), memory));
      }
    } finally {
      chunk.forEach(VectorSchemaRoot::close);
      chunk.clear();
    }
    try (JoinTable table = JoinTable.build(moved, moved.get(0).getSchema(), spec.buildKeys(), memory)) {
      Prober prober = new Prober(table, spec, run.allocator, sink, probeMatched);
      if (!probe.run(prober::probe)) {
        return false;
      }
      return prober.emitBuildRows();
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  static long size(VectorSchemaRoot batch) {
    long n = 0;
    for (FieldVector v : batch.getFieldVectors()) {
      n += v.getBufferSize();
    }
    return n;
  }

  /**
   * Probes batches against one {@link JoinTable} and writes the joined rows to a sink, in probe-row order
   * (then build-row order within a key). With {@code deferred} match flags (a join in chunks), probe rows
   * that an outer or anti join keeps are not output here but by {@link #emitUnmatched} after the last chunk,
   * and a semi join outputs a probe row only at its first match in any chunk.
   */
  static final class Prober {
    private final JoinTable table;
    private final JoinSpec spec;
    private final BufferAllocator allocator;
    private final Sink sink;
    private final GroupTable.Prober lookup;
    private final BitSet deferred;
    private final boolean[] buildMatched;
    private long ordinal;
    private int[] ids = new int[0];
    private int[] probeRows = new int[OUT_ROWS];
    private int[] buildRows = new int[OUT_ROWS];
    private int pairs;
    private boolean more = true;

    Prober(JoinTable table, JoinSpec spec, BufferAllocator allocator, Sink sink, BitSet deferred) {
      this.table = table;
      this.spec = spec;
      this.allocator = allocator;
      this.sink = sink;
      this.deferred = deferred;
      this.lookup = table == null ? null : table.table.prober();
      this.buildMatched = table != null && spec.tracksBuild() ? new boolean[table.rowCount()] : null;
    }

    /** Joins one probe batch (taken); returns whether the sink wants more. */
    boolean probe(VectorSchemaRoot batch) {
      try (batch) {
        int n = batch.getRowCount();
        if (ids.length < n) {
          ids = new int[n];
        }
        List<FieldVector> keys = new ArrayList<>();
        for (String k : spec.probeKeys()) {
          keys.add(batch.getVector(k));
        }
        lookup.find(keys, n, ids);
        boolean[] hit = new boolean[n];
        boolean emitPairs = spec.type().outputsRight();
        boolean inlineOuter = spec.probeOuter() && deferred == null && spec.residual() == null;
        for (int i = 0; i < n && more; i++) {
          int g = ids[i];
          if (g < 0) {
            if (inlineOuter) {
              add(batch, i, -1);
            }
            continue;
          }
          if (spec.residual() == null && !spec.tracksBuild() && !emitPairs) {
            hit[i] = true;
            continue;
          }
          for (int k = table.start[g]; k < table.start[g + 1] && more; k++) {
            if (spec.residual() == null) {
              hit[i] = true;
              if (buildMatched != null) {
                buildMatched[table.order[k]] = true;
              }
              if (emitPairs) {
                add(batch, i, table.order[k]);
              }
            } else {
              candidate(batch, i, table.order[k], hit);
            }
          }
        }
        if (more && spec.residual() != null) {
          flushCandidates(batch, hit);
        }
        if (more) {
          flush(batch);
        }
        if (more) {
          finishBatch(batch, hit);
        }
        ordinal += n;
        return more;
      }
    }

    /** After a batch: probe rows kept by an outer, semi or anti join (or their flags, when deferred). */
    private void finishBatch(VectorSchemaRoot batch, boolean[] hit) {
      int n = batch.getRowCount();
      if (deferred != null) {
        List<Integer> firstHits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (hit[i] && !deferred.get((int) (ordinal + i))) {
            deferred.set((int) (ordinal + i));
            firstHits.add(i);
          }
        }
        if (spec.probeFilter() && spec.type() == JoinType.SEMI) {
          emitProbeOnly(batch, firstHits.stream().mapToInt(Integer::intValue).toArray());
        }
        return;
      }
      if (spec.probeFilter()) {
        boolean semi = spec.type() == JoinType.SEMI;
        int[] rows = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
          if (hit[i] == semi) {
            rows[k++] = i;
          }
        }
        emitProbeOnly(batch, Arrays.copyOf(rows, k));
      } else if (spec.probeOuter() && spec.residual() != null) {
        for (int i = 0; i < n && more; i++) {
          if (!hit[i]) {
            add(batch, i, -1);
          }
        }
        if (more) {
          flush(batch);
        }
      }
    }

    /** The last pass of a chunked join: probe rows never matched (outer: with nulls; anti: as they are). */
    boolean emitUnmatched(VectorSchemaRoot batch) {
      try (batch) {
        int n = batch.getRowCount();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (!deferred.get((int) (ordinal + i))) {
            rows.add(i);
          }
        }
        ordinal += n;
        int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
        if (spec.probeFilter()) {
          if (spec.type() == JoinType.ANTI) {
            emitProbeOnly(batch, r);
          }
          return more;
        }
        for (int i : r) {
          if (!more) {
            break;
          }
          add(batch, i, -1);
        }
        if (more) {
          flush(batch);
        }
        return more;
      }
    }

    /** Once every probe row is seen: build rows kept by a right/full join, or a semi/anti join of the build side. */
    boolean emitBuildRows() {
      if (buildMatched == null || !more) {
        return more;
      }
      boolean keepMatched = spec.buildFilter() && spec.type() == JoinType.SEMI;
      int n = buildMatched.length;
      int[] rows = new int[OUT_ROWS];
      int k = 0;
      for (int r = 0; r < n && more; r++) {
        if (buildMatched[r] == keepMatched) {
          rows[k++] = r;
          if (k == OUT_ROWS) {
            emitBuild(rows, k);
            k = 0;
          }
        }
      }
      if (k > 0 && more) {
        emitBuild(rows, k);
      }
      return more;
    }

    private void emitBuild(int[] rows, int k) {
      List<FieldVector> out = new ArrayList<>();
      try {
        if (spec.buildFilter()) {
          for (String c : spec.leftColumns()) {
            out.add(Selection.take(table.rows.getVector(c), rows, k, allocator));
          }
        } else {
          int[] none = new int[k];
          Arrays.fill(none, -1);
          gatherPair(null, none, rows, k, out);
        }
      } catch (RuntimeException e) {
        out.forEach(FieldVector::close);
        throw e;
      }
      emit(out, k);
    }

    private void add(VectorSchemaRoot batch, int probeRow, int buildRow) {
      probeRows[pairs] = probeRow;
      buildRows[pairs] = buildRow;
      if (++pairs == OUT_ROWS) {
        flush(batch);
      }
    }

    /** Outputs the pairs gathered so far. */
    private void flush(VectorSchemaRoot batch) {
      if (pairs == 0) {
        return;
      }
      List<FieldVector> out = new ArrayList<>();
      try {
        gatherPair(batch, probeRows, buildRows, pairs, out);
      } catch (RuntimeException e) {
        out.forEach(FieldVector::close);
        throw e;
      }
      int n = pairs;
      pairs = 0;
      emit(out, n);
    }

    // Candidate pairs of a join with a residual condition, tested a batch of pairs at a time.
    private int[] candProbe = new int[OUT_ROWS];
    private int[] candBuild = new int[OUT_ROWS];
    private int candidates;

    private void candidate(VectorSchemaRoot batch, int probeRow, int buildRow, boolean[] hit) {
      candProbe[candidates] = probeRow;
      candBuild[candidates] = buildRow;
      if (++candidates == OUT_ROWS) {
        flushCandidates(batch, hit);
      }
    }

    /** Evaluates the residual over the candidate pairs; the survivors count as matches. */
    private void flushCandidates(VectorSchemaRoot batch, boolean[] hit) {
      if (candidates == 0) {
        return;
      }
      int n = candidates;
      candidates = 0;
      List<FieldVector> cols = new ArrayList<>();
      int[] keep;
      try {
        gatherPair(batch, candProbe, candBuild, n, cols);
        VectorSchemaRoot pairBatch = root(cols, n);
        try (pairBatch; BitVector mask = Evaluator.mask(spec.residual(), pairBatch, allocator)) {
          keep = Selection.of(mask);
          if (spec.type().outputsRight() && keep.length > 0) {
            VectorSchemaRoot kept = Selection.take(pairBatch, keep, allocator);
            more = sink.accept(kept);
          }
        }
      } catch (RuntimeException e) {
        cols.forEach(FieldVector::close);
        throw e;
      }
      for (int i : keep) {
        hit[candProbe[i]] = true;
        if (buildMatched != null) {
          buildMatched[candBuild[i]] = true;
        }
      }
    }

    /** Pair columns for rows {@code i < n}: left's, then right's (renamed); a row number -1 gives nulls. */
    private void gatherPair(VectorSchemaRoot probe, int[] probeRows, int[] buildRows, int n, List<FieldVector> out) {
      boolean buildLeft = spec.buildLeft();
      VectorSchemaRoot build = table == null ? null : table.rows;
      for (String c : spec.leftColumns()) {
        out.add(buildLeft ? column(build, c, buildRows, n, true) : column(probe, c, probeRows, n, true));
      }
      for (int j = 0; j < spec.rightColumns().size(); j++) {
        String c = spec.rightColumns().get(j);
        FieldVector v = buildLeft ? column(probe, c, probeRows, n, false) : column(build, c, buildRows, n, false);
        out.add(Batches.renamed(v, spec.rightNames().get(j), allocator));
      }
    }

    /**
     * Rows {@code rows[0, n)} of column {@code c} of {@code side}, or all nulls of its type when there is no such
     * batch (build rows output alone, or probe rows after the last chunk).
     */
    private FieldVector column(VectorSchemaRoot side, String c, int[] rows, int n, boolean left) {
      if (side != null) {
        return Selection.take(side.getVector(c), rows, n, allocator);
      }
      Field f = spec.inputSchema(left).findField(c);
      FieldVector v = f.createVector(allocator);
      v.setInitialCapacity(n);
      v.allocateNew();
      v.setValueCount(n);
      return v;
    }

    private void emitProbeOnly(VectorSchemaRoot batch, int[] rows) {
      if (rows.length == 0 || !more) {
        return;
      }
      List<FieldVector> out = new ArrayList<>();
      try {
        for (String c : spec.leftColumns()) {
          out.add(Selection.take(batch.getVector(c), rows, allocator));
        }
      } catch (RuntimeException e) {
        out.forEach(FieldVector::close);
        throw e;
      }
      emit(out, rows.length);
    }

    private void emit(List<FieldVector> columns, int n) {
      more = sink.accept(root(columns, n));
    }

    private static VectorSchemaRoot root(List<FieldVector> columns, int n) {
      VectorSchemaRoot r = new VectorSchemaRoot(columns);
      r.setRowCount(n);
      return r;
    }
  }
}
