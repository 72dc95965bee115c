package dev.partita.lower;

import dev.partita.exec.Op;
import dev.partita.exec.Pipe;
import dev.partita.plan.SortKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A plan node lowered: its partitions, each a {@link Pipe} not yet run (the per-partition work that later
 * nodes fuse into, so a filter or a probe never becomes a task of its own), the schema they produce, what
 * they guarantee about where rows are (see {@link Partitioning}) and in which order, an estimate of their
 * size, and how the node was lowered, for {@code explain()}.
 *
 * <pre>{@code
 * Stage s = lowerer.lower(plan);
 * Stage filtered = s.then(new Op.Filter(condition), s.explain().under("Filter ..."));
 * }</pre>
 */
record Stage(List<Pipe> parts, Schema schema, Partitioning partitioning, List<SortKey> ordering, Estimate estimate,
    Explain explain) {

  Stage {
    parts = List.copyOf(parts);
    ordering = List.copyOf(ordering);
  }

  /** The same stage with {@code op} fused into every partition. */
  Stage then(Op op, Schema schema, Partitioning partitioning, Estimate estimate, Explain explain) {
    List<Pipe> out = new ArrayList<>(parts.size());
    for (Pipe p : parts) {
      out.add(p.then(op));
    }
    return new Stage(out, schema, partitioning, ordering, estimate, explain);
  }

  Stage withOrdering(List<SortKey> keys) {
    return new Stage(parts, schema, partitioning, keys, estimate, explain);
  }

  int size() {
    return parts.size();
  }

  /** Where a stage's rows are, so that a join or aggregation on the same keys needs no shuffle. */
  sealed interface Partitioning {
    /** Nothing known. */
    record Unknown() implements Partitioning {}

    /** All rows in one partition. */
    record Single() implements Partitioning {}

    /** Row r is in partition {@code bucket(hash(keys of r, seed), n)}: equal keys share a partition. */
    record Hash(List<String> keys, int n, long seed) implements Partitioning {
      public Hash {
        keys = List.copyOf(keys);
      }
    }

    /** Partition i holds the rows between range bounds i - 1 and i of {@code keys}: partitions are in order. */
    record Range(List<SortKey> keys, int n) implements Partitioning {
      public Range {
        keys = List.copyOf(keys);
      }
    }

    static Partitioning of(int parts) {
      return parts == 1 ? new Single() : new Unknown();
    }
  }

  /** Rows and Arrow bytes expected ({@code -1}: unknown), from metadata, never from reading data. */
  record Estimate(long rows, long bytes) {
    static final Estimate UNKNOWN = new Estimate(-1, -1);

    Estimate scaled(double factor) {
      return new Estimate(rows < 0 ? -1 : (long) Math.ceil(rows * factor), bytes < 0 ? -1 : (long) Math.ceil(bytes * factor));
    }

    Estimate plus(Estimate o) {
      return new Estimate(rows < 0 || o.rows < 0 ? -1 : rows + o.rows, bytes < 0 || o.bytes < 0 ? -1 : bytes + o.bytes);
    }

    boolean knownBelow(long threshold) {
      return bytes >= 0 && bytes <= threshold;
    }

    @Override
    public String toString() {
      return (rows < 0 ? "? rows" : String.format(java.util.Locale.ROOT, "~%,d rows", rows)) + ", "
          + (bytes < 0 ? "? bytes" : Explain.bytes(bytes));
    }
  }
}
