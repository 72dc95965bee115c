package dev.partita;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.expr.Columns;
import dev.partita.expr.DType;
import dev.partita.expr.Node;
import dev.partita.expr.Types;
import dev.partita.io.Source;
import dev.partita.io.Sources;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvSource;
import dev.partita.io.parquet.ParquetOptions;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.plan.JoinColumns;
import dev.partita.plan.JoinType;
import dev.partita.plan.Plan;
import dev.partita.plan.SortKey;
import dev.partita.plan.TableData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lazy, partitioned table: each operation returns a new DataFrame describing the computation,
 * and nothing runs until {@link #compute()}, {@link #head}, {@link #write()} or a scalar's
 * {@code compute()}. Columns are checked as the frame is built, so a typo fails at once.
 *
 * <pre>{@code
 * DataFrame df = DataFrame.read("trips/*.csv");
 * Table t = df.filter(col("passengers").gt(1)).groupBy("vendor").agg(sum("fare"), count()).compute();
 * }</pre>
 */
public final class DataFrame extends Lazy {

  private final Plan plan;

  DataFrame(Plan plan) {
    this.plan = plan;
    plan.schema();
  }

  /** Reads CSV ({@code .csv}, {@code .csv.gz}) or Parquet files by extension: a file, a directory or a glob. */
  public static DataFrame read(String path) {
    try {
      return of(Sources.open(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads CSV files (a file, a directory or a glob) with explicit options. */
  public static DataFrame readCsv(String path, CsvOptions options) {
    try {
      return of(CsvSource.of(path, options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads Parquet files (a file, a directory or a glob). */
  public static DataFrame readParquet(String path) {
    try {
      return of(ParquetSource.of(path, ParquetOptions.defaults()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** A frame over any source. */
  public static DataFrame of(Source source) {
    return new DataFrame(new Plan.Scan(source, null, null));
  }

  /**
   * A frame over the rows of a computed table (copied: the table may be closed afterwards), so that small
   * in-memory data can be joined with, or unioned to, files.
   */
  public static DataFrame of(Table table) {
    TableData data = TableData.of(table.root());
    Reference.reachabilityFence(table);
    return new DataFrame(new Plan.Values(data));
  }

  @Override
  Plan plan() {
    return plan;
  }

  @Override
  String label() {
    return containsAggregate(plan) ? "groupby" : "frame";
  }

  @Override
  Object result(Table table) {
    return table;
  }

  @Override
  boolean keepsTable() {
    return true;
  }

  private static boolean containsAggregate(Plan p) {
    return p instanceof Plan.Aggregate || p.children().stream().anyMatch(DataFrame::containsAggregate);
  }

  public Schema schema() {
    return plan.schema();
  }

  public List<String> columns() {
    List<String> names = new ArrayList<>();
    for (Field f : schema().getFields()) {
      names.add(f.getName());
    }
    return names;
  }

  /** The column {@code name}, with reductions ({@code mean()}, {@code sum()}, ...) and usable as an Expr. */
  public LazyColumn col(String name) {
    Columns.find(schema(), name);
    return new LazyColumn(this, name);
  }

  /** The rows where {@code condition} is true (null counts as false). */
  public DataFrame filter(Expr condition) {
    DType t = Types.check(condition.node(), schema());
    if (t != null && t != DType.BOOL) {
      throw new AnalysisException("filter needs a bool condition, got " + t + " from " + condition,
          "compare it, e.g. " + condition + " > 0");
    }
    return new DataFrame(new Plan.Where(plan, condition.node()));
  }

  /** Only the named columns, in this order. */
  public DataFrame select(String... columns) {
    List<Node> exprs = new ArrayList<>();
    for (String c : columns) {
      exprs.add(new Node.Column(c));
    }
    return project(exprs);
  }

  /** Computed columns, named by their alias ({@code .as("z")}) or their column name. */
  public DataFrame select(Expr... columns) {
    List<Node> exprs = new ArrayList<>();
    for (Expr e : columns) {
      exprs.add(e.node());
    }
    return project(exprs);
  }

  /** All columns plus {@code name} = {@code value} (replacing a column of that name in place). */
  public DataFrame withColumn(String name, Expr value) {
    List<Node> exprs = new ArrayList<>();
    boolean replaced = false;
    Node named = value.as(name).node();
    for (String c : columns()) {
      if (c.equals(name)) {
        exprs.add(named);
        replaced = true;
      } else {
        exprs.add(new Node.Column(c));
      }
    }
    if (!replaced) {
      exprs.add(named);
    }
    return project(exprs);
  }

  private DataFrame project(List<Node> exprs) {
    Set<String> seen = new HashSet<>();
    for (Node e : exprs) {
      Types.check(e, schema());
      if (!seen.add(e.outputName())) {
        throw new AnalysisException("duplicate output column '" + e.outputName() + "'",
            "name each column uniquely with .as(...)");
      }
    }
    return new DataFrame(new Plan.Project(plan, exprs));
  }

  /** Groups rows by the key columns; null keys form their own group. */
  public GroupedData groupBy(String... keys) {
    for (String k : keys) {
      Columns.find(schema(), k);
    }
    return new GroupedData(this, List.of(keys));
  }

  /** Global aggregates as a one-row frame, e.g. {@code df.agg(sum("v1"), count())}. */
  public DataFrame agg(Agg... aggs) {
    return new GroupedData(this, List.of()).agg(aggs);
  }

  /** The number of rows. */
  public Scalar<Long> count() {
    return new Scalar<>(new Plan.Aggregate(plan, List.of(), List.of(new AggCall(AggKind.COUNT_ALL, null, "count"))),
        "count", Long.class);
  }

  /** The rows matching {@code right}'s on the column {@code key} of both (an inner join); {@code key} appears once. */
  public DataFrame join(DataFrame right, String key) {
    return join(right, List.of(key), "inner");
  }

  /** An inner join on the columns {@code keys} of both sides; each key appears once in the output. */
  public DataFrame join(DataFrame right, List<String> keys) {
    return join(right, keys, "inner");
  }

  /**
   * A join on the columns {@code keys}, named alike on both sides (SQL's {@code USING}), of kind {@code how}:
   * {@code inner}, {@code left}, {@code right}, {@code full}, {@code semi} or {@code anti}. Nulls never match.
   * Each key appears once: the left's value (the right's for a right join, the first non-null for a full
   * join); another column both sides have keeps the left's name and the right's gets {@code _right}.
   */
  public DataFrame join(DataFrame right, List<String> keys, String how) {
    if (keys.isEmpty()) {
      throw new AnalysisException("join(...) needs at least one key column", "name the columns both sides share");
    }
    for (String k : keys) {
      Columns.find(schema(), k);
      Columns.find(right.schema(), k);
      checkKeys(k, k, right);
    }
    return new DataFrame(Plan.Join.of(plan, right.plan, joinType(how), keys, keys, null, true));
  }

  /**
   * A join on {@code condition}, of kind {@code how} (see {@link #join(DataFrame, List, String)}): its
   * equalities between a left column and a right column are the join keys, the rest is evaluated over each
   * matching pair. Columns are named as in the output: a right column whose name the left has too is
   * {@code name_right}, e.g. {@code a.join(b, col("id").eq(col("id_right")).and(col("t").lt(col("t_right"))), "left")}.
   */
  public DataFrame join(DataFrame right, Expr condition, String how) {
    JoinType type = joinType(how);
    Schema pair = JoinColumns.pairSchema(schema(), right.schema());
    Set<String> leftNames = new HashSet<>(columns());
    Map<String, String> rightBack = new HashMap<>();
    JoinColumns.rightNames(schema(), right.schema()).forEach((column, name) -> rightBack.put(name, column));
    DType t = Types.check(condition.node(), pair);
    if (t != null && t != DType.BOOL) {
      throw new AnalysisException("a join condition must be bool, got " + t + " from " + condition,
          "compare columns, e.g. col(\"id\").eq(col(\"id_right\"))");
    }
    List<Node> conjuncts = new ArrayList<>();
    splitAnd(condition.node(), conjuncts);
    List<String> leftKeys = new ArrayList<>();
    List<String> rightKeys = new ArrayList<>();
    List<Node> residual = new ArrayList<>();
    for (Node c : conjuncts) {
      if (c instanceof Node.Binary b && b.op() == dev.partita.expr.BinOp.EQ
          && b.left() instanceof Node.Column x && b.right() instanceof Node.Column y) {
        if (leftNames.contains(x.name()) && rightBack.containsKey(y.name())) {
          checkKeys(x.name(), rightBack.get(y.name()), right);
          leftKeys.add(x.name());
          rightKeys.add(rightBack.get(y.name()));
          continue;
        }
        if (leftNames.contains(y.name()) && rightBack.containsKey(x.name())) {
          checkKeys(y.name(), rightBack.get(x.name()), right);
          leftKeys.add(y.name());
          rightKeys.add(rightBack.get(x.name()));
          continue;
        }
      }
      residual.add(c);
    }
    if (leftKeys.isEmpty()) {
      throw new AnalysisException("join condition " + condition + " has no equality between a left and a right column",
          "add one, e.g. col(\"id\").eq(col(\"id_right\")): Partita joins by hashing equal keys");
    }
    Node rest = null;
    for (Node r : residual) {
      rest = rest == null ? r : new Node.Binary(dev.partita.expr.BinOp.AND, rest, r);
    }
    return new DataFrame(Plan.Join.of(plan, right.plan, type, leftKeys, rightKeys, rest, false));
  }

  /** An inner join on {@code condition}; see {@link #join(DataFrame, Expr, String)}. */
  public DataFrame join(DataFrame right, Expr condition) {
    return join(right, condition, "inner");
  }

  private static JoinType joinType(String how) {
    try {
      return JoinType.of(how);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(e.getMessage(), "e.g. join(other, \"id\") or join(other, List.of(\"id\"), \"left\")");
    }
  }

  private void checkKeys(String leftKey, String rightKey, DataFrame right) {
    Field l = Columns.find(schema(), leftKey);
    Field r = Columns.find(right.schema(), rightKey);
    DType a = DType.of(l);
    DType b = DType.of(r);
    boolean ok = a != null && b != null && (a == b || (a.isNumeric() && b.isNumeric())
        || ((a == DType.DATE || a == DType.TIMESTAMP) && (b == DType.DATE || b == DType.TIMESTAMP)));
    if (!ok) {
      throw new AnalysisException("cannot join " + leftKey + " (" + DType.label(l) + ") with " + rightKey + " ("
          + DType.label(r) + ")", "join on columns of comparable types; cast one side first");
    }
  }

  private static void splitAnd(Node n, List<Node> out) {
    if (n instanceof Node.Binary b && b.op() == dev.partita.expr.BinOp.AND) {
      splitAnd(b.left(), out);
      splitAnd(b.right(), out);
    } else {
      out.add(n);
    }
  }

  /**
   * The rows of this frame, then those of {@code other}, matched by column name (SQL's {@code UNION ALL BY
   * NAME}): columns of different types are widened as DuckDB widens them (integers to bigint, numbers to
   * double, a date and a timestamp to timestamp).
   */
  public DataFrame union(DataFrame other) {
    return new DataFrame(new Plan.Union(List.of(plan, other.plan)));
  }

  /** The distinct rows (nulls equal to each other, as SQL's {@code DISTINCT}). */
  public DataFrame distinct() {
    return new DataFrame(new Plan.Aggregate(plan, columns(), List.of(), 0));
  }

  /**
   * One row per distinct value of {@code columns} (all columns when none): the first such row in partition
   * then row order, as pandas' {@code drop_duplicates} and Polars' {@code unique(keep="first")} keep it.
   */
  public DataFrame dropDuplicates(String... columns) {
    if (columns.length == 0) {
      return distinct();
    }
    List<String> keys = List.of(columns);
    for (String k : keys) {
      Columns.find(schema(), k);
    }
    List<AggCall> firsts = new ArrayList<>();
    for (String c : columns()) {
      if (!keys.contains(c)) {
        firsts.add(new AggCall(AggKind.FIRST, c, c));
      }
    }
    List<Node> order = new ArrayList<>();
    for (String c : columns()) {
      order.add(new Node.Column(c));
    }
    return new DataFrame(new Plan.Project(new Plan.Aggregate(plan, keys, firsts, 0), order));
  }

  /** The first {@code n} rows: in order after an {@link #orderBy}, else in partition order, reading no more than needed. */
  public DataFrame limit(long n) {
    if (n < 0) {
      throw new AnalysisException("limit(" + n + ")", "give a number of rows >= 0");
    }
    return new DataFrame(new Plan.Limit(plan, n));
  }

  /** The rows ordered by the named columns, ascending, nulls last (DuckDB's defaults). */
  public DataFrame orderBy(String... columns) {
    Expr[] keys = new Expr[columns.length];
    for (int i = 0; i < columns.length; i++) {
      keys[i] = Functions.col(columns[i]);
    }
    return orderBy(keys);
  }

  /**
   * The rows ordered by {@code keys}, each a column or expression, optionally {@code .desc()},
   * {@code .asc()}, {@code .nullsFirst()}, {@code .nullsLast()} (default: ascending, nulls last). The sort is
   * stable: rows with equal keys keep their order.
   */
  public DataFrame orderBy(Expr... keys) {
    if (keys.length == 0) {
      throw new AnalysisException("orderBy() needs at least one key", "e.g. orderBy(col(\"v\").desc())");
    }
    List<SortKey> sortKeys = new ArrayList<>();
    List<Node> hidden = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      Node n = keys[i].node();
      boolean desc = false;
      boolean nullsFirst = false;
      if (n instanceof Node.SortOrder o) {
        desc = o.descending();
        nullsFirst = o.nullsFirst();
        n = o.input();
      }
      Types.check(n, schema());
      if (n instanceof Node.Column c) {
        sortKeys.add(new SortKey(c.name(), desc, nullsFirst));
      } else {
        String name = "__sort" + i;
        hidden.add(new Node.Alias(n, name));
        sortKeys.add(new SortKey(name, desc, nullsFirst));
      }
    }
    if (hidden.isEmpty()) {
      return new DataFrame(new Plan.Sort(plan, sortKeys));
    }
    List<Node> all = new ArrayList<>();
    List<Node> back = new ArrayList<>();
    for (String c : columns()) {
      all.add(new Node.Column(c));
      back.add(new Node.Column(c));
    }
    all.addAll(hidden);
    return new DataFrame(new Plan.Project(new Plan.Sort(new Plan.Project(plan, all), sortKeys), back));
  }

  /** Computes the frame into a local table. */
  public Table compute() {
    return compute(ComputeOptions.defaults());
  }

  public Table compute(ComputeOptions options) {
    if (plan instanceof Plan.Limit l && !(l.child() instanceof Plan.Sort)) {
      return Runner.head(new DataFrame(l.child()), l.n(), options);
    }
    return (Table) Runner.compute(List.of(this), options).get(0);
  }

  /**
   * The first {@code n} rows. Partitions are computed in order, as many at once as there are threads, each
   * stopping once it has {@code n} rows, until there are {@code n} rows in all.
   */
  public Table head(int n) {
    return head(n, ComputeOptions.defaults());
  }

  public Table head(int n, ComputeOptions options) {
    return Runner.head(this, n, options);
  }

  /**
   * Summary statistics of the numeric columns, like pandas: one row per statistic (count, mean,
   * std, min, max), one float64 column per numeric column.
   */
  public Table describe() {
    return describe(ComputeOptions.defaults());
  }

  public Table describe(ComputeOptions options) {
    return Describe.run(this, options);
  }

  /** Writes the frame, one file per partition, e.g. {@code df.write().parquet("out/")}. */
  public DataFrameWriter write() {
    return new DataFrameWriter(this);
  }

  @Override
  public String toString() {
    return "DataFrame" + columns();
  }
}
