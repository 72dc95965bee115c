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
      return common(c.inputs(), schema, node);
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
      List<Node> values = new ArrayList<>(c.values());
      values.add(c.otherwise());
      return common(values, schema, node);
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
      return arithmeticType(b, l, r, schema);
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

  /**
   * The type of {@code l op r} for numbers, DuckDB's: int64 for integers (but {@code /}); float64 when an
   * operand is a float or for {@code /}; else a decimal, with an integer operand as the decimal of its width
   * ({@link #asDecimal}): {@code + -} give {@code max(p1-s1, p2-s2) + max(s1, s2) + 1} digits at the larger
   * scale, {@code *} {@code p1+p2} digits at scale {@code s1+s2} (18 at most when both operands have at most
   * 18, so that money times money stays in a long), {@code %} the operands' common type; 38 digits at most.
   */
  public static DType arithmeticType(Node.Binary b, DType l, DType r, Schema schema) {
    BinOp op = b.op();
    if (l == DType.FLOAT64 || r == DType.FLOAT64 || op == BinOp.DIV) {
      return DType.FLOAT64;
    }
    if ((l == null || l == DType.INT64) && (r == null || r == DType.INT64)) {
      return DType.INT64;
    }
    DType x = l == null ? r : asDecimal(l, b.left(), schema);
    DType y = r == null ? l : asDecimal(r, b.right(), schema);
    int scale;
    int precision;
    switch (op) {
      case PLUS:
      case MINUS:
        scale = Math.max(x.scale(), y.scale());
        precision = Math.max(x.precision() - x.scale(), y.precision() - y.scale()) + scale + 1;
        break;
      case MUL:
        scale = x.scale() + y.scale();
        precision = x.precision() + y.precision();
        if (x.isNarrowDecimal() && y.isNarrowDecimal()) {
          precision = Math.min(precision, DType.MAX_LONG_PRECISION);
        }
        break;
      default:
        return commonDecimal(x, y);
    }
    if (scale > DType.MAX_PRECISION) {
      throw bad("the result of " + b + " would have " + scale + " digits after the point (38 at most)", b,
          "cast an operand to double, or round it first");
    }
    return DType.decimal(Math.min(DType.MAX_PRECISION, Math.max(precision, scale)), scale);
  }

  /**
   * An operand of a decimal computation as a decimal type: a decimal itself; an integer literal as
   * DECIMAL(10,0) when it fits 32 bits (DuckDB's INTEGER), else DECIMAL(19,0); an integer column as the
   * decimal of its stored width (int8 3 digits, int16 5, int32 10, int64 19); DECIMAL(19,0) when the node or
   * schema is not known (null).
   */
  static DType asDecimal(DType t, Node n, Schema schema) {
    if (t.isDecimal()) {
      return t;
    }
    Node bare = n instanceof Node.Alias a ? a.input() : n;
    if (bare instanceof Node.Literal lit && lit.value() instanceof Long v) {
      return DType.decimal(v == v.intValue() ? 10 : 19, 0);
    }
    if (bare instanceof Node.Column c && schema != null
        && Columns.find(schema, c.name()).getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Int i) {
      return DType.decimal(i.getBitWidth() == 8 ? 3 : i.getBitWidth() == 16 ? 5 : i.getBitWidth() == 32 ? 10 : 19, 0);
    }
    return DType.decimal(19, 0);
  }

  /** The decimal both of two decimals fit: the most digits before the point and the most after. */
  static DType commonDecimal(DType x, DType y) {
    int scale = Math.max(x.scale(), y.scale());
    int whole = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
    return DType.decimal(Math.min(DType.MAX_PRECISION, whole + scale), scale);
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

  /**
   * The type operands of {@code where} share: int64 for integers, float64 for numbers with a float, a
   * decimal for decimals and integers ({@link #commonDecimal}), timestamp for a date and a timestamp.
   */
  public static DType common(DType a, DType b, Node where) {
    return common(a, null, b, null, null, where);
  }

  /** The type all of {@code operands} share (CASE's values, coalesce's arguments). */
  static DType common(List<Node> operands, Schema schema, Node where) {
    DType t = null;
    Node typed = null;
    for (Node n : operands) {
      DType u = check(n, schema);
      DType c = common(t, typed, u, n, schema, where);
      if (c != t) {
        typed = c == u ? n : null;
      }
      t = c;
    }
    return t;
  }

  private static DType common(DType a, Node an, DType b, Node bn, Schema schema, Node where) {
    if (a == null || b == null || a == b) {
      return a == null ? b : a;
    }
    if (a.isNumeric() && b.isNumeric()) {
      if (a == DType.FLOAT64 || b == DType.FLOAT64) {
        return DType.FLOAT64;
      }
      return commonDecimal(asDecimal(a, an, schema), asDecimal(b, bn, schema));
    }
    if ((a == DType.DATE || a == DType.TIMESTAMP) && (b == DType.DATE || b == DType.TIMESTAMP)) {
      return DType.TIMESTAMP;
    }
    throw bad("operands of types " + a + " and " + b + " do not mix", where, "cast them to one type first");
  }

  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("(?:decimal|numeric)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

  /**
   * The type a cast names: {@code double}, {@code bigint}, {@code string}, {@code date}, {@code decimal(15,2)}...
   * (DuckDB's names too; a bare {@code decimal} is DuckDB's DECIMAL(18,3)).
   */
  public static DType named(String type) {
    String name = type.trim().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = DECIMAL.matcher(name);
    if (m.matches()) {
      int precision = m.group(1) == null ? 18 : Integer.parseInt(m.group(1));
      int scale = m.group(1) == null ? 3 : m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      if (precision < 1 || precision > DType.MAX_PRECISION || scale > precision) {
        throw new AnalysisException("type '" + type + "' is not a valid decimal",
            "give 1 to 38 digits and a scale of at most the digits, e.g. decimal(15,2)");
      }
      return DType.decimal(precision, scale);
    }
    switch (name) {
      case "double": case "float64": case "float": case "real": case "float8": return DType.FLOAT64;
      case "bigint": case "int64": case "int": case "integer": case "long": case "int8": case "int4":
      case "smallint": case "tinyint": case "hugeint": return DType.INT64;
      case "string": case "varchar": case "text": case "utf8": return DType.STRING;
      case "date": return DType.DATE;
      case "timestamp": case "datetime": return DType.TIMESTAMP;
      case "bool": case "boolean": return DType.BOOL;
      default:
        throw new AnalysisException("unknown type '" + type + "'",
            "cast to double, bigint, decimal(p,s), string, date, timestamp or bool");
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
    if (v instanceof java.math.BigDecimal d) {
      return DType.decimal(Math.max(d.precision(), d.scale() + 1), d.scale());
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
        "use a number, BigDecimal, String, Boolean, LocalDate, LocalDateTime or Instant");
  }

  /**
   * The type both operands of a comparison are brought to: the shared type, float64 for numbers with a float,
   * the common decimal for decimals and integers, timestamp for a date with a timestamp, the temporal type
   * for one with a string.
   */
  public static DType comparisonType(DType l, DType r) {
    return comparisonType(l, null, r, null, null);
  }

  /** {@link #comparisonType(DType, DType)} knowing the operands, so that {@code price > 5} keeps price's type. */
  public static DType comparisonType(DType l, Node ln, DType r, Node rn, Schema schema) {
    if (l == null || r == null || l == r) {
      return l == null ? r : l;
    }
    if (l.isNumeric() && r.isNumeric()) {
      return common(l, ln, r, rn, schema, null);
    }
    if (l == DType.STRING || r == DType.STRING) {
      return l == DType.STRING ? r : l;
    }
    return DType.TIMESTAMP;
  }

  /**
   * A literal value as the kernels compare it against a vector of type {@code target}: dates as
   * Integer days and timestamps as Long microseconds since the epoch (naive timestamps read as
   * UTC), strings parsed when the target is temporal, numbers as a BigDecimal of the target's scale
   * when it is a decimal (rounded half away from zero); other numbers, strings and booleans unchanged.
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
    if (target != null && target.isDecimal() && v instanceof Number n) {
      java.math.BigDecimal d = n instanceof java.math.BigDecimal b ? b
          : n instanceof Double x ? new java.math.BigDecimal(x) : java.math.BigDecimal.valueOf(n.longValue());
      return d.setScale(target.scale(), java.math.RoundingMode.HALF_UP);
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
