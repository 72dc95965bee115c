package dev.partita;

import dev.partita.exec.Batches;
import dev.partita.exec.Chunks;
import dev.partita.exec.ExecContext;
import dev.partita.exec.Materialized;
import dev.partita.exec.Memory;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.Schedulers;
import dev.partita.graph.TaskFailedException;
import dev.partita.io.DataException;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;

/** Runs lowered graphs: one computation context, one merged graph, one scheduler run. */
final class Runner {

  private Runner() {}

  static List<Object> compute(List<? extends Lazy> values, ComputeOptions options) {
    try (ExecContext ctx = open(options)) {
      List<Plan> plans = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Lazy v : values) {
        plans.add(Optimizer.optimize(v.plan()));
        names.add(v.label());
      }
      List<Lowering.Lowered> lowered = Lowering.lowerAll(plans, names, ctx, options.splitEvery());
      List<Graph> graphs = new ArrayList<>();
      for (Lowering.Lowered l : lowered) {
        graphs.add(l.graph());
      }
      Graph graph = Graph.merge(graphs);
      List<String> keys = new ArrayList<>(new LinkedHashSet<>(lowered.stream().map(Lowering.Lowered::outputKey).toList()));
      Map<String, Object> out = run(options, ctx, graph, keys);
      out.values().forEach(ctx::taken);
      Map<String, Table> tables = new HashMap<>();
      Set<String> kept = new HashSet<>();
      List<Object> results = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        String key = lowered.get(i).outputKey();
        Table t = tables.computeIfAbsent(key, k -> new Table((Materialized) out.get(k)));
        results.add(values.get(i).result(t));
        if (values.get(i).keepsTable()) {
          kept.add(key);
        }
      }
      tables.forEach((key, t) -> {
        if (!kept.contains(key)) {
          t.close();
        }
      });
      return results;
    }
  }

  /** The first {@code n} rows, computing one partition at a time, in order, until there are enough. */
  static Table head(DataFrame df, long n, ComputeOptions options) {
    try (ExecContext ctx = open(options)) {
      Lowering.Lowered l = Lowering.head(Optimizer.optimize(df.plan()), "head", ctx, n);
      List<Batches> parts = new ArrayList<>();
      try {
        long rows = 0;
        for (String key : l.chunkKeys()) {
          if (rows >= n) {
            break;
          }
          Batches b = (Batches) run(options, ctx, l.graph(), List.of(key)).get(key);
          parts.add(b);
          rows += b.rowCount();
        }
      } catch (RuntimeException e) {
        parts.forEach(Batches::close);
        throw e;
      }
      return new Table(Chunks.concat(df.plan(), parts, n));
    }
  }

  /** A new table with the first {@code n} rows of {@code t}. */
  static Table slice(Table t, int n) {
    BufferAllocator allocator = Memory.root().newChildAllocator("result", 0, Long.MAX_VALUE);
    try {
      return new Table(new Materialized(allocator, t.toArrow(allocator, Math.min(n, t.rowCount()))));
    } catch (RuntimeException e) {
      AutoCloseables.close(e, allocator);
      throw e;
    }
  }

  /** A computation context for {@code options}: each of its threads may keep an equal share of the limit as state. */
  static ExecContext open(ComputeOptions options) {
    return ExecContext.open(options.memoryLimit(), options.spillDir(),
        ExecContext.stateBudget(options.memoryLimit(), options.threads()));
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
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof DataException) {
          c.addSuppressed(new TaskFailedException(e.key(), null));
          throw (DataException) c;
        }
      }
      throw e;
    }
  }
}
