package dev.partita.bag;

import dev.partita.exec.BlobShuffle;
import dev.partita.exec.ExecContext;
import dev.partita.exec.ShuffleOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The results of a group, from its last partial: the accumulators in memory when nothing was spilled;
 * otherwise bucket after bucket, each merged from every run in a map of its own, so that memory holds one
 * bucket's groups. A bucket that passes the budget while being merged spills again, split by another hash
 * seed, and its sub-buckets are read the same way (up to {@link #MAX_DEPTH} splits; past that a bucket is
 * merged in memory whatever its size, which only keys sharing one hashCode can cause).
 */
final class GroupReader implements Elements {

  static final int MAX_DEPTH = 4;

  /** Runs whose buckets are read in order; {@code owned} runs were spilled by this reader and deleted by it. */
  private static final class Frame {
    final List<ShuffleOutput> runs;
    final int depth;
    final boolean owned;
    int next;

    Frame(List<ShuffleOutput> runs, int depth, boolean owned) {
      this.runs = runs;
      this.depth = depth;
      this.owned = owned;
    }
  }

  private final ExecContext ctx;
  private final GroupSpec spec;
  private final long budget;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private Iterator<Map.Entry<Object, GroupState.Acc>> current;

  /** The results of {@code last}, merging a bucket in at most {@code budget} bytes before splitting it. */
  GroupReader(ExecContext ctx, GroupSpec spec, GroupPartial last, long budget) {
    this.ctx = ctx;
    this.spec = spec;
    this.budget = budget;
    if (last.runs().isEmpty()) {
      current = last.map().entrySet().iterator();
    } else {
      frames.push(new Frame(last.runs(), 0, false));
    }
  }

  @Override
  public Object next() throws IOException {
    while (true) {
      if (current != null && current.hasNext()) {
        Map.Entry<Object, GroupState.Acc> e = current.next();
        return spec.output(e.getKey(), e.getValue().value);
      }
      current = null;
      Frame f = frames.peek();
      if (f == null) {
        return END;
      }
      if (f.next == GroupState.BUCKETS) {
        frames.pop();
        release(f);
        continue;
      }
      int bucket = f.next++;
      int depth = f.depth + 1;
      try (GroupState s = new GroupState(ctx, spec, GroupState.seed(depth), budget, depth < MAX_DEPTH)) {
        for (ShuffleOutput run : f.runs) {
          BlobShuffle.read(ctx, run, bucket, blob -> GroupState.readBlob(blob, s::merge));
        }
        GroupPartial merged = s.finish(List.of(), true, 1);
        if (merged.runs().isEmpty()) {
          current = merged.map().entrySet().iterator();
        } else {
          frames.push(new Frame(merged.takeRuns(), depth, true));
        }
      }
    }
  }

  private static void release(Frame f) {
    if (f.owned) {
      new GroupPartial(Map.of(), f.runs).close();
    }
  }

  @Override
  public void close() {
    while (!frames.isEmpty()) {
      release(frames.pop());
    }
  }
}
