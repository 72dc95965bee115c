package dev.partita.exec;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.plan.Plan;
import dev.partita.plan.SortKey;
import dev.partita.plan.TableData;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Where the batches of a {@link Pipe} come from: a partition of a source, a small table in the plan, the
 * result of another task, one bucket of a shuffle, or a partitioned hash join of two such inputs.
 *
 * <pre>{@code
 * Input in = new Input.FromShuffle(List.of("shuffle-a-0", "shuffle-a-1"), 3);   // bucket 3 of two map outputs
 * }</pre>
 */
public sealed interface Input extends Serializable {

  /** Streams the batches into {@code sink} until it wants no more; {@code dictionaryIds} as for {@link Pipe}. */
  void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) throws Exception;

  /** Adds the graph keys the input reads. */
  default void collectDeps(Set<String> keys) {}

  /** One line for {@code explain()}. */
  String describe();

  /** One partition of a scan (with the scan's columns and pushed-down filter); null reads nothing. */
  record FromSource(Plan.Scan scan, Partition partition) implements Input {
    @Override
    public void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) throws Exception {
      if (partition == null) {
        return;
      }
      ReadSpec spec = ReadSpec.columns(scan.readColumns()).withFilter(scan.pushed())
          .withDictionaryIds(dictionaryIds);
      try (BatchReader reader = scan.source().open(partition, spec, run.allocator)) {
        for (VectorSchemaRoot batch; (batch = reader.next()) != null; ) {
          if (!sink.accept(batch)) {
            return;
          }
        }
      }
    }

    @Override
    public String describe() {
      return scan.describe() + (partition == null ? " (no partition)" : " " + partition.describe());
    }
  }

  /** The rows of a small table held in the plan. */
  record FromValues(TableData data) implements Input {
    @Override
    public void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) {
      boolean[] more = {true};
      data.read(run.allocator, batch -> {
        if (more[0]) {
          more[0] = sink.accept(batch);
        } else {
          batch.close();
        }
      });
    }

    @Override
    public String describe() {
      return "Values (" + data.rows() + " rows)";
    }
  }

  /** The batches of another task's result (a {@link Materialized} or {@link Batches}), read without copying. */
  record FromResult(String key) implements Input {
    @Override
    public void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) {
      Object value = run.dep(key);
      List<VectorSchemaRoot> roots = value instanceof Materialized m ? List.of(m.root()) : ((Batches) value).roots();
      for (VectorSchemaRoot root : roots) {
        if (!Batches.views(root, run.allocator, sink)) {
          return;
        }
      }
    }

    @Override
    public void collectDeps(Set<String> keys) {
      keys.add(key);
    }

    @Override
    public String describe() {
      return "Result of " + key;
    }
  }

  /** Bucket {@code bucket} of the shuffle whose map tasks are {@code maps}, in map order. */
  record FromShuffle(List<String> maps, int bucket) implements Input {
    public FromShuffle {
      maps = List.copyOf(maps);
    }

    @Override
    public void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) throws Exception {
      for (String map : maps) {
        if (!((ShuffleOutput) run.dep(map)).read(bucket, run.allocator, sink)) {
          return;
        }
      }
    }

    @Override
    public void collectDeps(Set<String> keys) {
      keys.addAll(maps);
    }

    @Override
    public String describe() {
      return "Shuffle bucket " + bucket + " of " + maps.size() + " map outputs";
    }
  }

  /** The partitioned hash join of {@code build} (held in memory, or split further) and {@code probe} (streamed). */
  record FromJoin(JoinSpec spec, Pipe build, Pipe probe) implements Input {
    @Override
    public void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) throws Exception {
      new HashJoin(spec, run).join(build, probe, sink);
    }

    @Override
    public void collectDeps(Set<String> keys) {
      keys.addAll(build.deps());
      keys.addAll(probe.deps());
    }

    @Override
    public String describe() {
      return "Hash join " + spec.describe() + ", build " + build.input().describe() + ", probe "
          + probe.input().describe();
    }
  }

  /** The rows of {@code source} sorted by {@code keys} (stably; on disk in runs when they do not fit). */
  record Sorted(List<SortKey> keys, Pipe source) implements Input {
    public Sorted {
      keys = List.copyOf(keys);
    }

    @Override
    public void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) throws Exception {
      try (Sorter sorter = new Sorter(keys, run)) {
        source.run(run, batch -> {
          sorter.add(batch);
          return true;
        });
        sorter.finish(sink);
      }
    }

    @Override
    public void collectDeps(Set<String> keys) {
      keys.addAll(source.deps());
    }

    @Override
    public String describe() {
      return "Sort " + keys + " of " + source.input().describe();
    }
  }

  /** No rows. */
  record Empty() implements Input {
    @Override
    public void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) {}

    @Override
    public String describe() {
      return "Empty";
    }
  }
}
