package dev.partita;

import dev.partita.exec.ArrowCodecs;
import dev.partita.exec.Batches;
import dev.partita.exec.ExecContext;
import dev.partita.exec.Materialized;
import dev.partita.exec.Memory;
import dev.partita.expr.DType;
import dev.partita.graph.CacheCodec;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.Schedulers;
import dev.partita.graph.TaskFailedException;
import dev.partita.io.DataException;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvSource;
import dev.partita.io.parquet.ParquetOptions;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.io.sink.OutputTarget;
import dev.partita.io.sink.WriteMode;
import dev.partita.lower.LowerOptions;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import dev.partita.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Runs lowered graphs: one computation context, one merged graph, one scheduler run. */
final class Runner {

  private Runner() {}

  static List<Object> compute(List<? extends Lazy> values, ComputeOptions options) {
    List<Plan> plans = new ArrayList<>();
    for (Lazy v : values) {
      plans.add(Optimizer.optimize(v.plan()));
    }
    List<Materialized> results = new ArrayList<>();
    try (ExecContext ctx = open(options)) {
      Lowering.Lowered l = Lowering.compute(plans, ctx, lowerOptions(options));
      List<String> keys = new ArrayList<>(new LinkedHashSet<>(l.outputs()));
      Map<String, Object> out = run(options, ctx, l.graph(), keys);
      Map<String, Materialized> moved = new HashMap<>();
      try {
        for (String key : keys) {
          moved.put(key, own(out.remove(key), ctx, options.memoryLimit()));
        }
      } catch (RuntimeException e) {
        out.values().forEach(Runner::closeResult);
        moved.values().forEach(Materialized::close);
        throw e;
      }
      for (String key : l.outputs()) {
        results.add(moved.get(key));
      }
    }
    List<Materialized> own = ownCopies(results, options.memoryLimit());
    List<Object> answers = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Lazy v = values.get(i);
      Table t = new Table(own.get(i));
      answers.add(v.result(t));
      if (!v.keepsTable()) {
        t.close();
      }
    }
    return answers;
  }

  /**
   * A computed result moved out of the computation: a {@link Materialized} as it is, the {@link Batches} of a
   * result kept in parts (an aggregation whose states spilled) copied into one batch in what the limit leaves.
   */
  private static Materialized own(Object value, ExecContext ctx, long memoryLimit) {
    if (value instanceof Batches b) {
      try (b) {
        return concat(b.roots(), b.roots().get(0).getSchema(), b.rowCount(),
            resultAllocator(memoryLimit - ctx.allocatedBytes()));
      }
    }
    return ((Materialized) value).moveTo(resultAllocator(memoryLimit));
  }

  private static void closeResult(Object value) {
    if (value instanceof Batches b) {
      b.close();
    } else {
      ((Materialized) value).close();
    }
  }

  /**
   * The results, each a batch of its own: where two equal values computed together share a graph key, and so
   * one result, the later ones get copies, so that closing one table does not close the other. The copies count
   * against the memory limit with the results already held. On failure every result is closed.
   */
  private static List<Materialized> ownCopies(List<Materialized> results, long memoryLimit) {
    Set<Materialized> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(results);
    List<Materialized> copies = new ArrayList<>();
    try {
      long held = 0;
      for (Materialized m : distinct) {
        held += m.allocator().getAllocatedMemory();
      }
      Set<Materialized> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      List<Materialized> own = new ArrayList<>();
      for (Materialized m : results) {
        if (seen.add(m)) {
          own.add(m);
        } else {
          Materialized copy = concat(List.of(m.root()), m.root().getSchema(), m.root().getRowCount(),
              resultAllocator(memoryLimit - held));
          copies.add(copy);
          held += copy.allocator().getAllocatedMemory();
          own.add(copy);
        }
      }
      return own;
    } catch (RuntimeException e) {
      distinct.forEach(Materialized::close);
      copies.forEach(Materialized::close);
      throw e;
    }
  }

  /**
   * The first {@code n} rows, computing the partitions in order, as many at once as there are threads, and
   * stopping once there are enough: a limit without an order reads only the partitions it needs.
   */
  static Table head(DataFrame df, long n, ComputeOptions options) {
    try (ExecContext ctx = open(options)) {
      Lowering.Lowered l = Lowering.head(Optimizer.optimize(df.plan()), ctx, lowerOptions(options), n);
      List<Batches> parts = new ArrayList<>();
      try {
        long rows = 0;
        List<String> keys = l.outputs();
        for (int from = 0; from < keys.size() && rows < n; from += options.threads()) {
          List<String> wave = keys.subList(from, Math.min(keys.size(), from + options.threads()));
          Map<String, Object> out = run(options, ctx, l.graph(), wave);
          for (String key : wave) {
            Batches b = (Batches) out.get(key);
            parts.add(b);
            rows += b.rowCount();
          }
        }
        List<VectorSchemaRoot> roots = new ArrayList<>();
        parts.forEach(b -> roots.addAll(b.roots()));
        return new Table(concat(roots, df.schema(), n,
            resultAllocator(options.memoryLimit() - ctx.allocatedBytes())));
      } finally {
        parts.forEach(Batches::close);
      }
    }
  }

  /**
   * The first {@code n} rows of {@code roots} (not changed), copied into one new result batch owning
   * {@code allocator}. Failing for want of memory, says the result is over the computation's limit.
   */
  private static Materialized concat(List<VectorSchemaRoot> roots, Schema schema, long n,
      BufferAllocator allocator) {
    VectorSchemaRoot target = null;
    try {
      target = VectorSchemaRoot.create(roots.isEmpty() ? schema : roots.get(0).getSchema(), allocator);
      Batches.append(target, roots);
      if (target.getRowCount() > n) {
        target.setRowCount((int) n);
      }
      return new Materialized(allocator, target);
    } catch (OutOfMemoryException e) {
      OutOfMemoryException over = new OutOfMemoryException("a result of " + n + " rows does not fit in the "
          + allocator.getLimit() + " bytes the computation's memory limit leaves beside the results it holds");
      over.addSuppressed(e);
      AutoCloseables.close(over, target, allocator);
      throw over;
    } catch (RuntimeException e) {
      AutoCloseables.close(e, target, allocator);
      throw e;
    }
  }

  /**
   * Writes a plan's partitions as the parts of {@code target}; returns the rows written. The write begins
   * (checking its mode) before anything is computed, its commit is the graph's last task, and any failure or
   * interruption aborts it, so the target keeps its old contents.
   */
  static long write(Plan plan, ComputeOptions options, OutputTarget target) {
    checkAppend(target, plan.schema());
    try {
      target.begin();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    try (ExecContext ctx = open(options)) {
      Lowering.Lowered l = Lowering.write(Optimizer.optimize(plan), ctx, lowerOptions(options), target);
      String key = l.outputs().get(0);
      return (Long) run(options, ctx, l.graph(), List.of(key)).get(key);
    } catch (RuntimeException | Error e) {
      try {
        target.abort();
      } catch (IOException | RuntimeException a) {
        e.addSuppressed(a);
      }
      throw e;
    }
  }

  /**
   * Refuses to append parts whose columns differ from those of the parts already in the directory (for CSV,
   * whose types are inferred when read, by name only), which would leave a directory no reader can read whole.
   */
  private static void checkAppend(OutputTarget target, Schema schema) {
    if (target.mode() != WriteMode.APPEND) {
      return;
    }
    Schema existing;
    try {
      existing = target.format() == OutputTarget.Format.PARQUET
          ? ParquetSource.of(target.dir(), ParquetOptions.defaults()).schema()
          : CsvSource.of(target.dir(), CsvOptions.defaults()).schema();
    } catch (IOException | RuntimeException e) {
      return;
    }
    boolean parquet = target.format() == OutputTarget.Format.PARQUET;
    if (!columns(existing, parquet).equals(columns(schema, parquet))) {
      throw new AnalysisException("cannot append to " + target.dir() + ": its parts have the columns "
          + columns(existing, parquet) + ", the frame has " + columns(schema, parquet),
          "select the same columns in the same order, write to another directory, or replace the parts with"
              + " mode(\"overwrite\") (CLI: --mode overwrite)");
    }
  }

  /** The columns as {@code name type}, or names only. */
  private static List<String> columns(Schema schema, boolean typed) {
    List<String> out = new ArrayList<>();
    for (Field f : schema.getFields()) {
      out.add(typed ? f.getName() + " " + DType.label(f) : f.getName());
    }
    return out;
  }

  /**
   * A new allocator for a result handed to the caller, which outlives the computation: it may hold at most
   * {@code limit} bytes, what the computation's memory limit leaves beside the results it already holds.
   */
  static BufferAllocator resultAllocator(long limit) {
    return Memory.root().newChildAllocator("result", 0, Math.max(0, limit));
  }

  /** A computation context for {@code options}. */
  static ExecContext open(ComputeOptions options) {
    return ExecContext.open(options.memoryLimit(), options.spillDir(), options.threads());
  }

  static LowerOptions lowerOptions(ComputeOptions options) {
    return new LowerOptions(options.splitEvery(), options.broadcastBytes(), options.threads());
  }

  static Map<String, Object> run(ComputeOptions options, ExecContext ctx, Graph graph, List<String> keys) {
    Scheduler s = options.threads() == 1 ? Schedulers.sync() : Schedulers.local(options.threads());
    if (options.scheduler() != null) {
      // Values cross processes only on another scheduler; given these codecs, a local one ran over the limit
      // of a sort under 64 MB (OrderingTest).
      s = options.scheduler();
      for (CacheCodec<?> codec : ArrowCodecs.remote(ctx)) {
        s = s.withCodec(codec);
      }
    }
    if (options.cacheDir() != null) {
      s = s.withCache(ResultCache.of(options.cacheDir(), options.cacheMaxBytes(), ctx));
    }
    if (options.listener() != null) {
      s = s.withListener(options.listener());
    }
    try {
      return s.get(graph, keys);
    } catch (TaskFailedException e) {
      // the user's errors (bad input, a value an expression cannot compute) reach the caller as themselves
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof DataException || c instanceof EvaluationException) {
          c.addSuppressed(new TaskFailedException(e.key(), null));
          throw (RuntimeException) c;
        }
      }
      throw e;
    }
  }
}
