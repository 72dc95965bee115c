package dev.partita;

import dev.partita.expr.BinOp;
import dev.partita.expr.Fn;
import dev.partita.expr.Node;
import dev.partita.expr.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A column expression, built from {@link Functions#col} and {@link Functions#lit}. Operators take
 * another Expr or a plain Java value; nulls follow SQL (a comparison with null is null, and a
 * filter keeps only rows where its condition is true).
 *
 * <pre>{@code
 * Expr busy = col("passengers").gt(1).and(col("fare").div(col("miles")).lt(5.0));
 * df.filter(busy.and(col("vendor").like("CMT%")).and(col("pickup").year().eq(2024)));
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

  /** Division, always a double as in DuckDB (a zero divisor gives an infinity, or NaN for 0 / 0). */
  public Expr div(Object other) {
    return binary(BinOp.DIV, other);
  }

  /** The remainder (SQL {@code %}): of integers an integer with the dividend's sign (zero divisor: an error); else a double. */
  public Expr mod(Object other) {
    return binary(BinOp.MOD, other);
  }

  /** {@code -x}. */
  public Expr neg() {
    return call(Fn.NEG);
  }

  public Expr abs() {
    return call(Fn.ABS);
  }

  /** Rounded to a whole number, halves away from zero (DuckDB's {@code round}). */
  public Expr round() {
    return round(0);
  }

  /** Rounded to {@code digits} decimal places (negative: to tens, hundreds...), halves away from zero. */
  public Expr round(int digits) {
    return call(Fn.ROUND, Node.literal((long) digits));
  }

  /**
   * The value converted to {@code type}: {@code double}, {@code bigint} (also {@code int}, {@code integer},
   * {@code long}), {@code string} ({@code varchar}, {@code text}), {@code date}, {@code timestamp},
   * {@code bool}; as DuckDB's CAST (a double to an integer rounds to nearest, ties to even; a string that does
   * not read as the type is an error naming it).
   */
  public Expr cast(String type) {
    return new Expr(new Node.Cast(node, Types.named(type)));
  }

  /** {@code lo <= x AND x <= hi} (SQL's BETWEEN, bounds included). */
  public Expr between(Object lo, Object hi) {
    return ge(lo).and(le(hi));
  }

  /** SQL LIKE: {@code %} matches any run of characters, {@code _} one character; case-sensitive, no escape. */
  public Expr like(String pattern) {
    return call(Fn.LIKE, Node.literal(pattern));
  }

  public Expr startsWith(String prefix) {
    return call(Fn.STARTS_WITH, Node.literal(prefix));
  }

  public Expr endsWith(String suffix) {
    return call(Fn.ENDS_WITH, Node.literal(suffix));
  }

  public Expr contains(String part) {
    return call(Fn.CONTAINS, Node.literal(part));
  }

  /** {@code length} characters from the 1-based position {@code start} (SQL's SUBSTRING; negative: from the end). */
  public Expr substring(int start, int length) {
    return call(Fn.SUBSTRING, Node.literal((long) start), Node.literal((long) length));
  }

  /** The number of characters. */
  public Expr length() {
    return call(Fn.LENGTH);
  }

  public Expr upper() {
    return call(Fn.UPPER);
  }

  public Expr lower() {
    return call(Fn.LOWER);
  }

  /** Without the spaces at either end. */
  public Expr trim() {
    return call(Fn.TRIM);
  }

  /** This string followed by {@code others} (columns or values; nulls are skipped, as DuckDB's {@code concat}). */
  public Expr concat(Object... others) {
    List<Node> args = new ArrayList<>();
    args.add(node);
    for (Object o : others) {
      args.add(nodeOf(o));
    }
    return new Expr(new Node.Call(Fn.CONCAT, args));
  }

  /** The year of a date or timestamp. */
  public Expr year() {
    return call(Fn.YEAR);
  }

  public Expr month() {
    return call(Fn.MONTH);
  }

  /** The day of the month. */
  public Expr day() {
    return call(Fn.DAY);
  }

  /** The day of the week, Sunday 0 to Saturday 6 (DuckDB's {@code dayofweek}). */
  public Expr dayOfWeek() {
    return call(Fn.DAY_OF_WEEK);
  }

  public Expr hour() {
    return call(Fn.HOUR);
  }

  /** The start of the {@code unit} ({@code year}, {@code quarter}, {@code month}, {@code week}, {@code day}, {@code hour}...) the value is in, as a timestamp. */
  public Expr dateTrunc(String unit) {
    return new Expr(new Node.Call(Fn.DATE_TRUNC, List.of(Node.literal(unit), node)));
  }

  private Expr call(Fn fn, Node... more) {
    List<Node> args = new ArrayList<>();
    args.add(node);
    args.addAll(List.of(more));
    return new Expr(new Node.Call(fn, args));
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
