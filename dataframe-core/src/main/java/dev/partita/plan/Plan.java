package dev.partita.plan;

import dev.partita.agg.AggCall;
import dev.partita.agg.Aggregations;
import dev.partita.expr.Columns;
import dev.partita.expr.Node;
import dev.partita.expr.Types;
import dev.partita.graph.Tokenizable;
import dev.partita.io.Filter;
import dev.partita.io.Source;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A logical plan node. A plan is a tree: every node knows its {@link #children()}, can be rebuilt over new
 * ones with {@link #withChildren}, and knows its output {@link #schema()}. Nodes are records, so equal plans
 * are equal values and hash to the same graph token. Code that must handle every kind of node implements
 * {@link Visitor}: adding a node adds a method there, and the compiler lists every place to extend.
 *
 * <pre>{@code
 * Plan p = new Plan.Where(new Plan.Scan(source, null, null), condition);
 * Plan q = p.withChildren(List.of(otherScan));
 * }</pre>
 */
public sealed interface Plan extends Serializable {

  /** The output schema; computed from the children. */
  Schema schema();

  /** The inputs of this node, left to right (none for a leaf). */
  List<Plan> children();

  /** The same node over {@code children} (as many as {@link #children()} has). */
  Plan withChildren(List<Plan> children);

  /** One line for {@code explain()}. */
  String describe();

  /** Calls the visitor's method for this kind of node. */
  <R> R accept(Visitor<R> visitor);

  /** One method per kind of node. */
  interface Visitor<R> {
    R scan(Scan p);

    R values(Values p);

    R where(Where p);

    R project(Project p);

    R aggregate(Aggregate p);

    R sort(Sort p);

    R limit(Limit p);

    R join(Join p);

    R union(Union p);
  }

  /** {@code p} with each node rewritten bottom-up by {@code rule} (children first, then the node itself). */
  static Plan transformUp(Plan p, java.util.function.UnaryOperator<Plan> rule) {
    List<Plan> kids = p.children();
    if (kids.isEmpty()) {
      return rule.apply(p);
    }
    List<Plan> rewritten = new ArrayList<>(kids.size());
    boolean changed = false;
    for (Plan c : kids) {
      Plan r = transformUp(c, rule);
      changed |= r != c;
      rewritten.add(r);
    }
    return rule.apply(changed ? p.withChildren(rewritten) : p);
  }

  private static Plan only(List<Plan> children) {
    if (children.size() != 1) {
      throw new IllegalArgumentException("expected one child, got " + children.size());
    }
    return children.get(0);
  }

  /**
   * Reads a source: {@code columns} null means all, {@code pushed} is a pruning filter or null. It hashes
   * without the source's file list (see {@link SourceToken}); lowering hashes the partitions with it.
   */
  record Scan(Source source, List<String> columns, Filter pushed) implements Plan, Tokenizable {
    public Scan {
      columns = columns == null ? null : List.copyOf(columns);
    }

    @Override
    public Object tokenValue() {
      return Arrays.asList(SourceToken.of(source), columns, pushed);
    }

    @Override
    public Schema schema() {
      Schema all = source.schema();
      if (columns == null) {
        return all;
      }
      List<Field> fields = new ArrayList<>();
      for (String c : columns) {
        fields.add(Columns.find(all, c));
      }
      return new Schema(fields);
    }

    /** The columns read, in output order. */
    public List<String> readColumns() {
      return columns != null ? columns
          : source.schema().getFields().stream().map(Field::getName).collect(Collectors.toList());
    }

    @Override
    public List<Plan> children() {
      return List.of();
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      if (!children.isEmpty()) {
        throw new IllegalArgumentException("a scan has no children");
      }
      return this;
    }

    @Override
    public String describe() {
      return "Scan " + source.describe() + " columns=" + readColumns()
          + (pushed == null ? "" : " pushed filter=" + pushed);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.scan(this);
    }
  }

  /** A small table held in the plan itself ({@code DataFrame.of(table)}). */
  record Values(TableData data) implements Plan {
    @Override
    public Schema schema() {
      return data.schema();
    }

    @Override
    public List<Plan> children() {
      return List.of();
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      if (!children.isEmpty()) {
        throw new IllegalArgumentException("values have no children");
      }
      return this;
    }

    @Override
    public String describe() {
      return "Values " + data.rows() + " rows " + schema().getFields().stream().map(Field::getName).toList();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.values(this);
    }
  }

  /** Keeps the rows where {@code condition} is true. */
  record Where(Plan child, Node condition) implements Plan {
    @Override
    public Schema schema() {
      return child.schema();
    }

    @Override
    public List<Plan> children() {
      return List.of(child);
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      return new Where(only(children), condition);
    }

    @Override
    public String describe() {
      return "Filter " + condition;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.where(this);
    }
  }

  /**
   * Computes one output column per expression, named by {@link Node#outputName()}; a column, or
   * a column under an alias, keeps its own type.
   */
  record Project(Plan child, List<Node> exprs) implements Plan {
    public Project {
      exprs = List.copyOf(exprs);
    }

    @Override
    public Schema schema() {
      Schema in = child.schema();
      List<Field> fields = new ArrayList<>();
      for (Node e : exprs) {
        Node bare = e instanceof Node.Alias a ? a.input() : e;
        if (bare instanceof Node.Column c) {
          Field f = Columns.find(in, c.name());
          fields.add(new Field(e.outputName(), f.getFieldType(), f.getChildren()));
        } else {
          fields.add(Types.field(e, in));
        }
      }
      return new Schema(fields);
    }

    @Override
    public List<Plan> children() {
      return List.of(child);
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      return new Project(only(children), exprs);
    }

    @Override
    public String describe() {
      return "Project " + exprs;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.project(this);
    }
  }

  /**
   * Groups by {@code keys} (none: one global group) and computes {@code calls}; keys come first. The result
   * is split into {@code splitOut} partitions by key hash; 0 lets lowering choose from a sample of the keys.
   * With no calls it is {@code SELECT DISTINCT keys}.
   */
  record Aggregate(Plan child, List<String> keys, List<AggCall> calls, int splitOut) implements Plan {
    public Aggregate {
      keys = List.copyOf(keys);
      calls = List.copyOf(calls);
      if (splitOut < 0) {
        throw new IllegalArgumentException("splitOut must be >= 0 (0: chosen when lowering), got " + splitOut);
      }
    }

    /** An aggregation whose result is one partition. */
    public Aggregate(Plan child, List<String> keys, List<AggCall> calls) {
      this(child, keys, calls, 1);
    }

    @Override
    public Schema schema() {
      Schema in = child.schema();
      List<Field> fields = new ArrayList<>();
      for (String k : keys) {
        fields.add(Columns.find(in, k));
      }
      for (AggCall c : calls) {
        fields.add(Aggregations.outputField(c, c.column() == null ? null : Columns.find(in, c.column())));
      }
      return new Schema(fields);
    }

    @Override
    public List<Plan> children() {
      return List.of(child);
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      return new Aggregate(only(children), keys, calls, splitOut);
    }

    @Override
    public String describe() {
      return (calls.isEmpty() ? "Distinct keys=" : "Aggregate keys=") + keys
          + (calls.isEmpty() ? "" : " aggs=" + calls.stream().map(Plan::describeCall).collect(Collectors.toList()))
          + (splitOut > 1 ? " splitOut=" + splitOut : "");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.aggregate(this);
    }
  }

  /** Orders rows by {@code keys}, stably (rows with equal keys keep their input order). */
  record Sort(Plan child, List<SortKey> keys) implements Plan {
    public Sort {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("a sort needs at least one key");
      }
    }

    @Override
    public Schema schema() {
      return child.schema();
    }

    @Override
    public List<Plan> children() {
      return List.of(child);
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      return new Sort(only(children), keys);
    }

    @Override
    public String describe() {
      return "Sort " + keys;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.sort(this);
    }
  }

  /** The first {@code n} rows (in the child's order, which is partition order when it has none). */
  record Limit(Plan child, long n) implements Plan {
    public Limit {
      if (n < 0) {
        throw new IllegalArgumentException("limit must be >= 0, got " + n);
      }
    }

    @Override
    public Schema schema() {
      return child.schema();
    }

    @Override
    public List<Plan> children() {
      return List.of(child);
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      return new Limit(only(children), n);
    }

    @Override
    public String describe() {
      return "Limit " + n;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.limit(this);
    }
  }

  /**
   * An equi-join: rows of {@code left} and {@code right} whose {@code leftKeys} equal their
   * {@code rightKeys} (nulls never match), then {@code residual} (null: none) over the joined columns.
   * With {@code using}, the key names are the same on both sides and each key appears once in the output
   * (SQL's {@code USING}). {@code rightNames} maps each right column to its name in the output, fixed when
   * the join is built (see {@link JoinColumns}), so pruning unused columns never renames the others.
   */
  record Join(Plan left, Plan right, JoinType type, List<String> leftKeys, List<String> rightKeys, Node residual,
      boolean using, Map<String, String> rightNames) implements Plan {
    public Join {
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
      rightNames = Collections.unmodifiableMap(new TreeMap<>(rightNames));
      if (leftKeys.size() != rightKeys.size() || leftKeys.isEmpty()) {
        throw new IllegalArgumentException("a join needs as many left keys as right keys, at least one: "
            + leftKeys + " and " + rightKeys);
      }
    }

    /** A join whose right columns are named by {@link JoinColumns#rightNames(Schema, Schema)}. */
    public static Join of(Plan left, Plan right, JoinType type, List<String> leftKeys, List<String> rightKeys,
        Node residual, boolean using) {
      return new Join(left, right, type, leftKeys, rightKeys, residual, using,
          JoinColumns.rightNames(left.schema(), right.schema()));
    }

    /** The output columns: names, types and where each comes from. */
    public JoinColumns columns() {
      return JoinColumns.of(this);
    }

    @Override
    public Schema schema() {
      return columns().schema();
    }

    @Override
    public List<Plan> children() {
      return List.of(left, right);
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      if (children.size() != 2) {
        throw new IllegalArgumentException("a join has two children, got " + children.size());
      }
      return new Join(children.get(0), children.get(1), type, leftKeys, rightKeys, residual, using, rightNames);
    }

    @Override
    public String describe() {
      List<String> on = new ArrayList<>();
      for (int i = 0; i < leftKeys.size(); i++) {
        on.add(leftKeys.get(i) + " = " + rightKeys.get(i));
      }
      return "Join " + type.name().toLowerCase(Locale.ROOT) + (using ? " using " + leftKeys : " on " + on)
          + (residual == null ? "" : " and " + residual);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.join(this);
    }
  }

  /**
   * The rows of every input, in input order, matched by column name: the output has the first input's
   * column names and order, and each column the type all inputs widen to (see {@link Unions}).
   */
  record Union(List<Plan> inputs) implements Plan {
    public Union {
      inputs = List.copyOf(inputs);
      if (inputs.size() < 2) {
        throw new IllegalArgumentException("a union needs at least two inputs");
      }
    }

    @Override
    public Schema schema() {
      return Unions.schema(inputs);
    }

    @Override
    public List<Plan> children() {
      return inputs;
    }

    @Override
    public Plan withChildren(List<Plan> children) {
      return new Union(children);
    }

    @Override
    public String describe() {
      return "Union of " + inputs.size();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.union(this);
    }
  }

  /** {@code kind(column) AS name}, e.g. {@code mean(fare) AS fare}. */
  static String describeCall(AggCall c) {
    return c.kind().name().toLowerCase(Locale.ROOT) + "(" + (c.column() == null ? "*" : c.column())
        + (c.column2() == null ? "" : ", " + c.column2()) + (c.param() == 0 ? "" : ", " + c.param())
        + ") AS " + c.outputName();
  }
}
