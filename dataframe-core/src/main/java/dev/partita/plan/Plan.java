package dev.partita.plan;

import dev.partita.agg.AggCall;
import dev.partita.agg.Aggregations;
import dev.partita.expr.Columns;
import dev.partita.expr.DType;
import dev.partita.expr.Node;
import dev.partita.expr.Types;
import dev.partita.graph.Tokenizable;
import dev.partita.io.Filter;
import dev.partita.io.Source;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A logical plan node. Nodes are records (equal plans are equal values and hash to the same graph
 * token); each knows its output schema and one line describing it for {@code explain()}.
 *
 * <pre>{@code
 * Plan p = new Plan.Where(new Plan.Scan(source, null, null), condition);
 * p.schema();
 * }</pre>
 */
public sealed interface Plan extends Serializable {

  /** The output schema; computed from the children. */
  Schema schema();

  /** The inputs of this node (none for a scan). */
  List<Plan> children();

  /** One line for {@code explain()}. */
  String describe();

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
    public String describe() {
      return "Scan " + source.describe() + " columns=" + readColumns()
          + (pushed == null ? "" : " pushed filter=" + pushed);
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
    public String describe() {
      return "Filter " + condition;
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
        if (e instanceof Node.Column) {
          Field f = Columns.find(in, ((Node.Column) e).name());
          fields.add(f);
        } else if (e instanceof Node.Alias && ((Node.Alias) e).input() instanceof Node.Column) {
          Field f = Columns.find(in, ((Node.Column) ((Node.Alias) e).input()).name());
          fields.add(new Field(e.outputName(), f.getFieldType(), f.getChildren()));
        } else {
          DType t = Types.check(e, in);
          fields.add((t == null ? DType.BOOL : t).field(e.outputName()));
        }
      }
      return new Schema(fields);
    }

    @Override
    public List<Plan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return "Project " + exprs;
    }
  }

  /**
   * Groups by {@code keys} (none: one global group) and computes {@code calls}; keys come first. The result
   * is split into {@code splitOut} partitions by key hash; 0 lets lowering choose from a sample of the keys.
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
    public String describe() {
      return "Aggregate keys=" + keys + " aggs=" + calls.stream().map(Plan::describeCall)
          .collect(Collectors.toList()) + (splitOut > 1 ? " splitOut=" + splitOut : "");
    }
  }

  /** Orders rows by {@code columns}; nulls last; {@code descending} per column. */
  record Sort(Plan child, List<String> columns, List<Boolean> descending) implements Plan {
    public Sort {
      columns = List.copyOf(columns);
      descending = List.copyOf(descending);
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
    public String describe() {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        parts.add(columns.get(i) + (descending.get(i) ? " DESC" : " ASC"));
      }
      return "Sort " + parts;
    }
  }

  /** {@code kind(column) AS name}, e.g. {@code mean(fare) AS fare}. */
  static String describeCall(AggCall c) {
    return c.kind().name().toLowerCase(java.util.Locale.ROOT) + "(" + (c.column() == null ? "*" : c.column())
        + (c.column2() == null ? "" : ", " + c.column2()) + (c.param() == 0 ? "" : ", " + c.param())
        + ") AS " + c.outputName();
  }
}
