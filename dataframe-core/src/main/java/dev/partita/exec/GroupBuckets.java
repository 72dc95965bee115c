package dev.partita.exec;

import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.graph.F2;
import dev.partita.graph.F4;
import dev.partita.graph.FN;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * The tasks of a split-out aggregation (dask's {@code split_out}): every partial state is split by key
 * hash into n buckets, bucket i of all chunks is combined and finalized on its own, and the n results
 * are concatenated (compute) or written as n part files (write).
 *
 * <pre>{@code
 * Task.of(GroupBuckets.SPLIT, 8, "groupby-chunk-...-0");
 * Task.ofN(GroupBuckets.COMBINE_BUCKET, List.of(3, "split-0", "split-1"));
 * }</pre>
 */
public final class GroupBuckets {

  /** Splits a partial state into n by key hash: {@code (Integer n, AggState) -> List<AggState>}. */
  public static final F2<Integer, AggState, List<AggState>> SPLIT = (n, state) -> AggStates.partition(state, n);
  /** Merges bucket b of split states, in argument order: {@code (Integer b, List<AggState>...) -> AggState}. */
  public static final FN<AggState> COMBINE_BUCKET = GroupBuckets::combineBucket;
  /** Concatenates finalized buckets in order: {@code (ctx, Materialized...) -> Materialized}. */
  public static final FN<Materialized> CONCAT = GroupBuckets::concat;
  /** Writes one finalized bucket as part i and closes it: {@code (ctx, Target, Materialized, i) -> rows}. */
  public static final F4<ExecContext, Chunks.Target, Materialized, Integer, Long> WRITE_PART = GroupBuckets::writePart;

  private GroupBuckets() {}

  /** Spill runs are split into a multiple of {@code splitOut} buckets, at least 16, so a bucket maps onto runs. */
  static int spillBuckets(int splitOut) {
    return splitOut * Math.max(1, (16 + splitOut - 1) / splitOut);
  }

  @SuppressWarnings("unchecked")
  private static AggState combineBucket(List<Object> args) {
    int b = (Integer) args.get(0);
    List<AggState> in = new ArrayList<>();
    for (Object o : args.subList(1, args.size())) {
      in.add(((List<AggState>) o).get(b));
    }
    return AggStates.merge(in);
  }

  private static Materialized concat(List<Object> args) {
    ExecContext ctx = (ExecContext) args.get(0);
    List<Materialized> parts = new ArrayList<>();
    for (Object o : args.subList(1, args.size())) {
      parts.add((Materialized) o);
      ctx.taken(o);
    }
    BufferAllocator allocator = Memory.root().newChildAllocator("result", 0, Long.MAX_VALUE);
    try {
      VectorSchemaRoot target = VectorSchemaRoot.create(parts.get(0).root().getSchema(), allocator);
      target.allocateNew();
      VectorSchemaRootAppender.append(false, target, parts.stream().map(Materialized::root).toArray(VectorSchemaRoot[]::new));
      return ctx.produced(new Materialized(allocator, target));
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    } finally {
      parts.forEach(Materialized::close);
    }
  }

  private static long writePart(ExecContext ctx, Chunks.Target target, Materialized result, Integer part)
      throws IOException {
    ctx.taken(result);
    try (result; PartWriter w = target.parquet()
        ? Sinks.parquet(target.dir(), part, result.root().getSchema(), ParquetWriteOptions.defaults())
        : Sinks.csv(target.dir(), part, result.root().getSchema())) {
      w.write(result.root());
      w.commit();
      return result.root().getRowCount();
    }
  }
}
