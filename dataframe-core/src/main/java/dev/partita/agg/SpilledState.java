package dev.partita.agg;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A partial state kept on disk as runs: per hash bucket, Java-serialized {@link PartialState}s
 * (primitive arrays, so the form is compact) in partition-then-row order. Merging concatenates the
 * run lists; finalizing merges one bucket at a time. Serializing it (the result cache) stores the
 * merged state instead, since the runs die with the computation.
 */
final class SpilledState implements AggState {

  private static final long serialVersionUID = 1L;

  final transient SpillArea area;
  final transient List<List<Path>> runs;
  private final long groups;
  /** A state with no groups for the same aggregation: the result's shape when no run has any. */
  final PartialState empty;

  SpilledState(SpillArea area, List<List<Path>> runs, long groups, PartialState empty) {
    this.area = area;
    this.runs = runs;
    this.groups = groups;
    this.empty = empty;
  }

  int buckets() {
    return runs.size();
  }

  /** Upper bound: groups in different runs may be the same. */
  @Override
  public int groupCount() {
    return (int) Math.min(Integer.MAX_VALUE, groups);
  }

  @Override
  public long sizeBytes() {
    return 64L + runs.stream().mapToLong(List::size).sum() * 64L;
  }

  /**
   * Bucket {@code b}'s runs merged in order into one in-memory state, or null when it has none. Runs are
   * read and merged one at a time: at 10^8 rows a bucket had hundreds of runs, and reading them all
   * before merging ran a 1 GiB heap out of memory on a million groups (db-benchmark q5).
   */
  PartialState load(int b) {
    AggStates.Merger merger = null;
    for (Path run : runs.get(b)) {
      PartialState state = (PartialState) read(run);
      if (merger == null) {
        merger = new AggStates.Merger(state, 0);
      }
      merger.add(state);
    }
    return merger == null ? null : merger.result();
  }

  /** Writes {@code state} as one run; returns its path. */
  static Path write(SpillArea area, PartialState state) {
    Path run = area.newRun();
    try (OutputStream file = Files.newOutputStream(run);
        ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(file, 1 << 16))) {
      out.writeObject(state);
      out.flush();
    } catch (IOException e) {
      long size;
      try {
        size = Files.size(run);
      } catch (IOException ignored) {
        size = 0;
      }
      throw area.failure(run, size, e);
    }
    try {
      area.written(Files.size(run));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return run;
  }

  private static AggState read(Path run) {
    try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16))) {
      return (AggState) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spilled aggregation state " + run, e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object writeReplace() throws ObjectStreamException {
    List<AggState> all = new ArrayList<>();
    all.add(empty);
    for (int b = 0; b < runs.size(); b++) {
      PartialState s = load(b);
      if (s != null) {
        all.add(s);
      }
    }
    return AggStates.merge(all);
  }
}
