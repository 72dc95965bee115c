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
import dev.partita.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  /** Computes the frame into a local table. */
  public Table compute() {
    return compute(ComputeOptions.defaults());
  }

  public Table compute(ComputeOptions options) {
    return (Table) Runner.compute(List.of(this), options).get(0);
  }

  /**
   * The first {@code n} rows. Partitions are computed one at a time, in order, each stopping once
   * it has {@code n} rows, until there are {@code n} rows in all.
   */
  public Table head(int n) {
    return head(n, ComputeOptions.defaults());
  }

  public Table head(int n, ComputeOptions options) {
    if (containsAggregate(plan)) {
      try (Table all = compute(options)) {
        return Runner.slice(all, n);
      }
    }
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

  boolean aggregated() {
    return containsAggregate(plan);
  }

  @Override
  public String toString() {
    return "DataFrame" + columns();
  }
}
