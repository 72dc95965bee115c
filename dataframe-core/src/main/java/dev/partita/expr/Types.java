package dev.partita.expr;

import dev.partita.AnalysisException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Type checking of expressions against a schema, before anything runs, and DuckDB's implicit
 * casts between operands: integers and floats compare and compute as numbers, a date compares
 * with a timestamp at its midnight, and a string literal compares with a date or timestamp
 * column as the value it spells ({@code '2021-06-01'}, {@code '2021-06-01 12:30:00'}, with an
 * optional offset such as {@code Z}). A null result type means the SQL NULL literal, which fits
 * anywhere.
 *
 * <pre>{@code
 * DType t = Types.check(node, schema);   // AnalysisException naming the operator and operand types
 * Object micros = Types.kernelScalar("2021-06-01 12:00", DType.TIMESTAMP);
 * }</pre>
 */
public final class Types {

  private Types() {}

  /** The type {@code node} produces over {@code schema}; throws AnalysisException when it is ill-typed. */
  public static DType check(Node node, Schema schema) {
    if (node instanceof Node.Column) {
      Field f = Columns.find(schema, ((Node.Column) node).name());
      DType t = DType.of(f);
      if (t == null) {
        throw new AnalysisException("column '" + f.getName() + "' has type " + DType.label(f)
            + ", which expressions do not support", "select it without computing on it");
      }
      return t;
    }
    if (node instanceof Node.Literal) {
      return literalType(((Node.Literal) node).value());
    }
    if (node instanceof Node.Alias) {
      return check(((Node.Alias) node).input(), schema);
    }
    if (node instanceof Node.Not) {
      requireBool(check(((Node.Not) node).input(), schema), node);
      return DType.BOOL;
    }
    if (node instanceof Node.IsNull) {
      check(((Node.IsNull) node).input(), schema);
      return DType.BOOL;
    }
    if (node instanceof Node.In) {
      Node.In in = (Node.In) node;
      DType t = check(in.input(), schema);
      for (Object v : in.values()) {
        comparable(t, new Node.Literal(v), literalType(v), node);
        comparable(literalType(v), in.input(), t, node);
      }
      return DType.BOOL;
    }
    if (node instanceof Node.SortOrder o) {
      throw bad("a sort order (" + o + ") is not a value", node, "use asc(), desc(), nullsFirst() and nullsLast() only in orderBy(...)");
    }
    if (node instanceof Node.Cast c) {
      DType from = check(c.input(), schema);
      if (from != null && !castable(from, c.type())) {
        throw bad("cannot cast " + from + " to " + c.type(), node,
            "casts go between numbers, booleans and integers, dates and timestamps, and to or from strings");
      }
      return c.type();
    }
    if (node instanceof Node.Coalesce c) {
      DType t = null;
      for (Node in : c.inputs()) {
        t = common(t, check(in, schema), node);
      }
      return t;
    }
    if (node instanceof Node.Call call) {
      List<DType> types = new ArrayList<>();
      for (Node a : call.args()) {
        types.add(check(a, schema));
      }
      return call.fn().type(call.args(), types, node);
    }
    if (node instanceof Node.Case c) {
      for (Node cond : c.conditions()) {
        requireBool(check(cond, schema), node);
      }
      DType t = null;
      for (Node v : c.values()) {
        t = common(t, check(v, schema), node);
      }
      return common(t, check(c.otherwise(), schema), node);
    }
    Node.Binary b = (Node.Binary) node;
    DType l = check(b.left(), schema);
    DType r = check(b.right(), schema);
    if (b.op().arithmetic() != null) {
      DType dates = dateArithmetic(b.op(), l, r);
      if (dates != null) {
        return dates;
      }
      if ((l != null && !l.isNumeric()) || (r != null && !r.isNumeric())) {
        throw bad("cannot apply " + b.op().symbol() + " to " + l + " and " + r, node,
            "arithmetic needs integer, float or decimal operands; a date takes + and - of days, and - of a date");
      }
      return arithmeticType(b.op(), l, r);
    }
    if (b.op().comparison() != null) {
      comparable(l, b.right(), r, node);
      comparable(r, b.left(), l, node);
      return DType.BOOL;
    }
    requireBool(l, node);
    requireBool(r, node);
    return DType.BOOL;
  }

  /** The Arrow field {@code node} produces over {@code schema}, named by its output name. */
  public static Field field(Node node, Schema schema) {
    DType t = check(node, schema);
    return (t == null ? DType.BOOL : t).field(node.outputName());
  }

  /**
   * Whether values of {@code from} convert to {@code to}: anything to and from a string, numbers to numbers,
   * booleans to and from integers, dates to and from timestamps, and a type to itself.
   */
  static boolean castable(DType from, DType to) {
    boolean temporal = (from == DType.DATE || from == DType.TIMESTAMP) && (to == DType.DATE || to == DType.TIMESTAMP);
    boolean boolInt = (from == DType.BOOL && to == DType.INT64) || (from == DType.INT64 && to == DType.BOOL);
    return from == to || from == DType.STRING || to == DType.STRING || (from.isNumeric() && to.isNumeric())
        || temporal || boolInt;
  }

  /** The type of {@code l op r} for numbers: int64 for integers (but {@code /}), else float64. */
  public static DType arithmeticType(BinOp op, DType l, DType r) {
    return l == DType.INT64 && r == DType.INT64 && op != BinOp.DIV ? DType.INT64 : DType.FLOAT64;
  }

  /** The type of date arithmetic ({@code date + days}, {@code date - days}, {@code date - date}), or null. */
  public static DType dateArithmetic(BinOp op, DType l, DType r) {
    if (op == BinOp.PLUS && ((l == DType.DATE && r == DType.INT64) || (l == DType.INT64 && r == DType.DATE))) {
      return DType.DATE;
    }
    if (op == BinOp.MINUS && l == DType.DATE && r == DType.INT64) {
      return DType.DATE;
    }
    return op == BinOp.MINUS && l == DType.DATE && r == DType.DATE ? DType.INT64 : null;
  }

  /** The type operands of {@code where} share: int64 for integers, float64 for numbers, timestamp for a date and a timestamp. */
  public static DType common(DType a, DType b, Node where) {
    if (a == null || b == null || a == b) {
      return a == null ? b : a;
    }
    if (a.isNumeric() && b.isNumeric()) {
      return DType.FLOAT64;
    }
    if ((a == DType.DATE || a == DType.TIMESTAMP) && (b == DType.DATE || b == DType.TIMESTAMP)) {
      return DType.TIMESTAMP;
    }
    throw bad("operands of types " + a + " and " + b + " do not mix", where, "cast them to one type first");
  }

  /** The type a cast names: {@code double}, {@code bigint}, {@code string}, {@code date}... (DuckDB's names too). */
  public static DType named(String type) {
    switch (type.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "double": case "float64": case "float": case "real": case "float8": return DType.FLOAT64;
      case "bigint": case "int64": case "int": case "integer": case "long": case "int8": case "int4":
      case "smallint": case "tinyint": case "hugeint": return DType.INT64;
      case "string": case "varchar": case "text": case "utf8": return DType.STRING;
      case "date": return DType.DATE;
      case "timestamp": case "datetime": return DType.TIMESTAMP;
      case "bool": case "boolean": return DType.BOOL;
      default:
        throw new AnalysisException("unknown type '" + type + "'",
            "cast to double, bigint, string, date, timestamp or bool");
    }
  }

  /** The type of a literal value (as normalised by {@link Node#normalize}); null for null. */
  static DType literalType(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Long) {
      return DType.INT64;
    }
    if (v instanceof Double) {
      return DType.FLOAT64;
    }
    if (v instanceof String) {
      return DType.STRING;
    }
    if (v instanceof Boolean) {
      return DType.BOOL;
    }
    if (v instanceof LocalDate) {
      return DType.DATE;
    }
    if (v instanceof LocalDateTime || v instanceof Instant) {
      return DType.TIMESTAMP;
    }
    throw new AnalysisException("unsupported literal " + v,
        "use a number, String, Boolean, LocalDate, LocalDateTime or Instant");
  }

  /**
   * The type both operands of a comparison are brought to: the shared type, float64 for mixed
   * numbers, timestamp for a date with a timestamp, the temporal type for one with a string.
   */
  public static DType comparisonType(DType l, DType r) {
    if (l == null || r == null || l == r) {
      return l == null ? r : l;
    }
    if (l.isNumeric() && r.isNumeric()) {
      return DType.FLOAT64;
    }
    if (l == DType.STRING || r == DType.STRING) {
      return l == DType.STRING ? r : l;
    }
    return DType.TIMESTAMP;
  }

  /**
   * A literal value as the kernels compare it against a vector of type {@code target}: dates as
   * Integer days and timestamps as Long microseconds since the epoch (naive timestamps read as
   * UTC), strings parsed when the target is temporal; numbers, strings and booleans unchanged.
   *
   * @throws AnalysisException when a string does not spell a date or timestamp
   */
  public static Object kernelScalar(Object v, DType target) {
    if (v == null) {
      return null;
    }
    if (target == DType.DATE) {
      LocalDate d = v instanceof String ? parseDate((String) v) : (LocalDate) v;
      return (int) d.toEpochDay();
    }
    if (target == DType.TIMESTAMP) {
      return micros(v instanceof String ? parseTimestamp((String) v) : v);
    }
    return v;
  }

  private static long micros(Object v) {
    if (v instanceof LocalDate) {
      return Math.multiplyExact(((LocalDate) v).toEpochDay(), 86_400_000_000L);
    }
    Instant i = v instanceof Instant ? (Instant) v : ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
  }

  private static LocalDate parseDate(String s) {
    try {
      return LocalDate.parse(s.trim());
    } catch (DateTimeParseException e) {
      throw new AnalysisException("cannot read '" + s + "' as a date", "write dates as 'yyyy-MM-dd'");
    }
  }

  private static Object parseTimestamp(String s) {
    String t = s.trim();
    if (t.length() > 10 && t.charAt(10) == ' ') {
      t = t.substring(0, 10) + 'T' + t.substring(11);
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t);
      }
      char last = t.charAt(t.length() - 1);
      if (last == 'Z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t);
    } catch (DateTimeParseException e) {
      throw new AnalysisException("cannot read '" + s + "' as a timestamp",
          "write timestamps as 'yyyy-MM-dd HH:mm[:ss[.ffffff]]', optionally with an offset such as Z or +02:00");
    }
  }

  /**
   * Checks {@code l} can be compared with {@code other} of type {@code r}; a string literal
   * against a date or timestamp must spell one. Callers check both directions.
   */
  private static void comparable(DType l, Node other, DType r, Node where) {
    if (l == null || r == null || l == r || (l.isNumeric() && r.isNumeric())) {
      return;
    }
    boolean temporal = l == DType.DATE || l == DType.TIMESTAMP;
    if (temporal && (r == DType.DATE || r == DType.TIMESTAMP)) {
      return;
    }
    if (temporal && r == DType.STRING && other instanceof Node.Literal) {
      kernelScalar(((Node.Literal) other).value(), l);
      return;
    }
    if (l == DType.STRING && (r == DType.DATE || r == DType.TIMESTAMP)) {
      return;
    }
    throw bad("cannot compare " + l + " with " + r, where, "compare values of the same type; a date or "
        + "timestamp column also compares with a date, timestamp or a 'yyyy-MM-dd[ HH:mm:ss]' literal");
  }

  private static void requireBool(DType t, Node where) {
    if (t != null && t != DType.BOOL) {
      throw bad("expected a bool operand, got " + t, where, "use a comparison such as col(\"x\").gt(0)");
    }
  }

  private static AnalysisException bad(String problem, Node where, String hint) {
    return new AnalysisException(problem + " in " + where, hint);
  }
}
