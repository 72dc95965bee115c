package dev.partita.exec;

import dev.partita.expr.Evaluator;
import dev.partita.expr.Node;
import dev.partita.kernel.Selection;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A per-batch operator of a {@link Pipe}. Started once per task run ({@link #start}), it receives each
 * batch, which it owns, and passes what it produces on.
 *
 * <pre>{@code
 * Pipe p = pipe.then(new Op.Filter(condition)).then(new Op.Limit(10));
 * }</pre>
 */
public sealed interface Op extends Serializable {

  /** An operator running inside one task: a sink for the batches before it. */
  interface Running extends Sink, AutoCloseable {
    @Override
    default void close() {}
  }

  /** The operator for one task run, passing its output to {@code downstream}. */
  Running start(TaskRun run, Sink downstream);

  /** Adds the graph keys the operator reads. */
  default void collectDeps(Set<String> keys) {}

  /** One line for {@code explain()}. */
  String describe();

  /** Keeps the rows where {@code condition} is true. */
  record Filter(Node condition) implements Op {
    @Override
    public Running start(TaskRun run, Sink downstream) {
      return batch -> {
        try (batch; BitVector mask = Evaluator.mask(condition, batch, run.allocator)) {
          return downstream.accept(Selection.take(batch, Selection.of(mask), run.allocator));
        }
      };
    }

    @Override
    public String describe() {
      return "Filter " + condition;
    }
  }

  /** One output column per expression. */
  record Project(List<Node> exprs) implements Op {
    public Project {
      exprs = List.copyOf(exprs);
    }

    @Override
    public Running start(TaskRun run, Sink downstream) {
      return batch -> {
        VectorSchemaRoot out;
        try (batch) {
          List<FieldVector> columns = Evaluator.columns(exprs, batch, run.allocator);
          out = new VectorSchemaRoot(columns);
          out.setRowCount(batch.getRowCount());
        }
        return downstream.accept(out);
      };
    }

    @Override
    public String describe() {
      return "Project " + exprs;
    }
  }

  /** Passes the first {@code n} rows, then asks for no more. */
  record Limit(long n) implements Op {
    @Override
    public Running start(TaskRun run, Sink downstream) {
      long[] left = {n};
      return batch -> {
        if (left[0] <= 0) {
          batch.close();
          return false;
        }
        VectorSchemaRoot out = batch;
        if (batch.getRowCount() > left[0]) {
          try (batch) {
            out = Batches.slice(batch, 0, (int) left[0], run.allocator);
          }
        }
        left[0] -= out.getRowCount();
        return downstream.accept(out) && left[0] > 0;
      };
    }

    @Override
    public String describe() {
      return "Limit " + n;
    }
  }

  /** Joins each batch with the broadcast hash table computed under {@code table}. */
  record Probe(String table, JoinSpec spec) implements Op {
    @Override
    public Running start(TaskRun run, Sink downstream) {
      JoinTable t = (JoinTable) run.dep(table);
      HashJoin.Prober prober = new HashJoin.Prober(t, spec, run.allocator, downstream, null);
      return new Running() {
        @Override
        public boolean accept(VectorSchemaRoot batch) {
          return prober.probe(batch);
        }
      };
    }

    @Override
    public void collectDeps(Set<String> keys) {
      keys.add(table);
    }

    @Override
    public String describe() {
      return "Probe broadcast " + spec.describe() + " (table " + table + ")";
    }
  }
}
