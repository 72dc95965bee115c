package dev.partita.exec;

import dev.partita.kernel.Choose;
import dev.partita.kernel.Selection;
import dev.partita.plan.SortKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sorts the rows it is given, stably, in bounded memory: rows are held until they pass the task's share of
 * the budget, then sorted and written to disk as a run (ZSTD Arrow IPC, as the shuffle writes); at the end
 * the runs are merged k-way (ties go to the earlier run, so the order of equal keys is the input's), or,
 * when everything fit, the held rows are sorted in memory and handed on.
 *
 * <pre>{@code
 * Sorter s = new Sorter(keys, run);
 * pipe.run(run, batch -> { s.add(batch); return true; });
 * s.finish(sink);
 * }</pre>
 */
final class Sorter implements AutoCloseable {

  /** Rows per output batch of a merge. */
  private static final int OUT_ROWS = 1 << 15;

  private final List<SortKey> keys;
  private final TaskRun run;
  private final long budget;
  private final List<VectorSchemaRoot> held = new ArrayList<>();
  private final List<ShuffleOutput> runs = new ArrayList<>();
  private long heldBytes;

  Sorter(List<SortKey> keys, TaskRun run) {
    this.keys = keys;
    this.run = run;
    // Sorting copies the held rows twice (into one batch, then in order): a third of the budget each.
    this.budget = Math.max(1 << 20, run.ctx.stateBudget() / 3);
  }

  /** Takes {@code batch}. */
  void add(VectorSchemaRoot batch) {
    held.add(batch);
    heldBytes += HashJoin.size(batch);
    if (heldBytes > budget) {
      spill();
    }
  }

  /** Hands the sorted rows to {@code sink} until it wants no more; returns whether it still does. */
  boolean finish(Sink sink) throws IOException {
    if (runs.isEmpty()) {
      if (held.isEmpty()) {
        return true;
      }
      try (VectorSchemaRoot sorted = sortHeld()) {
        return Batches.views(sorted, run.allocator, sink);
      }
    }
    if (!held.isEmpty()) {
      spill();
    }
    return merge(sink);
  }

  /** The held rows sorted into one batch (the held batches are closed). */
  private VectorSchemaRoot sortHeld() {
    try (Materialized all = Tasks.concatRoots(run.ctx, held, held.get(0).getSchema(), Long.MAX_VALUE)) {
      held.forEach(VectorSchemaRoot::close);
      held.clear();
      heldBytes = 0;
      return Selection.take(all.root(), Sorting.order(all.root(), keys), run.allocator);
    }
  }

  private void spill() {
    try (ShuffleWriter w = new ShuffleWriter(run.ctx, 1, true)) {
      try (VectorSchemaRoot sorted = sortHeld()) {
        int n = sorted.getRowCount();
        for (int from = 0; from < n; from += Batches.VIEW_ROWS) {
          w.add(0, Batches.slice(sorted, from, Math.min(Batches.VIEW_ROWS, n - from), run.allocator));
        }
      }
      runs.add(w.finish());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges the runs: a heap of cursors, the smallest current row first (the earlier run on ties). */
  private boolean merge(Sink sink) throws IOException {
    int k = runs.size();
    ShuffleOutput.Cursor[] cursors = new ShuffleOutput.Cursor[k];
    VectorSchemaRoot[] batch = new VectorSchemaRoot[k];
    int[] row = new int[k];
    Sorting.RowOrder[][] order = new Sorting.RowOrder[k][k];
    int[] heap = new int[k];
    int size = 0;
    List<int[]> picks = new ArrayList<>();
    try {
      for (int r = 0; r < k; r++) {
        cursors[r] = runs.get(r).cursor(0, run.allocator);
        batch[r] = nextNonEmpty(cursors[r]);
        if (batch[r] != null) {
          heap[size++] = r;
        }
      }
      Merge m = new Merge(batch, row, order, keys);
      for (int i = size / 2 - 1; i >= 0; i--) {
        m.down(heap, size, i);
      }
      boolean more = true;
      while (size > 0 && more) {
        int r = heap[0];
        picks.add(new int[] {r, row[r]});
        if (++row[r] == batch[r].getRowCount()) {
          more = flush(picks, batch, sink);
          batch[r].close();
          batch[r] = nextNonEmpty(cursors[r]);
          row[r] = 0;
          m.invalidate(r);
          if (batch[r] == null) {
            heap[0] = heap[--size];
          }
        } else if (picks.size() == OUT_ROWS) {
          more = flush(picks, batch, sink);
        }
        if (size > 0) {
          m.down(heap, size, 0);
        }
      }
      return more && flush(picks, batch, sink);
    } finally {
      for (int r = 0; r < k; r++) {
        if (batch[r] != null) {
          batch[r].close();
        }
        if (cursors[r] != null) {
          cursors[r].close();
        }
      }
    }
  }

  private static VectorSchemaRoot nextNonEmpty(ShuffleOutput.Cursor c) throws IOException {
    for (VectorSchemaRoot b; (b = c.next()) != null; ) {
      if (b.getRowCount() > 0) {
        return b;
      }
      b.close();
    }
    return null;
  }

  /** Outputs the picked rows (run, row), in order, as one batch. */
  private boolean flush(List<int[]> picks, VectorSchemaRoot[] batch, Sink sink) {
    if (picks.isEmpty()) {
      return true;
    }
    int n = picks.size();
    int[] run = new int[n];
    int[] row = new int[n];
    for (int i = 0; i < n; i++) {
      run[i] = picks.get(i)[0];
      row[i] = picks.get(i)[1];
    }
    int columns = batch[run[0]].getFieldVectors().size();
    List<FieldVector> out = new ArrayList<>();
    try {
      for (int c = 0; c < columns; c++) {
        List<FieldVector> sources = new ArrayList<>(batch.length);
        for (VectorSchemaRoot b : batch) {
          sources.add(b == null ? null : b.getVector(c));
        }
        out.add(Choose.of(sources, run, row, this.run.allocator));
      }
    } catch (RuntimeException e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot root = new VectorSchemaRoot(out);
    root.setRowCount(n);
    picks.clear();
    return sink.accept(root);
  }

  /** The heap's order of runs by their current rows, with comparators per pair of current batches. */
  private static final class Merge {
    private final VectorSchemaRoot[] batch;
    private final int[] row;
    private final Sorting.RowOrder[][] order;
    private final List<SortKey> keys;

    Merge(VectorSchemaRoot[] batch, int[] row, Sorting.RowOrder[][] order, List<SortKey> keys) {
      this.batch = batch;
      this.row = row;
      this.order = order;
      this.keys = keys;
    }

    boolean less(int a, int b) {
      Sorting.RowOrder o = order[a][b];
      if (o == null) {
        o = Sorting.comparator(keys, batch[a], batch[b]);
        order[a][b] = o;
      }
      int c = o.compare(row[a], row[b]);
      return c < 0 || (c == 0 && a < b);
    }

    /** Forgets the comparators of run {@code r}'s previous batch. */
    void invalidate(int r) {
      for (int i = 0; i < order.length; i++) {
        order[r][i] = null;
        order[i][r] = null;
      }
    }

    void down(int[] heap, int size, int i) {
      while (true) {
        int l = 2 * i + 1;
        int smallest = i;
        if (l < size && less(heap[l], heap[smallest])) {
          smallest = l;
        }
        if (l + 1 < size && less(heap[l + 1], heap[smallest])) {
          smallest = l + 1;
        }
        if (smallest == i) {
          return;
        }
        int t = heap[i];
        heap[i] = heap[smallest];
        heap[smallest] = t;
        i = smallest;
      }
    }
  }

  /** Discards what was not handed on: held rows and runs. */
  @Override
  public void close() {
    held.forEach(VectorSchemaRoot::close);
    held.clear();
    runs.forEach(ShuffleOutput::close);
    runs.clear();
  }
}
