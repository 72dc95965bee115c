package dev.partita;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.Aggregations;
import dev.partita.expr.Columns;
import dev.partita.expr.DType;
import dev.partita.expr.Node;
import dev.partita.expr.Types;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link DataFrame} grouped by key columns, waiting for its aggregations.
 *
 * <pre>{@code
 * DataFrame byVendor = df.groupBy("vendor").agg(sum("fare").as("total"), mean("tip"), count());
 * }</pre>
 */
public final class GroupedData {

  private final DataFrame frame;
  private final List<String> keys;
  private final int splitOut;

  GroupedData(DataFrame frame, List<String> keys) {
    this(frame, keys, 0);
  }

  private GroupedData(DataFrame frame, List<String> keys, int splitOut) {
    this.frame = frame;
    this.keys = List.copyOf(keys);
    this.splitOut = splitOut;
  }

  /**
   * Splits the result into {@code n} partitions by key hash (dask's {@code split_out}) for results with
   * many groups: each bucket is combined and finalized on its own, {@code write()} writes one part file
   * per bucket, {@code compute()} concatenates them (groups then come bucket by bucket). Only the chunk
   * tasks spill; a bucket's combine and finalize hold its groups in memory, so a bucket's share of the
   * groups is what bounds memory after the chunks.
   *
   * <p>Without this call, a grouping of a source with several partitions estimates its groups when it is
   * lowered (from the first 65,536 rows of the first partition, see {@code explain()}) and splits into
   * {@code ceil(groups / 1M)} rounded up to a power of two (at most 64) when it expects more than a
   * million groups, so each bucket holds about a million. {@code splitOut(1)} turns that off.
   */
  public GroupedData splitOut(int n) {
    if (n < 1) {
      throw new AnalysisException("splitOut(" + n + ")", "give a number of output partitions >= 1");
    }
    return new GroupedData(frame, keys, n);
  }

  /**
   * One row per group: the keys, then each aggregation in order. Aggregations over expressions (e.g.
   * {@code sum(col("price").mul(col("qty")))}) compute their inputs in the same pass over the rows.
   */
  public DataFrame agg(Agg... aggs) {
    if (aggs.length == 0) {
      throw new AnalysisException("agg() needs at least one aggregation", "e.g. agg(count())");
    }
    List<Node> computed = new ArrayList<>();
    Schema input = frame.schema();
    Set<String> names = new HashSet<>(keys);
    List<AggCall> calls = new ArrayList<>();
    for (Agg a : aggs) {
      String column = inputColumn(a.input(), input, computed);
      String column2 = inputColumn(a.input2(), input, computed);
      AggCall call = a.call(column, column2);
      if (call.kind() == AggKind.TOP_N) {
        throw new AnalysisException("top_n in agg()", "use groupBy(...).topN(column, n), which gives a row per value");
      }
      if (!names.add(call.outputName())) {
        throw new AnalysisException("duplicate output column '" + call.outputName() + "' from " + a,
            "name each aggregation with .as(...), e.g. " + a + ".as(\"" + call.outputName() + "_2\")");
      }
      calls.add(call);
    }
    DataFrame in = frame;
    if (!computed.isEmpty()) {
      List<Node> exprs = new ArrayList<>();
      for (String c : frame.columns()) {
        exprs.add(new Node.Column(c));
      }
      exprs.addAll(computed);
      in = new DataFrame(new Plan.Project(frame.plan(), exprs));
    }
    for (AggCall c : calls) {
      check(in, c);
    }
    return new DataFrame(new Plan.Aggregate(in.plan(), keys, calls, splitOut));
  }

  /**
   * The column holding an aggregation's input: the column itself, or a hidden column {@code __agg<i>} added to
   * {@code computed} for an expression (type-checked here, so a typo fails at once).
   */
  private static String inputColumn(Node expr, Schema input, List<Node> computed) {
    if (expr == null) {
      return null;
    }
    if (expr instanceof Node.Column c) {
      Columns.find(input, c.name());
      return c.name();
    }
    Types.check(expr, input);
    for (Node done : computed) {
      if (((Node.Alias) done).input().equals(expr)) {
        return ((Node.Alias) done).name();
      }
    }
    String name = "__agg" + computed.size();
    computed.add(new Node.Alias(expr, name));
    return name;
  }

  /** Rows per group, named {@code count}. */
  public DataFrame count() {
    return agg(Functions.count());
  }

  /**
   * The {@code n} largest non-null values of {@code column} per group, one row each: the keys, then
   * {@code column}; largest first within a group, groups in first-seen order. Nulls are skipped (a
   * group of only nulls has no row), as db-benchmark's {@code row_number() OVER (PARTITION BY k ORDER
   * BY v DESC) <= n} over {@code v IS NOT NULL}. For integer, float, boolean, date and timestamp columns.
   */
  public DataFrame topN(String column, int n) {
    AggCall call = check(frame, new AggCall(AggKind.TOP_N, column, column, null, n));
    if (keys.contains(column)) {
      throw new AnalysisException("topN of key column '" + column + "'", "pick a column that is not a group key");
    }
    return new DataFrame(new Plan.Aggregate(frame.plan(), keys, List.of(call), splitOut));
  }

  /** Checks the call's column exists and that the aggregation is defined for its type. */
  static AggCall check(DataFrame frame, AggCall call) {
    if (call.column() == null) {
      return call;
    }
    Field input = Columns.find(frame.schema(), call.column());
    String kind = call.kind().name().toLowerCase(java.util.Locale.ROOT);
    boolean numericOnly = call.kind() != AggKind.COUNT && call.kind() != AggKind.MIN && call.kind() != AggKind.MAX
        && call.kind() != AggKind.NUNIQUE && call.kind() != AggKind.FIRST && call.kind() != AggKind.LAST
        && call.kind() != AggKind.TOP_N;
    for (String column : call.inputs()) {
      Field f = Columns.find(frame.schema(), column);
      DType t = DType.of(f);
      if (numericOnly && (t == null || !t.isNumeric())) {
        throw new AnalysisException("cannot compute " + kind + " of column '" + column
            + "' of type " + DType.label(f), kind + " needs an integer, float or decimal column");
      }
    }
    try {
      Aggregations.outputField(call, input);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException("cannot compute " + kind + " of column '" + call.column()
          + "' of type " + DType.label(input), e.getMessage());
    }
    return call;
  }
}
