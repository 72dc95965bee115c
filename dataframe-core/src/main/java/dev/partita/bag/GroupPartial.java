package dev.partita.bag;

import dev.partita.exec.ShuffleOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one task of a group hands on: the accumulators it holds in memory, and the spilled runs of its
 * own and of the states merged into it. Each partial is read by exactly one task, its combine, which takes
 * its runs ({@link #takeRuns}); the runs still held are deleted when the graph run closes the partial.
 */
final class GroupPartial implements AutoCloseable {

  private final Map<Object, GroupState.Acc> map;
  private List<ShuffleOutput> runs;

  GroupPartial(Map<Object, GroupState.Acc> map, List<ShuffleOutput> runs) {
    this.map = map;
    this.runs = runs;
  }

  Map<Object, GroupState.Acc> map() {
    return map;
  }

  /** The runs, which the caller now owns. */
  List<ShuffleOutput> takeRuns() {
    List<ShuffleOutput> out = runs;
    runs = new ArrayList<>();
    return out;
  }

  boolean spilled() {
    return !runs.isEmpty();
  }

  List<ShuffleOutput> runs() {
    return runs;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (ShuffleOutput r : runs) {
      try {
        r.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    runs = new ArrayList<>();
    if (failure != null) {
      throw failure;
    }
  }
}
