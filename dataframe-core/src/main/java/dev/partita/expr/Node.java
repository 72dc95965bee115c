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
    public String toString() {
      return name;
    }
  }

  /** A constant: Long, Double, String, Boolean, LocalDate, LocalDateTime, Instant or null. */
  record Literal(Object value) implements Node {
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
      return value instanceof LocalDate ? "DATE '" + value + "'" : String.valueOf(value);
    }
  }

  /** An arithmetic, comparison or boolean operator applied to two operands. */
  record Binary(BinOp op, Node left, Node right) implements Node {
    @Override
    public String toString() {
      return "(" + left + " " + op.symbol() + " " + right + ")";
    }
  }

  /** Boolean negation. */
  record Not(Node input) implements Node {
    @Override
    public String toString() {
      return "(NOT " + input + ")";
    }
  }

  /** {@code input IS NULL}, or {@code IS NOT NULL} when negated. */
  record IsNull(Node input, boolean negated) implements Node {
    @Override
    public String toString() {
      return "(" + input + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
  }

  /** {@code input IN (values)}; values are literals as in {@link Literal}. */
  record In(Node input, List<Object> values) implements Node {
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
    public String toString() {
      return input + " AS " + name;
    }
  }

  /** A literal node from a Java value: ints widen to Long, floats to Double. */
  static Literal literal(Object value) {
    return new Literal(normalize(value));
  }

  /** The value as the engine stores it: Integer, Short and Byte as Long, Float as Double. */
  static Object normalize(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    if (value == null || value instanceof Long || value instanceof Double || value instanceof String
        || value instanceof Boolean || value instanceof LocalDate || value instanceof LocalDateTime
        || value instanceof Instant) {
      return value;
    }
    throw new IllegalArgumentException("unsupported literal " + value + " of type "
        + value.getClass().getName() + "; use a number, String, Boolean, LocalDate, LocalDateTime or Instant");
  }

  /** The column name this expression produces: the alias, the column's own name, or its text. */
  default String outputName() {
    if (this instanceof Alias) {
      return ((Alias) this).name();
    }
    return this instanceof Column ? ((Column) this).name() : toString();
  }
}
