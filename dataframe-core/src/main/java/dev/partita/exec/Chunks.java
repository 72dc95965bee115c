package dev.partita.exec;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.agg.HashAggregator;
import dev.partita.expr.Columns;
import dev.partita.graph.F3;
import dev.partita.graph.F4;
import dev.partita.graph.FN;
import dev.partita.io.Partition;
import dev.partita.io.parquet.ParquetPartition;
import dev.partita.plan.Plan;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType.ArrowTypeID;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * The functions graph tasks run. They are constants so that equal tasks built by separate
 * lowerings hold the same function object, which graph merging requires.
 *
 * <pre>{@code
 * Task.of(Chunks.AGGREGATE, ctx, spec, partition);
 * }</pre>
 */
public final class Chunks {

  /** Partial aggregation of one partition: {@code (ctx, AggChunk, Partition) -> AggState}. */
  public static final F3<ExecContext, AggChunk, Partition, AggState> AGGREGATE = Chunks::aggregate;
  /** Merge of partial states, in argument order: {@code (AggState...) -> AggState}. */
  public static final FN<AggState> COMBINE = Chunks::combine;
  /** Final result of an aggregation: {@code (ctx, Finish, AggState) -> Materialized}. */
  public static final F3<ExecContext, Finish, AggState, Materialized> FINISH = Chunks::finish;
  /** One partition's output batches: {@code (ctx, Collect, Partition) -> Batches}. */
  public static final F3<ExecContext, Collect, Partition, Batches> COLLECT = Chunks::collect;
  /** Concatenation of partitions: {@code (ctx, Plan, Batches...) -> Materialized}. */
  public static final FN<Materialized> CONCAT = Chunks::concat;

  /** Writes one partition as one part file: {@code (ctx, Write, Partition, part number) -> rows}. */
  public static final F4<ExecContext, Write, Partition, Integer, Long> WRITE = Chunks::write;
  /** Writes a finished result as part 0 and closes it: {@code (ctx, Target, Materialized) -> rows}. */
  public static final F3<ExecContext, Target, Materialized, Long> WRITE_RESULT = Chunks::writeResult;
  /** Marks a written directory complete once every part is: {@code (Target, rows...) -> total rows}. */
  public static final FN<Long> SUCCESS = Chunks::success;

  private Chunks() {}

  /** Where a frame is written: the directory, and Parquet or CSV. */
  public record Target(String dir, boolean parquet) implements Serializable {}

  /** How each partition of a frame is written: the fused pipeline, then the target. */
  public record Write(Pipeline pipeline, Target target) implements Serializable {}

  /** What a partial-aggregation task computes: the fused pipeline, then the aggregation. */
  /**
   * What a partial-aggregation task computes: the fused pipeline, then the aggregation, whose state goes
   * to disk when {@code statesToDisk} (see {@link GroupEstimate#statesToDisk}).
   */
  public record AggChunk(Pipeline pipeline, Plan.Aggregate aggregate, boolean statesToDisk) implements Serializable {}

  /** What a collecting task computes: the fused pipeline, stopping after {@code limit} rows. */
  public record Collect(Pipeline pipeline, long limit) implements Serializable {}

  /** The in-memory steps (filters, projections, sorts, aggregations) applied to a final result. */
  public record Finish(Plan output, List<Plan> steps) implements Serializable {
    public Finish {
      steps = List.copyOf(steps);
    }
  }

  private static long write(ExecContext ctx, Write spec, Partition p, Integer part) throws Exception {
    try (BufferAllocator allocator = ctx.taskAllocator("write")) {
      PartWriter[] writer = new PartWriter[1];
      long[] rows = new long[1];
      try {
        spec.pipeline().run(p, allocator, Long.MAX_VALUE, batch -> {
          try (batch) {
            if (writer[0] == null) {
              writer[0] = open(spec.target(), part, batch.getSchema());
            }
            writer[0].write(batch);
            rows[0] += batch.getRowCount();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        if (writer[0] == null) {
          writer[0] = open(spec.target(), part, spec.pipeline().output().schema());
        }
        writer[0].commit();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } finally {
        if (writer[0] != null) {
          writer[0].close();
        }
      }
      return rows[0];
    }
  }

  /** Opens the part file writer for {@code spec}; public so results computed in memory write alike. */
  private static PartWriter open(Target target, int part, Schema schema) throws IOException {
    return target.parquet() ? Sinks.parquet(target.dir(), part, schema, ParquetWriteOptions.defaults())
        : Sinks.csv(target.dir(), part, schema);
  }

  private static long writeResult(ExecContext ctx, Target target, Materialized result) throws IOException {
    ctx.taken(result);
    try (result; PartWriter w = open(target, 0, result.root().getSchema())) {
      w.write(result.root());
      w.commit();
      return result.root().getRowCount();
    }
  }

  private static long success(List<Object> args) throws IOException {
    long total = 0;
    for (Object rows : args.subList(1, args.size())) {
      total += (Long) rows;
    }
    Sinks.markSuccess(((Target) args.get(0)).dir());
    return total;
  }

  private static AggState aggregate(ExecContext ctx, AggChunk spec, Partition p) throws Exception {
    Plan.Aggregate agg = spec.aggregate();
    try (BufferAllocator allocator = ctx.taskAllocator("aggregate");
        HashAggregator h = aggregator(agg, spec.pipeline().output().schema())
            .spillTo(ctx.spill(), GroupBuckets.spillBuckets(agg.splitOut()))) {
      long rows = rowsWithoutReading(spec, p);
      if (rows >= 0) {
        h.addCountedRows(rows);
      } else {
        spec.pipeline().run(p, allocator, Long.MAX_VALUE, codedKeys(spec), batch -> {
          try (batch) {
            feed(h, agg, batch);
          }
        });
      }
      return h.finish(spec.statesToDisk());
    }
  }

  /**
   * The string keys the scan may hand over as dictionary codes, which the group tables map once per
   * dictionary entry instead of hashing every row's bytes (db-benchmark's q1 on Parquet went from
   * 5.0-6.3 to 1.5-2.7 times DuckDB's time). Only where nothing else sees the column: the pipeline
   * has no filter or projection, and no aggregation reads the key.
   */
  private static Set<String> codedKeys(AggChunk spec) {
    Set<String> coded = new HashSet<>();
    Pipeline pipeline = spec.pipeline();
    if (!pipeline.steps().isEmpty()) {
      return coded;
    }
    for (String k : spec.aggregate().keys()) {
      if (Columns.find(pipeline.output().schema(), k).getType().getTypeID() == ArrowTypeID.Utf8) {
        coded.add(k);
      }
    }
    for (AggCall c : spec.aggregate().calls()) {
      c.inputs().forEach(coded::remove);
    }
    return coded;
  }

  /**
   * The partition's row count when the chunk only counts the rows of an unfiltered Parquet scan,
   * which the footer holds; -1 otherwise. Reading the one column the optimizer keeps for a row
   * count (db-benchmark's count(*): id1, 10 M dictionary strings) was the whole cost of the query.
   */
  private static long rowsWithoutReading(AggChunk spec, Partition p) {
    Pipeline pipeline = spec.pipeline();
    if (!(p instanceof ParquetPartition pp) || !pipeline.steps().isEmpty()
        || pipeline.scan().pushed() != null || !spec.aggregate().keys().isEmpty()) {
      return -1;
    }
    for (AggCall c : spec.aggregate().calls()) {
      if (c.kind() != AggKind.COUNT_ALL) {
        return -1;
      }
    }
    return pp.rowCount();
  }

  static HashAggregator aggregator(Plan.Aggregate agg, Schema input) {
    List<Field> keys = new ArrayList<>();
    for (String k : agg.keys()) {
      keys.add(Columns.find(input, k));
    }
    return new HashAggregator(keys, agg.calls(), Steps.inputFields(agg.calls(), input));
  }

  static void feed(HashAggregator h, Plan.Aggregate agg, VectorSchemaRoot batch) {
    List<FieldVector> keys = new ArrayList<>();
    for (String k : agg.keys()) {
      keys.add(batch.getVector(k));
    }
    List<FieldVector> inputs = new ArrayList<>();
    List<FieldVector> seconds = new ArrayList<>();
    for (AggCall c : agg.calls()) {
      inputs.add(c.column() == null ? null : batch.getVector(c.column()));
      seconds.add(c.column2() == null ? null : batch.getVector(c.column2()));
    }
    h.add(keys, inputs, seconds, batch.getRowCount());
  }

  private static AggState combine(List<Object> states) {
    List<AggState> in = new ArrayList<>();
    for (Object s : states) {
      in.add((AggState) s);
    }
    return AggStates.merge(in);
  }

  private static Materialized finish(ExecContext ctx, Finish spec, AggState state) {
    BufferAllocator allocator = Memory.root().newChildAllocator("result", 0, Long.MAX_VALUE);
    try {
      VectorSchemaRoot root = AggStates.toArrow(state, allocator);
      for (Plan step : spec.steps()) {
        root = Steps.apply(step, root, allocator);
      }
      return ctx.produced(new Materialized(allocator, root));
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  private static Batches collect(ExecContext ctx, Collect spec, Partition p) throws Exception {
    BufferAllocator allocator = ctx.taskAllocator("collect");
    Batches out = new Batches(ctx, allocator);
    try {
      spec.pipeline().run(p, allocator, spec.limit(), out::add);
      return ctx.produced(out);
    } catch (Exception | Error e) {
      out.close();
      throw e;
    }
  }

  private static Materialized concat(List<Object> args) {
    List<Batches> parts = new ArrayList<>();
    for (Object o : args.subList(2, args.size())) {
      parts.add((Batches) o);
    }
    return ((ExecContext) args.get(0)).produced(concat((Plan) args.get(1), parts, Long.MAX_VALUE));
  }

  /**
   * The first {@code limit} rows of {@code parts}, in order, as one batch in a new result
   * allocator; closes the parts. {@code output} gives the schema when there are no batches.
   */
  public static Materialized concat(Plan output, List<Batches> parts, long limit) {
    BufferAllocator allocator = Memory.root().newChildAllocator("result", 0, Long.MAX_VALUE);
    try {
      List<VectorSchemaRoot> roots = new ArrayList<>();
      parts.forEach(b -> roots.addAll(b.roots()));
      Schema schema = roots.isEmpty() ? output.schema() : roots.get(0).getSchema();
      VectorSchemaRoot target = VectorSchemaRoot.create(schema, allocator);
      target.allocateNew();
      if (!roots.isEmpty()) {
        VectorSchemaRootAppender.append(false, target, roots.toArray(new VectorSchemaRoot[0]));
      }
      if (target.getRowCount() > limit) {
        VectorSchemaRoot sliced = target.slice(0, (int) limit);
        target.close();
        target = sliced;
      }
      return new Materialized(allocator, target);
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    } finally {
      parts.forEach(Batches::close);
    }
  }
}
