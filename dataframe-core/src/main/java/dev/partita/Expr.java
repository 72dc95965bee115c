package dev.partita;

import dev.partita.expr.BinOp;
import dev.partita.expr.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A column expression, built from {@link Functions#col} and {@link Functions#lit}. Operators take
 * another Expr or a plain Java value; nulls follow SQL (a comparison with null is null, and a
 * filter keeps only rows where its condition is true).
 *
 * <pre>{@code
 * Expr busy = col("passengers").gt(1).and(col("fare").div(col("miles")).lt(5.0));
 * df.filter(busy);
 * }</pre>
 */
public class Expr {

  private final Node node;

  Expr(Node node) {
    this.node = node;
  }

  Node node() {
    return node;
  }

  static Node nodeOf(Object value) {
    return value instanceof Expr ? ((Expr) value).node : Node.literal(value);
  }

  private Expr binary(BinOp op, Object other) {
    return new Expr(new Node.Binary(op, node, nodeOf(other)));
  }

  public Expr plus(Object other) {
    return binary(BinOp.PLUS, other);
  }

  public Expr minus(Object other) {
    return binary(BinOp.MINUS, other);
  }

  public Expr mul(Object other) {
    return binary(BinOp.MUL, other);
  }

  /** Division; integer by integer gives a double, and division by zero gives null (as DuckDB). */
  public Expr div(Object other) {
    return binary(BinOp.DIV, other);
  }

  public Expr eq(Object other) {
    return binary(BinOp.EQ, other);
  }

  public Expr ne(Object other) {
    return binary(BinOp.NE, other);
  }

  public Expr gt(Object other) {
    return binary(BinOp.GT, other);
  }

  public Expr ge(Object other) {
    return binary(BinOp.GE, other);
  }

  public Expr lt(Object other) {
    return binary(BinOp.LT, other);
  }

  public Expr le(Object other) {
    return binary(BinOp.LE, other);
  }

  public Expr and(Expr other) {
    return binary(BinOp.AND, other);
  }

  public Expr or(Expr other) {
    return binary(BinOp.OR, other);
  }

  public Expr not() {
    return new Expr(new Node.Not(node));
  }

  public Expr isNull() {
    return new Expr(new Node.IsNull(node, false));
  }

  public Expr isNotNull() {
    return new Expr(new Node.IsNull(node, true));
  }

  /** True when the value equals one of {@code values} (Java literals). */
  public Expr isIn(Object... values) {
    List<Object> list = new ArrayList<>();
    for (Object v : values) {
      list.add(Node.normalize(v));
    }
    return new Expr(new Node.In(node, list));
  }

  /** Descending order, for {@link DataFrame#orderBy(Expr...)}; nulls stay last unless {@link #nullsFirst()}. */
  public Expr desc() {
    return order(true, null);
  }

  /** Ascending order (the default), for {@link DataFrame#orderBy(Expr...)}. */
  public Expr asc() {
    return order(false, null);
  }

  /** Nulls before all values, for {@link DataFrame#orderBy(Expr...)}. */
  public Expr nullsFirst() {
    return order(null, true);
  }

  /** Nulls after all values (the default), for {@link DataFrame#orderBy(Expr...)}. */
  public Expr nullsLast() {
    return order(null, false);
  }

  private Expr order(Boolean descending, Boolean nullsFirst) {
    Node.SortOrder o = node instanceof Node.SortOrder s ? s : new Node.SortOrder(node, false, false);
    return new Expr(new Node.SortOrder(o.input(), descending != null ? descending : o.descending(),
        nullsFirst != null ? nullsFirst : o.nullsFirst()));
  }

  /** The same expression under the output name {@code name}. */
  public Expr as(String name) {
    Node inner = node instanceof Node.Alias ? ((Node.Alias) node).input() : node;
    return new Expr(new Node.Alias(inner, name));
  }

  @Override
  public String toString() {
    return node.toString();
  }
}
