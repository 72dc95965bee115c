package dev.partita.exec;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.plan.Plan;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The fused per-partition work: read a scan's columns (with its pushed-down filter) and run each
 * batch through the filters and projections above it, batch by batch, so a partition is never
 * held whole. {@code output} is the top plan node of the chain (its schema is the output schema).
 *
 * <pre>{@code
 * pipeline.run(partition, allocator, Long.MAX_VALUE, batch -> { try (batch) { ... } });
 * }</pre>
 */
public record Pipeline(Plan.Scan scan, List<Plan> steps, Plan output) implements Serializable {

  public Pipeline {
    steps = List.copyOf(steps);
  }

  /**
   * Streams {@code partition} through the steps, handing each non-empty output batch to
   * {@code sink}, which owns it; stops early once {@code limit} rows were produced. A null
   * partition produces nothing.
   */
  public void run(Partition partition, BufferAllocator allocator, long limit,
      Consumer<VectorSchemaRoot> sink) throws Exception {
    run(partition, allocator, limit, Set.of(), sink);
  }

  /**
   * As {@link #run(Partition, BufferAllocator, long, Consumer)}, where the scan may hand over the
   * string columns {@code dictionaryIds} as {@link dev.partita.io.DictionaryVector}s of codes: only
   * for a consumer that reads them as such, with no step that would see them.
   */
  public void run(Partition partition, BufferAllocator allocator, long limit,
      Collection<String> dictionaryIds, Consumer<VectorSchemaRoot> sink) throws Exception {
    if (partition == null) {
      return;
    }
    ReadSpec spec = ReadSpec.columns(scan.readColumns()).withFilter(scan.pushed())
        .withDictionaryIds(dictionaryIds);
    try (BatchReader reader = scan.source().open(partition, spec, allocator)) {
      long rows = 0;
      for (VectorSchemaRoot batch; rows < limit && (batch = reader.next()) != null; ) {
        VectorSchemaRoot out = batch;
        for (Plan step : steps) {
          out = Steps.apply(step, out, allocator);
        }
        if (out.getRowCount() == 0) {
          out.close();
          continue;
        }
        rows += out.getRowCount();
        sink.accept(out);
      }
    }
  }
}
