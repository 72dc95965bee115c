package dev.partita.lower;

import dev.partita.AnalysisException;
import dev.partita.agg.AggCall;
import dev.partita.exec.Chunks;
import dev.partita.exec.ExecContext;
import dev.partita.exec.GroupBuckets;
import dev.partita.exec.GroupEstimate;
import dev.partita.exec.Pipeline;
import dev.partita.expr.Node;
import dev.partita.graph.Graph;
import dev.partita.graph.Task;
import dev.partita.io.Partition;
import dev.partita.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers an optimized plan to a task graph, dask's apply-concat-apply: one fused task per
 * partition (scan, filters, projections and the partial aggregation together), a tree of combines
 * ({@code splitEvery} inputs each, in partition order, so results do not depend on thread count),
 * and a finalize task producing the result. Keys are {@code name-chunk-<token>-i},
 * {@code name-combine-<token>-level-j} and {@code name-<token>}, where the token hashes the plan
 * and the partitions (file path, size, modification time, range): the same computation written
 * twice gets the same keys.
 *
 * <pre>{@code
 * Lowered l = Lowering.lower(Optimizer.optimize(plan), "mean", ctx, 8);
 * Object table = scheduler.get(l.graph(), l.outputKey());
 * }</pre>
 */
public final class Lowering {

  private Lowering() {}

  /** A lowered plan: its graph, the key of the final result, and the per-partition task keys. */
  public record Lowered(Graph graph, String outputKey, List<String> chunkKeys, boolean aggregated,
      String explain) {}

  public static Lowered lower(Plan plan, String name, ExecContext ctx, int splitEvery) {
    List<Plan> above = new ArrayList<>();
    Plan.Aggregate agg = null;
    List<Plan> chain = new ArrayList<>();
    for (Plan p = plan; ; p = p.children().get(0)) {
      if (p instanceof Plan.Scan) {
        break;
      }
      chain.add(p);
      if (p instanceof Plan.Aggregate) {
        agg = (Plan.Aggregate) p;
        above.addAll(chain);
        chain.clear();
      }
    }
    Plan.Scan scan = scan(plan);
    Collections.reverse(above);
    Collections.reverse(chain);
    Plan pipelineTop = agg != null ? agg.child() : plan;
    if (chain.stream().anyMatch(p -> p instanceof Plan.Sort)) {
      throw new AnalysisException("sorting before an aggregation is not supported",
          "sort the aggregated result instead");
    }
    Pipeline pipeline = new Pipeline(scan, chain, pipelineTop);
    List<Partition> partitions = scan.source().partitions(scan.pushed());
    String auto = null;
    boolean statesToDisk = false;
    if (agg != null && agg.splitOut() == 0) {
      GroupEstimate estimate = agg.keys().isEmpty() || partitions.size() < 2 ? null : estimate(ctx, pipeline, agg, partitions);
      auto = estimate == null ? null : estimate.describe();
      agg = new Plan.Aggregate(agg.child(), agg.keys(), agg.calls(), estimate == null ? 1 : estimate.splitOut());
      statesToDisk = estimate != null && estimate.statesToDisk(partitions.size(), splitEvery);
    }
    String base = Graph.tokenize(agg != null ? agg : pipelineTop, partitions);
    String token = Graph.tokenize(plan, partitions);
    Graph.Builder g = Graph.builder();
    List<String> chunks = new ArrayList<>();
    List<Partition> inputs = partitions.isEmpty() ? Collections.singletonList(null) : partitions;
    StringBuilder explain = new StringBuilder();
    String outputKey = name + "-" + token;
    if (agg != null) {
      List<Plan> post = above.subList(1, above.size());
      Chunks.AggChunk spec = new Chunks.AggChunk(pipeline, agg, statesToDisk);
      for (int i = 0; i < inputs.size(); i++) {
        String key = name + "-chunk-" + base + "-" + i;
        g.task(key, Task.of(Chunks.AGGREGATE, ctx, spec, inputs.get(i)).named("chunk"));
        chunks.add(key);
      }
      if (agg.splitOut() > 1 && post.stream().allMatch(s -> s instanceof Plan.Where || s instanceof Plan.Project)) {
        splitOut(g, agg, plan, post, name, base, outputKey, chunks, ctx, splitEvery, auto, statesToDisk, explain);
        for (int i = chain.size() - 1; i >= 0; i--) {
          explain.append("    ").append(chain.get(i).describe()).append('\n');
        }
        explain.append("    ").append(scan.describe()).append('\n');
        return new Lowered(g.build(), outputKey, chunks, true, explain.toString());
      }
      List<String> level = chunks;
      int depth = 0;
      while (level.size() > 1) {
        depth++;
        List<String> next = new ArrayList<>();
        for (int j = 0; j * splitEvery < level.size(); j++) {
          List<String> group = level.subList(j * splitEvery, Math.min(level.size(), (j + 1) * splitEvery));
          String key = name + "-combine-" + base + "-" + depth + "-" + j;
          g.task(key, Task.ofN(Chunks.COMBINE, group).named("combine"));
          next.add(key);
        }
        level = next;
      }
      g.task(outputKey, Task.of(Chunks.FINISH, ctx, new Chunks.Finish(plan, post), level.get(0)).named("finalize"));
      explain.append("finalize ").append(outputKey).append('\n');
      for (int i = post.size() - 1; i >= 0; i--) {
        explain.append("  ").append(post.get(i).describe()).append('\n');
      }
      explain.append("  ").append(agg.describe()).append(" (final)\n");
      explain.append("  combine tree: ").append(chunks.size()).append(" partial states, splitEvery=")
          .append(splitEvery).append(", depth ").append(depth)
          .append(auto == null ? "" : "; splitOut=1 (" + auto + ")")
          .append(statesToDisk ? "; chunk states written to disk, read back by the finalize" : "").append('\n');
      explain.append("  ").append(chunks.size()).append(" x fused task ").append(name).append("-chunk-")
          .append(base).append("-i:\n");
      explain.append("    partial ").append(agg.describe()).append('\n');
    } else {
      Chunks.Collect spec = new Chunks.Collect(pipeline, Long.MAX_VALUE);
      List<Object> args = new ArrayList<>();
      args.add(ctx);
      args.add(plan);
      for (int i = 0; i < inputs.size(); i++) {
        String key = name + "-chunk-" + base + "-" + i;
        g.task(key, Task.of(Chunks.COLLECT, ctx, spec, inputs.get(i)).named("chunk"));
        chunks.add(key);
        args.add(key);
      }
      g.task(outputKey, Task.ofN(Chunks.CONCAT, args).named("concat"));
      explain.append("concat ").append(outputKey).append('\n');
      explain.append("  ").append(chunks.size()).append(" x fused task ").append(name).append("-chunk-")
          .append(base).append("-i:\n");
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      explain.append("    ").append(chain.get(i).describe()).append('\n');
    }
    explain.append("    ").append(scan.describe()).append('\n');
    return new Lowered(g.build(), outputKey, chunks, agg != null, explain.toString());
  }

  /**
   * The split-out tail of an aggregation: each chunk's state split into n buckets by key hash, a
   * combine tree and a finalize per bucket ({@code <output>-part-b}), and a concat of the parts.
   */
  private static void splitOut(Graph.Builder g, Plan.Aggregate agg, Plan plan, List<Plan> post, String name,
      String base, String outputKey, List<String> chunks, ExecContext ctx, int splitEvery, String auto,
      boolean statesToDisk, StringBuilder explain) {
    int n = agg.splitOut();
    List<String> splits = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      String key = name + "-split-" + base + "-" + i;
      g.task(key, Task.of(GroupBuckets.SPLIT, n, chunks.get(i)).named("split"));
      splits.add(key);
    }
    List<Object> parts = new ArrayList<>();
    parts.add(ctx);
    int depth = 0;
    for (int b = 0; b < n; b++) {
      List<String> level = new ArrayList<>();
      for (int j = 0; j * splitEvery < splits.size(); j++) {
        List<Object> args = new ArrayList<>();
        args.add(b);
        args.addAll(splits.subList(j * splitEvery, Math.min(splits.size(), (j + 1) * splitEvery)));
        String key = name + "-combine-" + base + "-b" + b + "-1-" + j;
        g.task(key, Task.ofN(GroupBuckets.COMBINE_BUCKET, args).named("combine"));
        level.add(key);
      }
      depth = 1;
      while (level.size() > 1) {
        depth++;
        List<String> next = new ArrayList<>();
        for (int j = 0; j * splitEvery < level.size(); j++) {
          String key = name + "-combine-" + base + "-b" + b + "-" + depth + "-" + j;
          g.task(key, Task.ofN(Chunks.COMBINE, level.subList(j * splitEvery, Math.min(level.size(), (j + 1) * splitEvery)))
              .named("combine"));
          next.add(key);
        }
        level = next;
      }
      String part = outputKey + "-part-" + b;
      g.task(part, Task.of(Chunks.FINISH, ctx, new Chunks.Finish(plan, post), level.get(0)).named("finalize"));
      parts.add(part);
    }
    g.task(outputKey, Task.ofN(GroupBuckets.CONCAT, parts).named("concat"));
    explain.append("concat ").append(outputKey).append(" (").append(n).append(" parts)\n");
    explain.append("  ").append(n).append(" x finalize ").append(outputKey).append("-part-b\n");
    for (int i = post.size() - 1; i >= 0; i--) {
      explain.append("    ").append(post.get(i).describe()).append('\n');
    }
    explain.append("    ").append(agg.describe()).append(" (final, bucket b)\n");
    explain.append("  splitOut=").append(n).append(auto == null ? "" : " (" + auto + ")")
        .append(": each partial state split by key hash into ").append(n)
        .append(" buckets; per bucket a combine tree of ").append(chunks.size()).append(" states, splitEvery=")
        .append(splitEvery).append(", depth ").append(depth).append('\n');
    explain.append("  ").append(chunks.size()).append(" x fused task ").append(name).append("-chunk-")
        .append(base).append(statesToDisk ? "-i (states written to disk, read back per bucket):\n"
            : "-i (spills above the state budget):\n");
    explain.append("    partial ").append(agg.describe()).append('\n');
  }

  private static GroupEstimate estimate(ExecContext ctx, Pipeline pipeline, Plan.Aggregate agg, List<Partition> partitions) {
    try {
      return GroupEstimate.of(ctx, pipeline, agg, partitions);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UncheckedIOException(new IOException("cannot sample " + partitions.get(0).describe()
          + " to estimate the number of groups", e));
    }
  }

  /**
   * Lowers plans computed together. Global aggregations (no group keys) over the same pipeline
   * (source, pushed filter, filters and projections) share one scan: one chunk task per partition
   * feeds a single aggregator with the union of their calls, one combine tree merges those
   * states, and each plan's finalize picks its own columns. Other plans lower as {@link #lower}.
   * Results are in the order of {@code plans}.
   */
  public static List<Lowered> lowerAll(List<Plan> plans, List<String> names, ExecContext ctx, int splitEvery) {
    Map<Plan, List<Integer>> byPipeline = new LinkedHashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      Plan.Aggregate agg = lowestAggregate(plans.get(i));
      if (agg != null && agg.keys().isEmpty()) {
        byPipeline.computeIfAbsent(withScanColumns(agg.child(), null), k -> new ArrayList<>()).add(i);
      }
    }
    Lowered[] out = new Lowered[plans.size()];
    byPipeline.forEach((allColumns, members) -> {
      Set<Plan.Aggregate> distinct = new LinkedHashSet<>();
      Set<String> read = new LinkedHashSet<>();
      members.forEach(i -> {
        distinct.add(lowestAggregate(plans.get(i)));
        read.addAll(scan(plans.get(i)).readColumns());
      });
      if (distinct.size() > 1) {
        List<Plan> group = new ArrayList<>();
        List<String> groupNames = new ArrayList<>();
        members.forEach(i -> {
          group.add(plans.get(i));
          groupNames.add(names.get(i));
        });
        List<String> columns = scan(allColumns).readColumns().stream().filter(read::contains).toList();
        List<Lowered> fused = fused(group, groupNames, withScanColumns(allColumns, columns), ctx, splitEvery);
        for (int j = 0; j < members.size(); j++) {
          out[members.get(j)] = fused.get(j);
        }
      }
    });
    List<Lowered> result = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      result.add(out[i] != null ? out[i] : lower(plans.get(i), names.get(i), ctx, splitEvery));
    }
    return result;
  }

  /**
   * The same filters and projections over the same source and pushed filter, reading
   * {@code columns} (null: all), so pipelines that differ only in the columns projection pushdown
   * chose can share one scan of their union.
   */
  private static Plan withScanColumns(Plan p, List<String> columns) {
    if (p instanceof Plan.Scan) {
      Plan.Scan scan = (Plan.Scan) p;
      return new Plan.Scan(scan.source(), columns, scan.pushed());
    }
    if (p instanceof Plan.Where) {
      return new Plan.Where(withScanColumns(((Plan.Where) p).child(), columns), ((Plan.Where) p).condition());
    }
    if (p instanceof Plan.Project) {
      return new Plan.Project(withScanColumns(((Plan.Project) p).child(), columns), ((Plan.Project) p).exprs());
    }
    if (p instanceof Plan.Sort) {
      Plan.Sort sort = (Plan.Sort) p;
      return new Plan.Sort(withScanColumns(sort.child(), columns), sort.columns(), sort.descending());
    }
    Plan.Aggregate agg = (Plan.Aggregate) p;
    return new Plan.Aggregate(withScanColumns(agg.child(), columns), agg.keys(), agg.calls(), agg.splitOut());
  }

  /** The aggregation nearest the scan, or null when the plan has none. */
  private static Plan.Aggregate lowestAggregate(Plan plan) {
    Plan.Aggregate agg = null;
    for (Plan p = plan; !(p instanceof Plan.Scan); p = p.children().get(0)) {
      if (p instanceof Plan.Aggregate) {
        agg = (Plan.Aggregate) p;
      }
    }
    return agg;
  }

  /** One graph for global aggregations of {@code plans}, all over {@code pipelineTop}. */
  private static List<Lowered> fused(List<Plan> plans, List<String> names, Plan pipelineTop, ExecContext ctx,
      int splitEvery) {
    Map<AggCall, String> columns = new LinkedHashMap<>();
    for (Plan plan : plans) {
      for (AggCall c : lowestAggregate(plan).calls()) {
        columns.computeIfAbsent(c.withOutputName("_"), k -> "_agg" + columns.size());
      }
    }
    List<AggCall> union = new ArrayList<>();
    columns.forEach((c, column) -> union.add(c.withOutputName(column)));
    Plan.Aggregate shared = new Plan.Aggregate(pipelineTop, List.of(), union);
    Lowered scan = lower(shared, "fused", ctx, splitEvery);
    String root = scan.graph().dependencies(scan.outputKey()).iterator().next();
    Graph chunks = scan.graph().cull(List.of(root));
    Graph.Builder g = Graph.builder();
    for (String key : chunks.keys()) {
      g.task(key, (Task) chunks.node(key));
    }
    Plan.Scan source = scan(pipelineTop);
    List<Partition> partitions = source.source().partitions(source.pushed());
    List<Lowered> out = new ArrayList<>();
    List<String> finals = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      Plan plan = plans.get(i);
      List<Plan> post = new ArrayList<>();
      Plan.Aggregate own = null;
      for (Plan p = plan; own == null; p = p.children().get(0)) {
        if (p == lowestAggregate(plan)) {
          own = (Plan.Aggregate) p;
        } else {
          post.add(0, p);
        }
      }
      List<Node> picks = new ArrayList<>();
      for (AggCall c : own.calls()) {
        picks.add(new Node.Alias(new Node.Column(columns.get(c.withOutputName("_"))), c.outputName()));
      }
      post.add(0, new Plan.Project(shared, picks));
      String key = names.get(i) + "-" + Graph.tokenize(plan, partitions);
      if (!finals.contains(key)) {
        g.task(key, Task.of(Chunks.FINISH, ctx, new Chunks.Finish(plan, post), root).named("finalize"));
      }
      finals.add(key);
    }
    Graph graph = g.build();
    for (int i = 0; i < plans.size(); i++) {
      String explain = "finalize " + finals.get(i) + " (one of " + plans.size() + " values sharing a scan)\n"
          + "  picks " + lowestAggregate(plans.get(i)).describe() + " from " + root + "\n" + scan.explain();
      out.add(new Lowered(graph, finals.get(i), scan.chunkKeys(), true, explain));
    }
    return out;
  }

  /** A graph of per-partition collecting tasks that stop after {@code limit} rows each (for head). */
  public static Lowered head(Plan plan, String name, ExecContext ctx, long limit) {
    Plan.Scan scan = scan(plan);
    List<Plan> chain = new ArrayList<>();
    for (Plan p = plan; !(p instanceof Plan.Scan); p = p.children().get(0)) {
      chain.add(p);
    }
    Collections.reverse(chain);
    List<Partition> partitions = scan.source().partitions(scan.pushed());
    String token = Graph.tokenize(plan, partitions, limit);
    Chunks.Collect spec = new Chunks.Collect(new Pipeline(scan, chain, plan), limit);
    Graph.Builder g = Graph.builder();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      String key = name + "-head-" + token + "-" + i;
      g.task(key, Task.of(Chunks.COLLECT, ctx, spec, partitions.get(i)).named("head"));
      keys.add(key);
    }
    return new Lowered(g.build(), null, keys, false, "");
  }

  /**
   * A graph writing each partition of a non-aggregating plan as one part file, then a success
   * task (depending on every part) that marks the directory complete.
   */
  public static Lowered write(Plan plan, ExecContext ctx, String dir, boolean parquet) {
    Plan.Scan scan = scan(plan);
    List<Plan> chain = new ArrayList<>();
    for (Plan p = plan; !(p instanceof Plan.Scan); p = p.children().get(0)) {
      chain.add(p);
    }
    Collections.reverse(chain);
    List<Partition> partitions = scan.source().partitions(scan.pushed());
    String token = Graph.tokenize(plan, partitions, dir, parquet);
    Chunks.Target target = new Chunks.Target(dir, parquet);
    Chunks.Write spec = new Chunks.Write(new Pipeline(scan, chain, plan), target);
    Graph.Builder g = Graph.builder();
    List<String> keys = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    args.add(target);
    List<Partition> inputs = partitions.isEmpty() ? Collections.singletonList(null) : partitions;
    for (int i = 0; i < inputs.size(); i++) {
      String key = "write-" + token + "-" + i;
      g.task(key, Task.of(Chunks.WRITE, ctx, spec, inputs.get(i), i).named("write"));
      keys.add(key);
      args.add(key);
    }
    String success = "write-success-" + token;
    g.task(success, Task.ofN(Chunks.SUCCESS, args).named("success"));
    return new Lowered(g.build(), success, keys, false, "");
  }

  /**
   * A graph writing an aggregated plan: its aggregation graph, then a task writing the finalized
   * result as part 0, then the success task marking the directory complete.
   */
  public static Lowered writeAggregated(Plan plan, ExecContext ctx, String dir, boolean parquet, int splitEvery) {
    Lowered agg = lower(plan, "result", ctx, splitEvery);
    Chunks.Target target = new Chunks.Target(dir, parquet);
    String token = Graph.tokenize(agg.outputKey(), dir, parquet);
    if (agg.graph().keys().contains(agg.outputKey() + "-part-0")) {
      return writeParts(agg, ctx, target, token);
    }
    String part = "write-" + token + "-0";
    String success = "write-success-" + token;
    Graph.Builder g = Graph.builder();
    for (String key : agg.graph().keys()) {
      g.task(key, (Task) agg.graph().node(key));
    }
    g.task(part, Task.of(Chunks.WRITE_RESULT, ctx, target, agg.outputKey()).named("write"));
    g.task(success, Task.ofN(Chunks.SUCCESS, List.of(target, part)).named("success"));
    return new Lowered(g.build(), success, agg.chunkKeys(), true, "success " + success + "\n  write " + part
        + "\n    " + agg.explain().replace("\n", "\n    ").stripTrailing() + "\n");
  }

  /** Writes each bucket of a split-out aggregation as its own part file, without concatenating them. */
  private static Lowered writeParts(Lowered agg, ExecContext ctx, Chunks.Target target, String token) {
    List<String> parts = new ArrayList<>();
    for (int b = 0; agg.graph().keys().contains(agg.outputKey() + "-part-" + b); b++) {
      parts.add(agg.outputKey() + "-part-" + b);
    }
    Graph finals = agg.graph().cull(parts);
    Graph.Builder g = Graph.builder();
    for (String key : finals.keys()) {
      g.task(key, (Task) finals.node(key));
    }
    List<Object> args = new ArrayList<>();
    args.add(target);
    for (int b = 0; b < parts.size(); b++) {
      String part = "write-" + token + "-" + b;
      g.task(part, Task.of(GroupBuckets.WRITE_PART, ctx, target, parts.get(b), b).named("write"));
      args.add(part);
    }
    String success = "write-success-" + token;
    g.task(success, Task.ofN(Chunks.SUCCESS, args).named("success"));
    return new Lowered(g.build(), success, agg.chunkKeys(), true, "success " + success + "\n  write " + parts.size()
        + " parts, one per bucket\n    " + agg.explain().replace("\n", "\n    ").stripTrailing() + "\n");
  }

  /** The scan at the bottom of a linear plan. */
  static Plan.Scan scan(Plan plan) {
    Plan p = plan;
    while (!(p instanceof Plan.Scan)) {
      p = p.children().get(0);
    }
    return (Plan.Scan) p;
  }
}
