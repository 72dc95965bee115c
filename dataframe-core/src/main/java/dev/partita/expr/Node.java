package dev.partita.expr;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An expression tree node. Nodes are records, so equal expressions are equal values and hash to
 * the same graph token; {@code toString()} prints SQL-like text used in plans and error messages.
 *
 * <pre>{@code
 * Node n = new Node.Binary(BinOp.GT, new Node.Column("passengers"), Node.literal(1));
 * n.toString();   // (passengers > 1)
 * }</pre>
 */
public sealed interface Node extends Serializable {

  /** A reference to an input column by name. */
  record Column(String name) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public Node withInputs(List<Node> in) {
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A constant: Long, Double, String, Boolean, LocalDate, LocalDateTime, Instant or null. */
  record Literal(Object value) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public Node withInputs(List<Node> in) {
      return this;
    }

    @Override
    public String toString() {
      if (value instanceof String) {
        return "'" + value + "'";
      }
      if (value instanceof LocalDateTime) {
        return "TIMESTAMP '" + value.toString().replace('T', ' ') + "'";
      }
      if (value instanceof Instant) {
        return "TIMESTAMPTZ '" + value + "'";
      }
      if (value instanceof java.math.BigDecimal d) {
        return d.toPlainString();
      }
      return value instanceof LocalDate ? "DATE '" + value + "'" : String.valueOf(value);
    }
  }

  /** An arithmetic, comparison or boolean operator applied to two operands. */
  record Binary(BinOp op, Node left, Node right) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of(left, right);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new Binary(op, in.get(0), in.get(1));
    }

    @Override
    public String toString() {
      return "(" + left + " " + op.symbol() + " " + right + ")";
    }
  }

  /** Boolean negation. */
  record Not(Node input) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of(input);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new Not(in.get(0));
    }

    @Override
    public String toString() {
      return "(NOT " + input + ")";
    }
  }

  /** {@code input IS NULL}, or {@code IS NOT NULL} when negated. */
  record IsNull(Node input, boolean negated) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of(input);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new IsNull(in.get(0), negated);
    }

    @Override
    public String toString() {
      return "(" + input + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
  }

  /** {@code input IN (values)}; values are literals as in {@link Literal}. */
  record In(Node input, List<Object> values) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of(input);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new In(in.get(0), values);
    }

    public In {
      values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    @Override
    public String toString() {
      return "(" + input + " IN (" + values.stream().map(v -> new Literal(v).toString())
          .collect(Collectors.joining(", ")) + "))";
    }
  }

  /** An expression given an output name. */
  record Alias(Node input, String name) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of(input);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new Alias(in.get(0), name);
    }

    @Override
    public String toString() {
      return input + " AS " + name;
    }
  }

  /** {@code CAST(input AS type)}. */
  record Cast(Node input, DType type) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of(input);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new Cast(in.get(0), type);
    }

    @Override
    public String toString() {
      return "CAST(" + input + " AS " + type + ")";
    }
  }

  /** {@code COALESCE(inputs...)}: the first non-null value. */
  record Coalesce(List<Node> inputs) implements Node {
    public Coalesce {
      inputs = List.copyOf(inputs);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new Coalesce(in);
    }

    @Override
    public String toString() {
      return "coalesce(" + inputs.stream().map(Node::toString).collect(Collectors.joining(", ")) + ")";
    }
  }

  /** A scalar function applied to its arguments. */
  record Call(Fn fn, List<Node> args) implements Node {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public List<Node> inputs() {
      return args;
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new Call(fn, in);
    }

    @Override
    public String toString() {
      return fn.sqlName() + "(" + args.stream().map(Node::toString).collect(Collectors.joining(", ")) + ")";
    }
  }

  /**
   * {@code CASE WHEN conditions[0] THEN values[0] ... ELSE otherwise END}: the value of the first condition
   * that is true; {@code otherwise} (the NULL literal when none was given) when none is.
   */
  record Case(List<Node> conditions, List<Node> values, Node otherwise) implements Node {
    public Case {
      conditions = List.copyOf(conditions);
      values = List.copyOf(values);
      if (conditions.size() != values.size() || conditions.isEmpty()) {
        throw new IllegalArgumentException("a CASE needs as many values as conditions, at least one");
      }
    }

    @Override
    public List<Node> inputs() {
      List<Node> all = new java.util.ArrayList<>(conditions);
      all.addAll(values);
      all.add(otherwise);
      return all;
    }

    @Override
    public Node withInputs(List<Node> in) {
      int k = conditions.size();
      return new Case(in.subList(0, k), in.subList(k, 2 * k), in.get(2 * k));
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("CASE");
      for (int i = 0; i < conditions.size(); i++) {
        sb.append(" WHEN ").append(conditions.get(i)).append(" THEN ").append(values.get(i));
      }
      return sb.append(" ELSE ").append(otherwise).append(" END").toString();
    }
  }

  /** A sort key: {@code input} with its direction and where its nulls go; only {@code orderBy} takes one. */
  record SortOrder(Node input, boolean descending, boolean nullsFirst) implements Node {
    @Override
    public List<Node> inputs() {
      return List.of(input);
    }

    @Override
    public Node withInputs(List<Node> in) {
      return new SortOrder(in.get(0), descending, nullsFirst);
    }

    @Override
    public String toString() {
      return input + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
  }

  /** The operands of this node, left to right. */
  List<Node> inputs();

  /** The same node over {@code inputs} (as many as {@link #inputs()} has). */
  Node withInputs(List<Node> inputs);

  /** {@code node} with each sub-expression rewritten bottom-up by {@code rule}. */
  static Node transform(Node node, java.util.function.UnaryOperator<Node> rule) {
    List<Node> in = node.inputs();
    if (in.isEmpty()) {
      return rule.apply(node);
    }
    List<Node> out = new java.util.ArrayList<>(in.size());
    boolean changed = false;
    for (Node n : in) {
      Node r = transform(n, rule);
      changed |= r != n;
      out.add(r);
    }
    return rule.apply(changed ? node.withInputs(out) : node);
  }

  /** The input columns {@code node} reads, in first-seen order. */
  static java.util.Set<String> columns(Node node) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    transform(node, n -> {
      if (n instanceof Column c) {
        out.add(c.name());
      }
      return n;
    });
    return out;
  }

  /** {@code node} reading column {@code renames.get(c)} wherever it read a renamed column {@code c}. */
  static Node renameColumns(Node node, java.util.Map<String, String> renames) {
    return transform(node, n -> n instanceof Column c && renames.containsKey(c.name())
        ? new Column(renames.get(c.name())) : n);
  }

  /** A literal node from a Java value: ints widen to Long, floats to Double. */
  static Literal literal(Object value) {
    return new Literal(normalize(value));
  }

  /** The value as the engine stores it: Integer, Short and Byte as Long, Float as Double, a BigDecimal of at least scale 0. */
  static Object normalize(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    if (value instanceof java.math.BigDecimal d) {
      if (d.precision() - d.scale() + Math.max(d.scale(), 0) > 38) {
        throw new IllegalArgumentException("decimal literal " + d + " has more than 38 digits; use a double");
      }
      return d.scale() < 0 ? d.setScale(0) : d;
    }
    if (value == null || value instanceof Long || value instanceof Double || value instanceof String
        || value instanceof Boolean || value instanceof LocalDate || value instanceof LocalDateTime
        || value instanceof Instant) {
      return value;
    }
    throw new IllegalArgumentException("unsupported literal " + value + " of type "
        + value.getClass().getName() + "; use a number, BigDecimal, String, Boolean, LocalDate, LocalDateTime or Instant");
  }

  /** The column name this expression produces: the alias, the column's own name, or its text. */
  default String outputName() {
    if (this instanceof Alias) {
      return ((Alias) this).name();
    }
    return this instanceof Column ? ((Column) this).name() : toString();
  }
}
