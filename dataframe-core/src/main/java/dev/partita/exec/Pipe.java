package dev.partita.exec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fused per-partition work of a stage: where its batches come from, then the per-batch operators
 * (filters, projections, probes of a broadcast join, limits) applied batch by batch, so a partition is
 * never held whole. A pipe is a value: it names the graph keys it reads ({@link #deps()}), and the task
 * that runs it passes their values.
 *
 * <pre>{@code
 * Pipe p = new Pipe(new Input.FromSource(scan, partition), List.of()).then(new Op.Filter(condition));
 * Task.ofN(fn, args(ctx, spec, p.deps()));
 * }</pre>
 */
public record Pipe(Input input, List<Op> ops) implements Serializable {

  public Pipe {
    ops = List.copyOf(ops);
  }

  /** A pipe that only reads {@code input}. */
  public static Pipe of(Input input) {
    return new Pipe(input, List.of());
  }

  /** This pipe followed by {@code op}. */
  public Pipe then(Op op) {
    List<Op> more = new ArrayList<>(ops);
    more.add(op);
    return new Pipe(input, more);
  }

  /** The graph keys whose values running the pipe reads, in a fixed order. */
  public List<String> deps() {
    Set<String> keys = new LinkedHashSet<>();
    input.collectDeps(keys);
    for (Op op : ops) {
      op.collectDeps(keys);
    }
    return new ArrayList<>(keys);
  }

  /** Whether the pipe only reads a source partition, with nothing computed before it. */
  public boolean readsOnlyFiles() {
    return deps().isEmpty();
  }

  /**
   * Streams the partition through the operators into {@code sink}, which owns each batch; empty batches
   * are dropped. A source may hand the columns {@code dictionaryIds} over as dictionary codes, which
   * only a consumer that reads them so asks for, and only for columns the operators carry along without
   * reading them (a filter on other columns, a projection passing the column on as it is).
   */
  void run(TaskRun run, Collection<String> dictionaryIds, Sink sink) throws Exception {
    Sink chain = batch -> {
      if (batch.getRowCount() == 0) {
        batch.close();
        return true;
      }
      return sink.accept(batch);
    };
    List<Op.Running> running = new ArrayList<>();
    try {
      for (int i = ops.size() - 1; i >= 0; i--) {
        Op.Running r = ops.get(i).start(run, chain);
        running.add(r);
        chain = r;
      }
      input.run(run, dictionaryIds, chain);
    } finally {
      for (Op.Running r : running) {
        r.close();
      }
    }
  }

  void run(TaskRun run, Sink sink) throws Exception {
    run(run, Set.of(), sink);
  }

  /** One line per step, innermost (the input) last, for {@code explain()}. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (int i = ops.size() - 1; i >= 0; i--) {
      out.add(ops.get(i).describe());
    }
    out.add(input.describe());
    return out;
  }
}
