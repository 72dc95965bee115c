package dev.partita;

import dev.partita.exec.Batches;
import dev.partita.exec.ExecContext;
import dev.partita.exec.Materialized;
import dev.partita.exec.Memory;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.Schedulers;
import dev.partita.graph.TaskFailedException;
import dev.partita.io.DataException;
import dev.partita.lower.LowerOptions;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

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
          moved.put(key, ((Materialized) out.remove(key)).moveTo(resultAllocator()));
        }
      } catch (RuntimeException e) {
        out.values().forEach(v -> ((Materialized) v).close());
        moved.values().forEach(Materialized::close);
        throw e;
      }
      for (String key : l.outputs()) {
        results.add(moved.get(key));
      }
    }
    List<Materialized> own = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      own.add(copyIfShared(results, i));
    }
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
   * Result {@code i}, or a copy of it when an earlier value's result is the same object (two equal values
   * computed together share their graph key): every caller gets a table of its own to close.
   */
  private static Materialized copyIfShared(List<Materialized> results, int i) {
    Materialized m = results.get(i);
    for (int j = 0; j < i; j++) {
      if (results.get(j) == m) {
        BufferAllocator allocator = resultAllocator();
        try {
          VectorSchemaRoot copy = VectorSchemaRoot.create(m.root().getSchema(), allocator);
          copy.allocateNew();
          VectorSchemaRootAppender.append(false, copy, m.root());
          return new Materialized(allocator, copy);
        } catch (RuntimeException e) {
          allocator.close();
          throw e;
        }
      }
    }
    return m;
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
        return new Table(concat(roots, df.schema(), n));
      } finally {
        parts.forEach(Batches::close);
      }
    }
  }

  /** The first {@code n} rows of {@code roots} (not changed), copied into one new result batch. */
  private static Materialized concat(List<VectorSchemaRoot> roots, org.apache.arrow.vector.types.pojo.Schema schema,
      long n) {
    BufferAllocator allocator = resultAllocator();
    try {
      VectorSchemaRoot target = VectorSchemaRoot.create(roots.isEmpty() ? schema : roots.get(0).getSchema(), allocator);
      target.allocateNew();
      if (!roots.isEmpty()) {
        VectorSchemaRootAppender.append(false, target, roots.toArray(new VectorSchemaRoot[0]));
      }
      if (target.getRowCount() > n) {
        target.setRowCount((int) n);
      }
      return new Materialized(allocator, target);
    } catch (RuntimeException e) {
      AutoCloseables.close(e, allocator);
      throw e;
    }
  }

  /** Writes a plan's partitions under {@code target}; returns the rows written. */
  static long write(Plan plan, ComputeOptions options, dev.partita.exec.Tasks.Target target) {
    try (ExecContext ctx = open(options)) {
      Lowering.Lowered l = Lowering.write(Optimizer.optimize(plan), ctx, lowerOptions(options), target);
      String key = l.outputs().get(0);
      return (Long) run(options, ctx, l.graph(), List.of(key)).get(key);
    }
  }

  /** A new table with the first {@code n} rows of {@code t}. */
  static Table slice(Table t, int n) {
    BufferAllocator allocator = resultAllocator();
    try {
      return new Table(new Materialized(allocator, t.toArrow(allocator, Math.min(n, t.rowCount()))));
    } catch (RuntimeException e) {
      AutoCloseables.close(e, allocator);
      throw e;
    }
  }

  private static BufferAllocator resultAllocator() {
    return Memory.root().newChildAllocator("result", 0, Long.MAX_VALUE);
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
