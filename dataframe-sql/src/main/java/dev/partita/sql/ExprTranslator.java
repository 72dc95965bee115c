package dev.partita.sql;

import static dev.partita.Functions.col;
import static dev.partita.Functions.lit;

import dev.partita.Agg;
import dev.partita.Expr;
import dev.partita.Functions;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Translates one SQL expression into an {@link Expr} over a {@link Rel}'s internal column names. With a
 * {@link Grouping} it translates what sits above a GROUP BY: group keys and aggregate calls become
 * references to the aggregation's output columns.
 */
final class ExprTranslator {

  /** SQL aggregate names (DuckDB's) to the names {@link Functions#aggregation} knows. */
  private static final Map<String, String> AGGREGATES = aggregates();
  private static final Pattern INTERVAL =
      Pattern.compile("(?i)INTERVAL\\s+'?\\s*([+-]?\\d+)\\s*([a-z]*)\\s*'?\\s*([a-z]*)");

  private final Translator tr;
  private final Rel rel;
  private final Grouping grouping;
  private final Map<Expression, Expr> substitutes;

  ExprTranslator(Translator tr, Rel rel, Grouping grouping, Map<Expression, Expr> substitutes) {
    this.tr = tr;
    this.rel = rel;
    this.grouping = grouping;
    this.substitutes = substitutes;
  }

  ExprTranslator(Translator tr, Rel rel) {
    this(tr, rel, null, new IdentityHashMap<>());
  }

  static boolean isAggregate(Expression e) {
    return e instanceof Function f && AGGREGATES.containsKey(f.getName().toLowerCase(Locale.ROOT));
  }

  Expr translate(Expression e) {
    Expr sub = substitutes.get(e);
    if (sub != null) {
      return sub;
    }
    if (grouping != null) {
      String key = grouping.keyFor(e);
      if (key != null) {
        return col(key);
      }
      if (isAggregate(e)) {
        return grouping.aggregate((Function) e, this);
      }
    } else if (isAggregate(e)) {
      throw tr.error(e, "aggregate " + e + " is not allowed here",
          "aggregates belong in SELECT, HAVING or ORDER BY of a query");
    }
    if (e instanceof Column c) {
      return column(c);
    }
    if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
      return translate(p.get(0));
    }
    Object constant = constant(e);
    if (constant != NOT_CONSTANT) {
      return lit(constant);
    }
    if (e instanceof SignedExpression s) {
      Expr inner = translate(s.getExpression());
      return s.getSign() == '-' ? inner.neg() : inner;
    }
    if (e instanceof Addition a) {
      return plusMinus(a, 1);
    }
    if (e instanceof Subtraction s) {
      return plusMinus(s, -1);
    }
    if (e instanceof Multiplication m) {
      return translate(m.getLeftExpression()).mul(translate(m.getRightExpression()));
    }
    if (e instanceof Division d) {
      return translate(d.getLeftExpression()).div(translate(d.getRightExpression()));
    }
    if (e instanceof Modulo m) {
      return translate(m.getLeftExpression()).mod(translate(m.getRightExpression()));
    }
    if (e instanceof Concat c) {
      return Functions.concat(translate(c.getLeftExpression()), translate(c.getRightExpression()));
    }
    if (e instanceof AndExpression a) {
      return translate(a.getLeftExpression()).and(translate(a.getRightExpression()));
    }
    if (e instanceof OrExpression o) {
      return translate(o.getLeftExpression()).or(translate(o.getRightExpression()));
    }
    if (e instanceof NotExpression n) {
      return translate(n.getExpression()).not();
    }
    if (e instanceof BinaryExpression b && comparison(b) != null) {
      return comparison(b);
    }
    if (e instanceof IsNullExpression n) {
      Expr x = translate(n.getLeftExpression());
      return n.isNot() ? x.isNotNull() : x.isNull();
    }
    if (e instanceof Between b) {
      Expr x = translate(b.getLeftExpression()).between(translate(b.getBetweenExpressionStart()),
          translate(b.getBetweenExpressionEnd()));
      return b.isNot() ? x.not() : x;
    }
    if (e instanceof InExpression in) {
      return in(in);
    }
    if (e instanceof LikeExpression l) {
      return like(l);
    }
    if (e instanceof CaseExpression c) {
      return caseWhen(c);
    }
    if (e instanceof CastExpression c) {
      return translate(c.getLeftExpression()).cast(typeName(c));
    }
    if (e instanceof ExtractExpression x) {
      return datePart(e, x.getName(), translate(x.getExpression()));
    }
    if (e instanceof Function f) {
      return function(f);
    }
    if (e instanceof Select s) {
      return tr.scalarSubquery(s);
    }
    throw tr.unsupported(e, describe(e));
  }

  private Expr column(Column c) {
    String qualifier = c.getTable() == null || c.getTable().getName() == null ? null
        : Translator.unquote(c.getTable().getName());
    String name = Translator.unquote(c.getColumnName());
    Rel scope = grouping != null ? grouping.input : rel;
    List<Rel.Col> found = scope.find(qualifier, name);
    if (found.isEmpty()) {
      throw tr.error(c, "column " + c + " not found", "columns here: " + names(scope));
    }
    if (found.size() > 1) {
      throw tr.error(c, "column reference " + c + " is ambiguous", "qualify it with its table name or alias");
    }
    String internal = found.get(0).internal();
    if (grouping == null) {
      return col(internal);
    }
    String key = grouping.keyOfColumn(internal);
    if (key == null) {
      throw tr.error(c, "column " + c + " must appear in GROUP BY or be used in an aggregate function",
          "add it to GROUP BY, or wrap it in e.g. first(" + c + ")");
    }
    return col(key);
  }

  private static String names(Rel scope) {
    List<String> out = new ArrayList<>();
    for (Rel.Col c : scope.cols) {
      out.add(c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name());
    }
    return String.join(", ", out);
  }

  static final Object NOT_CONSTANT = new Object();

  /** The Java value of a literal (folding date arithmetic with intervals), or {@link #NOT_CONSTANT}. */
  Object constant(Expression e) {
    if (e instanceof LongValue v) {
      return v.getValue();
    }
    if (e instanceof DoubleValue v) {
      return decimalOrDouble(v.toString(), false);
    }
    if (e instanceof StringValue s) {
      return s.getValue().replace("''", "'");
    }
    if (e instanceof NullValue) {
      return null;
    }
    if (e instanceof BooleanValue b) {
      return b.getValue();
    }
    if (e instanceof SignedExpression s && s.getSign() == '-' && s.getExpression() instanceof LongValue v) {
      return -v.getValue();
    }
    if (e instanceof SignedExpression s && s.getSign() == '-' && s.getExpression() instanceof DoubleValue v) {
      return decimalOrDouble(v.toString(), true);
    }
    if (e instanceof DateTimeLiteralExpression d) {
      return dateTime(d);
    }
    if (e instanceof CastExpression c && c.getLeftExpression() instanceof StringValue s) {
      String type = typeName(c);
      if (type.equals("date")) {
        return parseDate(c, s.getValue());
      }
      if (type.equals("timestamp")) {
        return parseTimestamp(c, s.getValue());
      }
    }
    if (e instanceof Addition || e instanceof Subtraction) {
      BinaryExpression b = (BinaryExpression) e;
      if (b.getLeftExpression() instanceof IntervalExpression i && e instanceof Addition
          && constant(b.getRightExpression()) instanceof LocalDate d) {
        return shift(d, i, 1).atStartOfDay();
      }
      if (b.getRightExpression() instanceof IntervalExpression i && constant(b.getLeftExpression()) instanceof LocalDate d) {
        return shift(d, i, e instanceof Addition ? 1 : -1).atStartOfDay();
      }
    }
    return NOT_CONSTANT;
  }

  /** As DuckDB types a number with a point: a DECIMAL, unless it has an exponent (then a DOUBLE). */
  private static Object decimalOrDouble(String text, boolean negate) {
    if (text.matches("[0-9]*\\.[0-9]*") && text.length() <= 39) {
      java.math.BigDecimal d = new java.math.BigDecimal(text);
      return negate ? d.negate() : d;
    }
    double d = Double.parseDouble(text);
    return negate ? -d : d;
  }

  private Object dateTime(DateTimeLiteralExpression d) {
    String v = d.getValue().replaceAll("^'|'$", "");
    switch (d.getType()) {
      case DATE:
        return parseDate(d, v);
      case TIMESTAMP:
        return parseTimestamp(d, v);
      default:
        throw tr.unsupported(d, d.getType() + " literals");
    }
  }

  private LocalDate parseDate(Object node, String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (java.time.format.DateTimeParseException ex) {
      throw tr.error(node, "'" + text + "' is not a date", "write dates as 'yyyy-MM-dd'");
    }
  }

  private LocalDateTime parseTimestamp(Object node, String text) {
    String t = text.trim().replace(' ', 'T');
    try {
      return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
    } catch (java.time.format.DateTimeParseException ex) {
      throw tr.error(node, "'" + text + "' is not a timestamp", "write timestamps as 'yyyy-MM-dd HH:mm:ss'");
    }
  }

  /** {@code date ± INTERVAL}: a TIMESTAMP, as in DuckDB (folded to a literal when the date is one). */
  private Expr plusMinus(BinaryExpression b, int sign) {
    if (b.getLeftExpression() instanceof IntervalExpression && sign > 0) {
      return plusMinus(new Addition(b.getRightExpression(), b.getLeftExpression()), 1);
    }
    if (b.getRightExpression() instanceof IntervalExpression i) {
      Object[] interval = interval(i);
      long n = (Long) interval[0] * sign;
      String unit = (String) interval[1];
      if (!unit.equals("day") && !unit.equals("week")) {
        throw tr.unsupported(b, "adding INTERVAL '" + interval[0] + "' " + unit.toUpperCase(Locale.ROOT)
            + " to a column (only days and weeks; months and years only to a DATE literal)");
      }
      return translate(b.getLeftExpression()).plus(unit.equals("week") ? 7 * n : n).cast("timestamp");
    }
    Expr l = translate(b.getLeftExpression());
    Expr r = translate(b.getRightExpression());
    return sign > 0 ? l.plus(r) : l.minus(r);
  }

  /** {@code [Long count, String unit]} of an interval literal, unit singular and lower case. */
  private Object[] interval(IntervalExpression i) {
    Matcher m = INTERVAL.matcher(i.toString().trim());
    if (!m.matches()) {
      throw tr.unsupported(i, "interval " + i);
    }
    String unit = (m.group(2).isEmpty() ? m.group(3) : m.group(2)).toLowerCase(Locale.ROOT).replaceAll("s$", "");
    if (!List.of("day", "week", "month", "year").contains(unit)) {
      throw tr.unsupported(i, "interval unit '" + unit + "' (day, week, month and year are)");
    }
    return new Object[] {Long.parseLong(m.group(1)), unit};
  }

  private LocalDate shift(LocalDate d, IntervalExpression i, int sign) {
    Object[] interval = interval(i);
    long n = (Long) interval[0] * sign;
    switch ((String) interval[1]) {
      case "day": return d.plusDays(n);
      case "week": return d.plusWeeks(n);
      case "month": return d.plusMonths(n);
      default: return d.plusYears(n);
    }
  }

  private Expr comparison(BinaryExpression b) {
    boolean known = b instanceof EqualsTo || b instanceof NotEqualsTo || b instanceof GreaterThan
        || b instanceof GreaterThanEquals || b instanceof MinorThan || b instanceof MinorThanEquals;
    if (!known) {
      return null;
    }
    Expr l = translate(b.getLeftExpression());
    Expr r = translate(b.getRightExpression());
    if (b instanceof EqualsTo) {
      return l.eq(r);
    }
    if (b instanceof NotEqualsTo) {
      return l.ne(r);
    }
    if (b instanceof GreaterThan) {
      return l.gt(r);
    }
    if (b instanceof GreaterThanEquals) {
      return l.ge(r);
    }
    return b instanceof MinorThan ? l.lt(r) : l.le(r);
  }

  private Expr in(InExpression in) {
    if (!(in.getRightExpression() instanceof ExpressionList<?> list) || in.getRightExpression() instanceof Select) {
      throw tr.unsupported(in, "IN (SELECT ...) here (it is supported as a condition of WHERE, joined by AND)");
    }
    Expr x = translate(in.getLeftExpression());
    List<Object> values = new ArrayList<>();
    Expr any = null;
    for (Expression v : list) {
      Object c = constant(v);
      if (c != NOT_CONSTANT && c != null && values != null) {
        values.add(c);
      } else {
        values = null;
      }
      Expr eq = x.eq(translate(v));
      any = any == null ? eq : any.or(eq);
    }
    Expr result = values != null ? x.isIn(values.toArray()) : any;
    return in.isNot() ? result.not() : result;
  }

  private Expr like(LikeExpression l) {
    if (l.getEscape() != null) {
      throw tr.unsupported(l, "LIKE ... ESCAPE");
    }
    if (l.getLikeKeyWord() != LikeExpression.KeyWord.LIKE && l.getLikeKeyWord() != LikeExpression.KeyWord.ILIKE) {
      throw tr.unsupported(l, l.getLikeKeyWord() + " patterns");
    }
    Object pattern = constant(l.getRightExpression());
    if (!(pattern instanceof String p)) {
      throw tr.unsupported(l, "LIKE with a pattern that is not a string literal");
    }
    Expr x = translate(l.getLeftExpression());
    Expr match = l.isCaseInsensitive() || l.getLikeKeyWord() == LikeExpression.KeyWord.ILIKE
        ? x.lower().like(p.toLowerCase(Locale.ROOT)) : x.like(p);
    return l.isNot() ? match.not() : match;
  }

  private Expr caseWhen(CaseExpression c) {
    Functions.When w = null;
    Expr switchOn = c.getSwitchExpression() == null ? null : translate(c.getSwitchExpression());
    for (WhenClause clause : c.getWhenClauses()) {
      Expr cond = switchOn == null ? translate(clause.getWhenExpression())
          : switchOn.eq(translate(clause.getWhenExpression()));
      Expr then = translate(clause.getThenExpression());
      w = w == null ? Functions.when(cond, then) : w.when(cond, then);
    }
    return c.getElseExpression() == null ? w : w.otherwise(translate(c.getElseExpression()));
  }

  private static String typeName(CastExpression c) {
    String t = c.getColDataType().toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    return t;
  }

  private Expr datePart(Object node, String part, Expr x) {
    switch (part.toLowerCase(Locale.ROOT).replace("'", "")) {
      case "year": return x.year();
      case "month": return x.month();
      case "day": return x.day();
      case "hour": return x.hour();
      case "dow": case "dayofweek": return x.dayOfWeek();
      default: throw tr.unsupported(node, "date part '" + part + "' (year, month, day, hour, dow are)");
    }
  }

  private Expr function(Function f) {
    String name = f.getName().toLowerCase(Locale.ROOT);
    List<Expression> args = arguments(f);
    switch (name) {
      case "year": case "month": case "day": case "hour": case "dayofweek":
        return datePart(f, name, translate(one(f, args)));
      case "date_part": case "datepart":
        return datePart(f, String.valueOf(constant(arg(f, args, 0))), translate(arg(f, args, 1)));
      case "date_trunc": case "datetrunc":
        return translate(arg(f, args, 1)).dateTrunc(String.valueOf(constant(arg(f, args, 0))));
      case "substring": case "substr":
        if (args.size() != 3) {
          throw tr.unsupported(f, name + " without a length (write substring(s, start, length))");
        }
        return translate(args.get(0)).substring(intArg(f, args.get(1)), intArg(f, args.get(2)));
      case "upper": case "ucase":
        return translate(one(f, args)).upper();
      case "lower": case "lcase":
        return translate(one(f, args)).lower();
      case "length": case "char_length": case "character_length":
        return translate(one(f, args)).length();
      case "trim":
        return translate(one(f, args)).trim();
      case "abs":
        return translate(one(f, args)).abs();
      case "round":
        return args.size() == 1 ? translate(args.get(0)).round() : translate(arg(f, args, 0)).round(intArg(f, args.get(1)));
      case "mod":
        return translate(arg(f, args, 0)).mod(translate(arg(f, args, 1)));
      case "starts_with": case "prefix":
        return translate(arg(f, args, 0)).startsWith(stringArg(f, arg(f, args, 1)));
      case "ends_with": case "suffix":
        return translate(arg(f, args, 0)).endsWith(stringArg(f, arg(f, args, 1)));
      case "contains":
        return translate(arg(f, args, 0)).contains(stringArg(f, arg(f, args, 1)));
      case "coalesce": case "ifnull":
        return Functions.coalesce(translateAll(args));
      case "concat":
        return Functions.concat(translateAll(args));
      default:
        throw tr.unsupported(f, "function " + f.getName() + "(...)");
    }
  }

  private Object[] translateAll(List<Expression> args) {
    Object[] out = new Object[args.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = translate(args.get(i));
    }
    return out;
  }

  /** The arguments of a call, {@code substring(s FROM a FOR b)} as {@code (s, a, b)}. */
  List<Expression> arguments(Function f) {
    if (f.getNamedParameters() != null) {
      List<Expression> out = new ArrayList<>();
      for (Object e : f.getNamedParameters().getExpressions()) {
        out.add((Expression) e);
      }
      return out;
    }
    List<Expression> out = new ArrayList<>();
    if (f.getParameters() != null) {
      for (Object e : f.getParameters()) {
        out.add((Expression) e);
      }
    }
    return out;
  }

  private Expression one(Function f, List<Expression> args) {
    if (args.size() != 1) {
      throw tr.error(f, f.getName() + " takes one argument, got " + args.size(), null);
    }
    return args.get(0);
  }

  private Expression arg(Function f, List<Expression> args, int i) {
    if (args.size() <= i) {
      throw tr.error(f, f.getName() + " needs at least " + (i + 1) + " arguments, got " + args.size(), null);
    }
    return args.get(i);
  }

  private int intArg(Object node, Expression e) {
    if (constant(e) instanceof Long v) {
      return Math.toIntExact(v);
    }
    throw tr.unsupported(node, "a non-constant integer argument " + e + " (write a number)");
  }

  private String stringArg(Object node, Expression e) {
    if (constant(e) instanceof String s) {
      return s;
    }
    throw tr.unsupported(node, "a non-constant string argument " + e + " (write a quoted string)");
  }

  static String describe(Expression e) {
    String kind = e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return kind + " " + e;
  }

  /** The group keys and aggregate calls of one SELECT with GROUP BY or aggregates. */
  static final class Grouping {
    /** The relation the group keys and aggregate arguments are over. */
    final Rel input;
    private final Map<String, String> keyByText = new HashMap<>();
    private final Map<String, String> keyByColumn = new HashMap<>();
    final List<Agg> aggs = new ArrayList<>();
    private final Map<String, String> aggByText = new HashMap<>();
    private final Rel.Names names;

    Grouping(Rel input, Rel.Names names) {
      this.input = input;
      this.names = names;
    }

    /** The same keys over {@code rel}, the input with the computed keys added. */
    Grouping over(Rel rel) {
      Grouping g = new Grouping(rel, names);
      g.keyByText.putAll(keyByText);
      g.keyByColumn.putAll(keyByColumn);
      return g;
    }

    void addKey(Expression e, String key, String column) {
      keyByText.put(Translator.text(e), key);
      if (column != null) {
        keyByColumn.put(column, key);
      }
    }

    String keyFor(Expression e) {
      return keyByText.get(Translator.text(e));
    }

    String keyOfColumn(String internal) {
      return keyByColumn.get(internal);
    }

    Expr aggregate(Function f, ExprTranslator outer) {
      String text = Translator.text(f);
      String done = aggByText.get(text);
      if (done != null) {
        return col(done);
      }
      String name = f.getName().toLowerCase(Locale.ROOT);
      ExprTranslator inner = new ExprTranslator(outer.tr, input, null, outer.substitutes);
      List<Object> args = new ArrayList<>();
      boolean star = f.isAllColumns();
      for (Expression a : inner.arguments(f)) {
        if (a instanceof AllColumns) {
          star = true;
          continue;
        }
        if (isAggregate(a)) {
          throw outer.tr.error(a, "aggregate " + a + " inside aggregate " + f.getName(), "compute it in a subquery first");
        }
        Object c = inner.constant(a);
        args.add(c instanceof Number && !args.isEmpty() ? c : inner.translate(a));
      }
      String sqlName = AGGREGATES.get(name);
      if (star && !(name.equals("count") && args.isEmpty())) {
        throw outer.tr.unsupported(f, f.getName() + "(*)");
      }
      if (f.isDistinct() && !name.equals("count")) {
        throw outer.tr.unsupported(f, f.getName() + "(DISTINCT ...) (count(DISTINCT ...) is supported)");
      }
      if (f.getOrderByElements() != null || f.isIgnoreNulls()) {
        throw outer.tr.unsupported(f, "ORDER BY or IGNORE NULLS in aggregate " + f.getName());
      }
      if (f.isDistinct() && args.size() != 1) {
        throw outer.tr.unsupported(f, "count(DISTINCT ...) of " + args.size() + " expressions");
      }
      String internal = names.next(name);
      Agg agg;
      try {
        agg = Functions.aggregation(f.isDistinct() ? "count_distinct" : sqlName, args).as(internal);
      } catch (dev.partita.AnalysisException ex) {
        throw outer.tr.error(f, ex.problem(), ex.hint());
      }
      aggs.add(agg);
      aggByText.put(text, internal);
      return col(internal);
    }
  }

  private static Map<String, String> aggregates() {
    Map<String, String> m = new HashMap<>();
    for (String n : List.of("count", "sum", "avg", "mean", "min", "max", "stddev", "std", "variance", "var",
        "first", "last", "median", "approx_quantile", "corr", "covar", "nunique", "count_distinct")) {
      m.put(n, n);
    }
    m.put("stddev_samp", "stddev");
    m.put("var_samp", "variance");
    m.put("quantile_cont", "quantile");
    m.put("covar_samp", "covar");
    m.put("arbitrary", "first");
    return m;
  }
}
