package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.lit;

import dev.partita.io.csv.CsvType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Random tables and random queries over them, each query built three times from one description: as a
 * Partita {@link DataFrame}, as DuckDB SQL, and as the Java text of the Partita query (for a failure
 * report). SQLancer's idea: the reference answer comes from the SQL generated alongside, so every query
 * is checked, not only those someone thought of.
 *
 * <p>Values include what breaks engines: nulls, duplicates and one skewed value, NaN, infinities, -0.0,
 * the empty string, multi-byte UTF-8, CSV's quotes, delimiters and line breaks inside fields, dates and
 * timestamps before 1970. Numbers stay small (integers within about 30,000, doubles multiples of 1/8), so
 * sums and products are exact in a double and never overflow a long: a difference is a bug, not rounding.
 */
final class RandomQueries {

  /**
   * The column types generated. Decimals are left out while main reworks them (DECIMAL(p,s) as scaled longs);
   * adding them is a constant here (DuckDB type {@code DECIMAL(p,s)}, values as BigDecimal, compared exactly),
   * a case in {@link #pool}, {@link #literal} and {@link #javaLiteral}, and the numeric operations in
   * {@link #gen} that accept it.
   */
  enum Type {
    BIGINT("BIGINT", CsvType.INT64),
    DOUBLE("DOUBLE", CsvType.FLOAT64),
    VARCHAR("VARCHAR", CsvType.STRING),
    BOOLEAN("BOOLEAN", CsvType.BOOLEAN),
    DATE("DATE", CsvType.DATE),
    TIMESTAMP("TIMESTAMP", CsvType.TIMESTAMP);

    final String sql;
    final CsvType csv;

    Type(String sql, CsvType csv) {
      this.sql = sql;
      this.csv = csv;
    }

    boolean numeric() {
      return this == BIGINT || this == DOUBLE;
    }

    boolean temporal() {
      return this == DATE || this == TIMESTAMP;
    }

    /** Whether values of this type and {@code o} compare (and join) with each other. */
    boolean comparable(Type o) {
      return this == o || (numeric() && o.numeric()) || (temporal() && o.temporal());
    }
  }

  /** A column of a table or of a query's output. */
  record Col(String name, Type type) {}

  /** A generated table: its columns, each column's value pool, and its rows in file order. */
  record Data(String name, List<Col> cols, List<List<Object>> pools, List<Object[]> rows) {}

  /** One expression as Partita builds it, as DuckDB's SQL, and as Java text. */
  record E(Expr expr, String sql, Type type, String code) {}

  /**
   * A query: the Partita frame, its SQL, its output columns, the Java text, whether its rows come in a total
   * order (compare as lists rather than multisets), and whether its rows are still a table's rows in file
   * order (first/last are defined there).
   */
  record Rel(DataFrame df, String sql, List<Col> cols, String code, boolean ordered, boolean fileOrder) {}

  static final List<String> SPECIAL_STRINGS = List.of("", " ", "a", "A", " a ", "é", "É", "Ω", "日本語", "🙂",
      "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "NULL", "%", "_", "k1");
  static final List<Double> SPECIAL_DOUBLES = List.of(Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, -0.0, 0.0);
  static final List<LocalDate> SPECIAL_DATES = List.of(LocalDate.of(1900, 1, 1), LocalDate.of(1969, 12, 31),
      LocalDate.of(1970, 1, 1), LocalDate.of(1960, 2, 29), LocalDate.of(2099, 12, 31));
  static final List<LocalDateTime> SPECIAL_TIMESTAMPS = List.of(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
      LocalDateTime.of(1960, 6, 15, 12, 34, 56, 500_000_000), LocalDateTime.of(1970, 1, 1, 0, 0),
      LocalDateTime.of(2000, 2, 29, 23, 0));
  static final List<String> JOIN_TYPES = List.of("inner", "left", "right", "full", "semi", "anti");

  private final Random r;
  private int names;

  RandomQueries(Random r) {
    this.r = r;
  }

  // ------------------------------------------------------------------ data

  /**
   * Table {@code name}: an increasing {@code id} when {@code withId}, then the {@code shared} columns (same
   * names and types in both tables, so they can be USING keys) and {@code own} more of random types.
   */
  Data table(String name, boolean withId, List<Col> shared, int own, int rows) {
    List<Col> cols = new ArrayList<>();
    if (withId) {
      cols.add(new Col("id", Type.BIGINT));
    }
    cols.addAll(shared);
    for (int i = 0; i < own; i++) {
      cols.add(new Col(name + "c" + i, pick(Type.values())));
    }
    List<List<Object>> pools = new ArrayList<>();
    double[] nulls = new double[cols.size()];
    double[] skew = new double[cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      int card = pick(List.of(2, 5, 20, 300, 5000));
      pools.add(pool(cols.get(c).type(), card, r.nextInt(3) == 0));
      nulls[c] = pick(List.of(0.0, 0.0, 0.05, 0.3, 0.95));
      skew[c] = pick(List.of(0.0, 0.0, 0.3));
    }
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Object[] row = new Object[cols.size()];
      for (int c = 0; c < cols.size(); c++) {
        List<Object> pool = pools.get(c);
        if (withId && c == 0) {
          row[c] = (long) i;
        } else if (r.nextDouble() < nulls[c]) {
          row[c] = null;
        } else {
          row[c] = r.nextDouble() < skew[c] ? pool.get(0) : pool.get(r.nextInt(pool.size()));
        }
      }
      out.add(row);
    }
    return new Data(name, cols, pools, out);
  }

  /** Random shared columns for two tables (names s0, s1...). */
  List<Col> sharedColumns() {
    List<Col> cols = new ArrayList<>();
    int n = 1 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      cols.add(new Col("s" + i, pick(List.of(Type.BIGINT, Type.BIGINT, Type.VARCHAR, Type.DOUBLE, Type.DATE,
          Type.TIMESTAMP, Type.BOOLEAN))));
    }
    return cols;
  }

  /** About {@code card} distinct values of {@code t}, with the special values of the type when {@code specials}. */
  List<Object> pool(Type t, int card, boolean specials) {
    Set<Object> values = new LinkedHashSet<>();
    for (int i = 0; i < card * 2 && values.size() < card; i++) {
      values.add(switch (t) {
        case BIGINT -> (long) (r.nextInt(6 * card + 1) - 3 * card);
        case DOUBLE -> (r.nextInt(16 * card + 1) - 8 * card) / 8.0;
        case VARCHAR -> "k" + r.nextInt(2 * card);
        case BOOLEAN -> r.nextBoolean();
        case DATE -> LocalDate.of(2000, 1, 1).plusDays(r.nextInt(4000) - 2000);
        case TIMESTAMP -> LocalDateTime.of(2021, 1, 1, 0, 0).plusSeconds(r.nextInt(86400 * 400) - 86400 * 200)
            .plusNanos(r.nextInt(3) == 0 ? r.nextInt(1_000_000) * 1000L : 0);
      });
    }
    List<Object> pool = new ArrayList<>(values);
    if (specials) {
      List<?> extra = switch (t) {
        case DOUBLE -> SPECIAL_DOUBLES;
        case VARCHAR -> SPECIAL_STRINGS;
        case DATE -> SPECIAL_DATES;
        case TIMESTAMP -> SPECIAL_TIMESTAMPS;
        default -> List.of();
      };
      for (Object v : extra) {
        if (r.nextInt(3) > 0) {
          pool.add(r.nextInt(pool.size() + 1), v);
        }
      }
    }
    return pool;
  }

  // ------------------------------------------------------------------ literals

  /** {@code v} as a DuckDB literal of type {@code t}. */
  static String literal(Object v, Type t) {
    if (v == null) {
      return "NULL::" + t.sql;
    }
    return switch (t) {
      case BIGINT -> "(" + v + ")::BIGINT";
      case DOUBLE -> "'" + duckDouble((Double) v) + "'::DOUBLE";
      case VARCHAR -> "'" + v.toString().replace("'", "''") + "'";
      case BOOLEAN -> v.toString();
      case DATE -> "DATE '" + v + "'";
      case TIMESTAMP -> "TIMESTAMP '" + v.toString().replace('T', ' ') + "'";
    };
  }

  private static String duckDouble(double d) {
    return Double.isNaN(d) ? "NaN" : d == Double.POSITIVE_INFINITY ? "inf" : d == Double.NEGATIVE_INFINITY ? "-inf"
        : Double.toString(d);
  }

  /** {@code v} as Java source for the failure report. */
  static String javaLiteral(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Long l) {
      return l + "L";
    }
    if (v instanceof Double d) {
      return Double.isNaN(d) ? "Double.NaN" : d == Double.POSITIVE_INFINITY ? "Double.POSITIVE_INFINITY"
          : d == Double.NEGATIVE_INFINITY ? "Double.NEGATIVE_INFINITY" : d.toString();
    }
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
    if (v instanceof LocalDate d) {
      return "LocalDate.parse(\"" + d + "\")";
    }
    if (v instanceof LocalDateTime t) {
      return "LocalDateTime.parse(\"" + t + "\")";
    }
    return v.toString();
  }

  private E lit(Object v, Type t) {
    return new E(Functions.lit(v), literal(v, t), t, "lit(" + javaLiteral(v) + ")");
  }

  // ------------------------------------------------------------------ expressions

  /** A random value of type {@code t}: from {@code pool} when there is one, sometimes a special value. */
  private Object value(Type t, List<Object> pool) {
    if (pool != null && !pool.isEmpty() && r.nextInt(4) > 0) {
      return pool.get(r.nextInt(pool.size()));
    }
    return pool(t, 3, true).get(0);
  }

  /** The pools of the input's columns that are a table's columns, by name (for literals that match rows). */
  private final java.util.Map<String, List<Object>> pools = new java.util.HashMap<>();

  void register(Data d) {
    for (int c = 0; c < d.cols().size(); c++) {
      pools.put(d.cols().get(c).name(), d.pools().get(c));
    }
  }

  private List<Object> poolOf(E e) {
    String name = e.code().startsWith("col(\"") ? e.code().substring(5, e.code().length() - 2) : null;
    return name == null ? null : pools.get(name);
  }

  private E column(Col c) {
    return new E(col(c.name()), c.name(), c.type(), "col(\"" + c.name() + "\")");
  }

  /** A column of type {@code t} (or, for a double, of any number) from {@code in}, or a literal. */
  private E leaf(Type t, List<Col> in) {
    List<Col> fit = in.stream().filter(c -> c.type() == t).toList();
    if (!fit.isEmpty() && r.nextInt(5) > 0) {
      return column(pick(fit));
    }
    return lit(value(t, null), t);
  }

  /** {@code recv.method(args)} in Partita, {@code sql} in DuckDB. Arguments are E or plain Java values. */
  private static E call(Type t, String sql, E recv, String method, Object... args) {
    Object[] values = new Object[args.length];
    List<String> code = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      values[i] = args[i] instanceof E e ? e.expr() : args[i];
      code.add(args[i] instanceof E e ? e.code() : args[i] instanceof String s ? javaLiteral(s) : String.valueOf(args[i]));
    }
    try {
      Method m = method(recv.expr().getClass(), method, args.length);
      Object out = m.isVarArgs() ? m.invoke(recv.expr(), (Object) values) : m.invoke(recv.expr(), values);
      return new E((Expr) out, sql, t, recv.code() + "." + method + "(" + String.join(", ", code) + ")");
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException x ? x : new IllegalStateException(e.getCause());
    }
  }

  private static Method method(Class<?> type, String name, int args) {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && (m.getParameterCount() == args || m.isVarArgs())) {
        return m;
      }
    }
    throw new IllegalArgumentException("no method " + name + "/" + args + " on " + type.getSimpleName());
  }

  /** A random expression of type {@code t} over the columns {@code in}, at most {@code depth} operators deep. */
  E gen(Type t, List<Col> in, int depth) {
    if (depth <= 0 || r.nextInt(4) == 0) {
      return leaf(t, in);
    }
    int d = depth - 1;
    switch (t) {
      case BIGINT: {
        switch (r.nextInt(13)) {
          case 0: return arith(Type.BIGINT, gen(Type.BIGINT, in, d), gen(Type.BIGINT, in, d));
          case 1: {
            long m = pick(List.of(2L, 3L, 7L, -5L));
            E a = gen(Type.BIGINT, in, d);
            return call(Type.BIGINT, "(" + a.sql() + " % " + m + ")", a, "mod", m);
          }
          case 2: { E a = gen(Type.BIGINT, in, d); return call(Type.BIGINT, "(-" + a.sql() + ")", a, "neg"); }
          case 3: { E a = gen(Type.BIGINT, in, d); return call(Type.BIGINT, "abs(" + a.sql() + ")", a, "abs"); }
          case 4: { E a = gen(Type.VARCHAR, in, d); return call(Type.BIGINT, "length(" + a.sql() + ")", a, "length"); }
          case 5: {
            E a = gen(Type.DATE, in, d);
            String f = pick(List.of("year", "month", "day", "dayOfWeek"));
            return call(Type.BIGINT, f.toLowerCase() + "(" + a.sql() + ")", a, f);
          }
          case 6: {
            E a = gen(Type.TIMESTAMP, in, d);
            String f = pick(List.of("hour", "year", "day"));
            return call(Type.BIGINT, f + "(" + a.sql() + ")", a, f);
          }
          case 7: { E a = gen(Type.BOOLEAN, in, d); return cast(a, Type.BIGINT); }
          case 8: {
            E a = gen(Type.DATE, in, d);
            E b = gen(Type.DATE, in, d);
            return call(Type.BIGINT, "(" + a.sql() + " - " + b.sql() + ")", a, "minus", b);
          }
          case 9: { E a = gen(Type.BIGINT, in, d); return call(Type.BIGINT, "round(" + a.sql() + ", -1)", a, "round", -1); }
          case 10: return caseWhen(Type.BIGINT, in, d);
          default: return coalesce(Type.BIGINT, in, d);
        }
      }
      case DOUBLE: {
        switch (r.nextInt(10)) {
          case 0: case 1: return arith(Type.DOUBLE, gen(pick(List.of(Type.DOUBLE, Type.BIGINT)), in, d),
              gen(Type.DOUBLE, in, d));
          case 2: {
            E a = gen(pick(List.of(Type.DOUBLE, Type.BIGINT)), in, d);
            E b = gen(pick(List.of(Type.DOUBLE, Type.BIGINT)), in, d);
            return call(Type.DOUBLE, "(" + a.sql() + " / " + b.sql() + ")", a, "div", b);
          }
          case 3: {
            E a = gen(Type.DOUBLE, in, d);
            double m = pick(List.of(2.5, 3.0, -0.75));
            return call(Type.DOUBLE, "(" + a.sql() + " % " + literal(m, Type.DOUBLE) + ")", a, "mod", m);
          }
          case 4: { E a = gen(Type.DOUBLE, in, d); return call(Type.DOUBLE, "abs(" + a.sql() + ")", a, "abs"); }
          case 5: {
            E a = gen(Type.DOUBLE, in, d);
            int k = r.nextInt(3) - 1;
            return call(Type.DOUBLE, "round(" + a.sql() + ", " + k + ")", a, "round", k);
          }
          case 6: return cast(gen(Type.BIGINT, in, d), Type.DOUBLE);
          case 7: return caseWhen(Type.DOUBLE, in, d);
          default: return coalesce(Type.DOUBLE, in, d);
        }
      }
      case VARCHAR: {
        switch (r.nextInt(10)) {
          case 0: { E a = gen(Type.VARCHAR, in, d); return call(Type.VARCHAR, "upper(" + a.sql() + ")", a, "upper"); }
          case 1: { E a = gen(Type.VARCHAR, in, d); return call(Type.VARCHAR, "lower(" + a.sql() + ")", a, "lower"); }
          case 2: { E a = gen(Type.VARCHAR, in, d); return call(Type.VARCHAR, "trim(" + a.sql() + ")", a, "trim"); }
          case 3: {
            E a = gen(Type.VARCHAR, in, d);
            int start = r.nextInt(7) - 3;
            int len = r.nextInt(5);
            return call(Type.VARCHAR, "substring(" + a.sql() + ", " + start + ", " + len + ")", a, "substring", start, len);
          }
          case 4: {
            E a = gen(Type.VARCHAR, in, d);
            E b = gen(pick(List.of(Type.VARCHAR, Type.BIGINT, Type.VARCHAR)), in, d);
            return call(Type.VARCHAR, "concat(" + a.sql() + ", " + b.sql() + ")", a, "concat", b);
          }
          case 5: return cast(gen(pick(List.of(Type.BIGINT, Type.DATE, Type.BOOLEAN)), in, d), Type.VARCHAR);
          case 6: return caseWhen(Type.VARCHAR, in, d);
          default: return coalesce(Type.VARCHAR, in, d);
        }
      }
      case DATE: {
        switch (r.nextInt(5)) {
          case 0: {
            E a = gen(Type.DATE, in, d);
            long k = r.nextInt(61) - 30;
            return call(Type.DATE, "(" + a.sql() + " + " + k + ")", a, "plus", k);
          }
          case 1: return cast(gen(Type.TIMESTAMP, in, d), Type.DATE);
          case 2: return caseWhen(Type.DATE, in, d);
          default: return coalesce(Type.DATE, in, d);
        }
      }
      case TIMESTAMP: {
        switch (r.nextInt(4)) {
          case 0: return cast(gen(Type.DATE, in, d), Type.TIMESTAMP);
          case 1: {
            E a = gen(Type.TIMESTAMP, in, d);
            String unit = pick(List.of("year", "month", "week", "day", "hour"));
            return call(Type.TIMESTAMP, "date_trunc('" + unit + "', " + a.sql() + ")", a, "dateTrunc", unit);
          }
          case 2: return caseWhen(Type.TIMESTAMP, in, d);
          default: return coalesce(Type.TIMESTAMP, in, d);
        }
      }
      default:
        return predicate(in, d);
    }
  }

  private E arith(Type t, E a, E b) {
    String[] op = pick(List.of(new String[] {"+", "plus"}, new String[] {"-", "minus"}, new String[] {"*", "mul"}));
    return call(t, "(" + a.sql() + " " + op[0] + " " + b.sql() + ")", a, op[1], b);
  }

  private E cast(E a, Type to) {
    String name = switch (to) {
      case BIGINT -> "bigint";
      case DOUBLE -> "double";
      case VARCHAR -> "string";
      case BOOLEAN -> "bool";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp";
    };
    return call(to, "CAST(" + a.sql() + " AS " + to.sql + ")", a, "cast", name);
  }

  private E caseWhen(Type t, List<Col> in, int d) {
    E c1 = predicate(in, d);
    E v1 = gen(t, in, d);
    Functions.When w = Functions.when(c1.expr(), v1.expr());
    String sql = "CASE WHEN " + c1.sql() + " THEN " + v1.sql();
    String code = "when(" + c1.code() + ", " + v1.code() + ")";
    if (r.nextBoolean()) {
      E c2 = predicate(in, d);
      E v2 = gen(t, in, d);
      w = w.when(c2.expr(), v2.expr());
      sql += " WHEN " + c2.sql() + " THEN " + v2.sql();
      code += ".when(" + c2.code() + ", " + v2.code() + ")";
    }
    if (r.nextBoolean()) {
      E other = gen(t, in, d);
      return new E(w.otherwise(other.expr()), sql + " ELSE " + other.sql() + " END", t,
          code + ".otherwise(" + other.code() + ")");
    }
    return new E(w, sql + " END", t, code);
  }

  private E coalesce(Type t, List<Col> in, int d) {
    E a = gen(t, in, d);
    E b = gen(t, in, d);
    return new E(Functions.coalesce(a.expr(), b.expr()), "coalesce(" + a.sql() + ", " + b.sql() + ")", t,
        "coalesce(" + a.code() + ", " + b.code() + ")");
  }

  /** A random condition over {@code in}. */
  E predicate(List<Col> in, int depth) {
    int d = Math.max(0, depth - 1);
    switch (r.nextInt(depth <= 0 ? 6 : 10)) {
      case 0: case 1: case 2: {
        Type t = pick(in).type();
        if (t == Type.BOOLEAN) {
          t = Type.BIGINT;
        }
        E a = gen(t, in, d);
        E b = r.nextBoolean() ? lit(value(t, poolOf(a)), t) : gen(pick(List.of(Type.values())
            .stream().filter(t::comparable).filter(x -> x != Type.BOOLEAN).toList()), in, d);
        String[] op = pick(List.of(new String[] {"=", "eq"}, new String[] {"<>", "ne"}, new String[] {"<", "lt"},
            new String[] {"<=", "le"}, new String[] {">", "gt"}, new String[] {">=", "ge"}));
        return call(Type.BOOLEAN, "(" + a.sql() + " " + op[0] + " " + b.sql() + ")", a, op[1], b);
      }
      case 3: {
        E a = column(pick(in));
        return r.nextBoolean() ? call(Type.BOOLEAN, "(" + a.sql() + " IS NULL)", a, "isNull")
            : call(Type.BOOLEAN, "(" + a.sql() + " IS NOT NULL)", a, "isNotNull");
      }
      case 4: {
        Col c = pick(in);
        if (c.type() == Type.BOOLEAN) {
          return column(c);
        }
        E a = column(c);
        List<Object> values = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          values.add(r.nextInt(8) == 0 ? null : value(c.type(), poolOf(a)));
        }
        String list = values.stream().map(v -> literal(v, c.type())).collect(Collectors.joining(", "));
        String code = values.stream().map(RandomQueries::javaLiteral).collect(Collectors.joining(", "));
        boolean not = r.nextInt(3) == 0;
        Expr e = a.expr().isIn(values.toArray());
        return new E(not ? e.not() : e, "(" + a.sql() + (not ? " NOT IN (" : " IN (") + list + "))", Type.BOOLEAN,
            a.code() + ".isIn(" + code + ")" + (not ? ".not()" : ""));
      }
      case 5: {
        List<Col> strings = in.stream().filter(c -> c.type() == Type.VARCHAR).toList();
        if (strings.isEmpty()) {
          return leaf(Type.BOOLEAN, in);
        }
        E a = column(pick(strings));
        String part = pick(List.of("k", "1", "a", "é", "日本", "", " ", "\"", "\n"));
        switch (r.nextInt(4)) {
          case 0: {
            String p = pick(List.of("k1%", "%1", "k_", "_", "%", "", "%é%", "_本%", "%a%", "k%1%"));
            return call(Type.BOOLEAN, "(" + a.sql() + " LIKE " + literal(p, Type.VARCHAR) + ")", a, "like", p);
          }
          case 1: return call(Type.BOOLEAN, "starts_with(" + a.sql() + ", " + literal(part, Type.VARCHAR) + ")", a,
              "startsWith", part);
          case 2: return call(Type.BOOLEAN, "ends_with(" + a.sql() + ", " + literal(part, Type.VARCHAR) + ")", a,
              "endsWith", part);
          default: return call(Type.BOOLEAN, "contains(" + a.sql() + ", " + literal(part, Type.VARCHAR) + ")", a,
              "contains", part);
        }
      }
      case 6: {
        E a = predicate(in, d);
        E b = predicate(in, d);
        return r.nextBoolean() ? call(Type.BOOLEAN, "(" + a.sql() + " AND " + b.sql() + ")", a, "and", b)
            : call(Type.BOOLEAN, "(" + a.sql() + " OR " + b.sql() + ")", a, "or", b);
      }
      case 7: { E a = predicate(in, d); return call(Type.BOOLEAN, "(NOT " + a.sql() + ")", a, "not"); }
      case 8: {
        Type t = pick(List.of(Type.BIGINT, Type.DOUBLE, Type.VARCHAR, Type.DATE, Type.TIMESTAMP));
        E a = gen(t, in, d);
        List<Object> pool = poolOf(a);
        Object lo = value(t, pool);
        Object hi = value(t, pool);
        return call(Type.BOOLEAN, "(" + a.sql() + " BETWEEN " + literal(lo, t) + " AND " + literal(hi, t) + ")", a,
            "between", lit(lo, t), lit(hi, t));
      }
      default: return caseWhen(Type.BOOLEAN, in, d);
    }
  }

  // ------------------------------------------------------------------ queries

  private String fresh(String prefix) {
    return prefix + (names++);
  }

  /** A scan of a table. */
  static Rel scan(DataFrame df, Data d) {
    return new Rel(df, "SELECT * FROM " + d.name(), d.cols(), d.name(), false,
        d.cols().contains(new Col("id", Type.BIGINT)));
  }

  Rel filter(Rel in) {
    E p = predicate(in.cols(), 2);
    return new Rel(in.df().filter(p.expr()), "SELECT * FROM (" + in.sql() + ") WHERE " + p.sql(), in.cols(),
        in.code() + "\n  .filter(" + p.code() + ")", false, in.fileOrder());
  }

  Rel withColumn(Rel in) {
    Type t = pick(Type.values());
    E e = gen(t, in.cols(), 1 + r.nextInt(3));
    String name = fresh("x");
    List<Col> cols = new ArrayList<>(in.cols());
    cols.add(new Col(name, t));
    return new Rel(in.df().withColumn(name, e.expr()), "SELECT *, " + e.sql() + " AS " + name + " FROM ("
        + in.sql() + ")", cols, in.code() + "\n  .withColumn(\"" + name + "\", " + e.code() + ")", false, in.fileOrder());
  }

  /** Some of the columns, some computed. */
  Rel select(Rel in) {
    List<Expr> exprs = new ArrayList<>();
    List<String> sql = new ArrayList<>();
    List<String> code = new ArrayList<>();
    List<Col> cols = new ArrayList<>();
    int n = 1 + r.nextInt(Math.min(4, in.cols().size()));
    for (Col c : shuffled(in.cols()).subList(0, n)) {
      if (r.nextInt(3) == 0) {
        E e = gen(c.type(), in.cols(), 2);
        String name = fresh("x");
        exprs.add(e.expr().as(name));
        sql.add(e.sql() + " AS " + name);
        code.add(e.code() + ".as(\"" + name + "\")");
        cols.add(new Col(name, c.type()));
      } else {
        exprs.add(col(c.name()));
        sql.add(c.name());
        code.add("col(\"" + c.name() + "\")");
        cols.add(c);
      }
    }
    return new Rel(in.df().select(exprs.toArray(new Expr[0])), "SELECT " + String.join(", ", sql) + " FROM ("
        + in.sql() + ")", cols, in.code() + "\n  .select(" + String.join(", ", code) + ")", false,
        in.fileOrder() && cols.contains(new Col("id", Type.BIGINT)));
  }

  /** One aggregation over {@code in}: its Partita form, its SQL, its output type. */
  private record A(Agg agg, String sql, Type type, String code) {}

  private A aggregation(Rel in, String name) {
    List<Col> numbers = in.cols().stream().filter(c -> c.type().numeric()).toList();
    List<Col> ordered = in.cols().stream().filter(c -> c.type() != Type.BOOLEAN).toList();
    int kind = r.nextInt(14);
    if (kind >= 3 && kind <= 8 && numbers.isEmpty() || (kind == 9 || kind == 10) && ordered.isEmpty()) {
      kind = 0;
    }
    if ((kind == 11 || kind == 12) && !in.fileOrder()) {
      kind = 1;
    }
    E x = switch (kind) {
      case 0 -> null;
      case 3, 4, 5, 6, 7, 8 -> r.nextInt(4) == 0 ? gen(Type.DOUBLE, in.cols(), 2) : column(pick(numbers));
      case 9, 10 -> r.nextInt(4) == 0 ? gen(pick(ordered).type(), in.cols(), 1) : column(pick(ordered));
      default -> r.nextInt(4) == 0 ? gen(pick(in.cols()).type(), in.cols(), 1) : column(pick(in.cols()));
    };
    String fn;
    String sql;
    Type type;
    Agg agg;
    switch (kind) {
      case 0 -> { agg = Functions.count(); fn = "count()"; sql = "count(*)"; type = Type.BIGINT; }
      case 1 -> { agg = Functions.count(x.expr()); fn = "count"; sql = "count(" + x.sql() + ")"; type = Type.BIGINT; }
      case 2 -> { agg = Functions.countDistinct(x.expr()); fn = "countDistinct"; sql = "count(DISTINCT " + x.sql() + ")";
        type = Type.BIGINT; }
      case 3 -> { agg = Functions.sum(x.expr()); fn = "sum"; sql = "sum(" + x.sql() + ")"; type = x.type(); }
      case 4 -> { agg = Functions.mean(x.expr()); fn = "mean"; sql = "avg(" + x.sql() + ")"; type = Type.DOUBLE; }
      case 5 -> { agg = Functions.std(x.expr()); fn = "std"; sql = "stddev_samp(" + x.sql() + ")"; type = Type.DOUBLE; }
      case 6 -> { agg = Functions.var(x.expr()); fn = "var"; sql = "var_samp(" + x.sql() + ")"; type = Type.DOUBLE; }
      case 7 -> {
        double q = pick(List.of(0.0, 0.25, 0.5, 0.9, 1.0));
        agg = Functions.quantile(x.expr(), q);
        fn = "quantile";
        sql = "quantile_cont(" + x.sql() + ", " + q + ")";
        type = Type.DOUBLE;
        return new A(agg.as(name), sql, type, "quantile(" + x.code() + ", " + q + ").as(\"" + name + "\")");
      }
      case 8 -> {
        E y = column(pick(numbers));
        boolean corr = r.nextBoolean();
        agg = corr ? Functions.corr(x.expr(), y.expr()) : Functions.covar(x.expr(), y.expr());
        sql = (corr ? "corr(" : "covar_samp(") + x.sql() + ", " + y.sql() + ")";
        return new A(agg.as(name), sql, Type.DOUBLE, (corr ? "corr(" : "covar(") + x.code() + ", " + y.code()
            + ").as(\"" + name + "\")");
      }
      case 9 -> { agg = Functions.min(x.expr()); fn = "min"; sql = "min(" + x.sql() + ")"; type = x.type(); }
      case 10 -> { agg = Functions.max(x.expr()); fn = "max"; sql = "max(" + x.sql() + ")"; type = x.type(); }
      case 11 -> { agg = Functions.first(x.expr()); fn = "first"; sql = "first(" + x.sql() + " ORDER BY id)"; type = x.type(); }
      case 12 -> { agg = Functions.last(x.expr()); fn = "last"; sql = "last(" + x.sql() + " ORDER BY id)"; type = x.type(); }
      default -> { agg = Functions.nunique(x.expr()); fn = "nunique"; sql = "count(DISTINCT " + x.sql() + ")";
        type = Type.BIGINT; }
    }
    String code = kind == 0 ? fn : fn + "(" + x.code() + ")";
    return new A(agg.as(name), sql, type, code + ".as(\"" + name + "\")");
  }

  /** A group-by (or a global aggregation when {@code keys} is 0), sometimes followed by a HAVING filter. */
  Rel aggregate(Rel in, int keys, int splitOut) {
    List<Col> ks = shuffled(in.cols()).subList(0, Math.min(keys, in.cols().size()));
    List<Agg> aggs = new ArrayList<>();
    List<String> sql = new ArrayList<>();
    List<String> code = new ArrayList<>();
    List<Col> cols = new ArrayList<>(ks);
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String name = fresh("a");
      A a = aggregation(in, name);
      aggs.add(a.agg());
      sql.add(a.sql() + " AS " + name);
      code.add(a.code());
      cols.add(new Col(name, a.type()));
    }
    List<String> keyNames = ks.stream().map(Col::name).toList();
    String keyList = String.join(", ", keyNames);
    String keyCode = keyNames.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
    DataFrame df;
    String c;
    if (ks.isEmpty()) {
      df = in.df().agg(aggs.toArray(new Agg[0]));
      c = in.code() + "\n  .agg(" + String.join(", ", code) + ")";
    } else {
      GroupedData g = in.df().groupBy(keyNames.toArray(new String[0]));
      if (splitOut > 0) {
        g = g.splitOut(splitOut);
      }
      df = g.agg(aggs.toArray(new Agg[0]));
      c = in.code() + "\n  .groupBy(" + keyCode + ")" + (splitOut > 0 ? ".splitOut(" + splitOut + ")" : "")
          + ".agg(" + String.join(", ", code) + ")";
    }
    String s = "SELECT " + (ks.isEmpty() ? "" : keyList + ", ") + String.join(", ", sql) + " FROM (" + in.sql() + ")"
        + (ks.isEmpty() ? "" : " GROUP BY " + keyList);
    return new Rel(df, s, cols, c, false, false);
  }

  Rel distinct(Rel in) {
    return new Rel(in.df().distinct(), "SELECT DISTINCT * FROM (" + in.sql() + ")", in.cols(),
        in.code() + "\n  .distinct()", false, false);
  }

  /**
   * {@code in} ordered by random keys (columns or expressions, either direction, nulls first or last), then by
   * {@code total} (columns that make the order total, e.g. a unique id or all group keys), maybe limited.
   */
  Rel orderBy(Rel in, List<Col> total) {
    List<Expr> keys = new ArrayList<>();
    List<String> sql = new ArrayList<>();
    List<String> code = new ArrayList<>();
    // Not by a double aggregate: summed in another order, corr(id, id) is 0.9999999999999998 here and 1.0 in
    // DuckDB, both right to 1e-9, and rows that tie in one engine come apart in the other.
    List<Col> sortable = in.cols().stream().filter(c -> !(c.type() == Type.DOUBLE && c.name().matches("a\\d+")))
        .toList();
    int n = sortable.isEmpty() ? 0 : r.nextInt(3);
    for (int i = 0; i < n + total.size(); i++) {
      E e = i < n ? (r.nextInt(3) == 0 ? gen(pick(sortable).type(), sortable, 1) : column(pick(sortable)))
          : column(total.get(i - n));
      boolean desc = r.nextBoolean();
      boolean nullsFirst = r.nextBoolean();
      Expr k = e.expr();
      k = desc ? k.desc() : r.nextBoolean() ? k.asc() : k;
      k = nullsFirst ? k.nullsFirst() : r.nextBoolean() ? k.nullsLast() : k;
      keys.add(k);
      sql.add(e.sql() + (desc ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST"));
      code.add(e.code() + (desc ? ".desc()" : "") + (nullsFirst ? ".nullsFirst()" : ""));
    }
    DataFrame df = in.df().orderBy(keys.toArray(new Expr[0]));
    String s = "SELECT * FROM (" + in.sql() + ") ORDER BY " + String.join(", ", sql);
    String c = in.code() + "\n  .orderBy(" + String.join(", ", code) + ")";
    if (r.nextBoolean()) {
      long limit = pick(List.of(0L, 1L, 5L, 100L));
      df = df.limit(limit);
      s += " LIMIT " + limit;
      c += ".limit(" + limit + ")";
    }
    return new Rel(df, s, in.cols(), c, true, false);
  }

  /** {@code a} and {@code b} (the same columns) one after the other. */
  static Rel union(Rel a, Rel b) {
    return new Rel(a.df().union(b.df()), "SELECT * FROM (" + a.sql() + ") UNION ALL SELECT * FROM (" + b.sql() + ")",
        a.cols(), "(" + a.code() + ")\n  .union(" + b.code() + ")", false, false);
  }

  /**
   * A join of {@code l} and {@code r}: on the columns both have (USING) or on equalities between comparable
   * columns and maybe a residual condition (ON), of a random type. Output columns as Partita names them: the
   * left's, then the right's (keys once for USING), a right column whose name the left has gets {@code _right}.
   */
  Rel join(Rel l, Rel rr) {
    String how = pick(JOIN_TYPES);
    Set<String> leftNames = l.cols().stream().map(Col::name).collect(Collectors.toSet());
    List<Col> common = l.cols().stream().filter(c -> rr.cols().contains(c)).toList();
    boolean using = !common.isEmpty() && r.nextBoolean();
    boolean semi = how.equals("semi") || how.equals("anti");
    List<Col> cols = new ArrayList<>();
    List<String> select = new ArrayList<>();
    DataFrame df;
    String code;
    String on;
    String rightSql = rr.sql();
    if (using) {
      List<Col> keys = shuffled(common).subList(0, 1 + r.nextInt(common.size()));
      List<String> names = keys.stream().map(Col::name).toList();
      on = names.stream().map(k -> "l." + k + " = r." + k).collect(Collectors.joining(" AND "));
      df = l.df().join(rr.df(), names, how);
      code = "(" + l.code() + ")\n  .join(" + rr.code() + ", List.of(" + names.stream().map(k -> "\"" + k + "\"")
          .collect(Collectors.joining(", ")) + "), \"" + how + "\")";
      for (Col c : l.cols()) {
        cols.add(c);
        select.add(!keys.contains(c) ? "l." + c.name() : (how.equals("right") ? "r." + c.name()
            : how.equals("full") ? "COALESCE(l." + c.name() + ", r." + c.name() + ")" : "l." + c.name()) + " AS " + c.name());
      }
      for (Col c : rr.cols()) {
        if (!keys.contains(c)) {
          String name = leftNames.contains(c.name()) ? c.name() + "_right" : c.name();
          cols.add(new Col(name, c.type()));
          select.add("r." + c.name() + " AS " + name);
        }
      }
    } else {
      List<String> conditions = new ArrayList<>();
      List<String> codes = new ArrayList<>();
      Expr cond = null;
      List<Col> rightOut = new ArrayList<>();
      List<String> renamed = new ArrayList<>();
      for (Col c : rr.cols()) {
        String name = leftNames.contains(c.name()) ? c.name() + "_right" : c.name();
        rightOut.add(new Col(name, c.type()));
        renamed.add(c.name() + " AS " + name);
      }
      int eqs = 1 + r.nextInt(2);
      for (int i = 0; i < eqs; i++) {
        Col a = pick(l.cols());
        List<Col> fit = rightOut.stream().filter(c -> c.type().comparable(a.type())
            && (a.type() == Type.BOOLEAN) == (c.type() == Type.BOOLEAN)).toList();
        if (fit.isEmpty()) {
          continue;
        }
        Col b = pick(fit);
        Expr eq = col(a.name()).eq(col(b.name()));
        cond = cond == null ? eq : cond.and(eq);
        conditions.add(a.name() + " = " + b.name());
        codes.add("col(\"" + a.name() + "\").eq(col(\"" + b.name() + "\"))");
      }
      if (cond == null) {
        return null;
      }
      if (r.nextInt(3) == 0) {
        List<Col> pair = new ArrayList<>(l.cols());
        pair.addAll(rightOut);
        E p = predicate(pair, 1);
        cond = cond.and(p.expr());
        conditions.add(p.sql());
        codes.add(p.code());
      }
      // The right side's columns renamed as Partita names them, so the condition's bare names mean the same.
      rightSql = "SELECT " + String.join(", ", renamed) + " FROM (" + rr.sql() + ")";
      on = String.join(" AND ", conditions);
      df = l.df().join(rr.df(), cond, how);
      code = "(" + l.code() + ")\n  .join(" + rr.code() + ", " + String.join(".and(", codes)
          + ")".repeat(codes.size() - 1) + ", \"" + how + "\")";
      for (Col c : l.cols()) {
        cols.add(c);
        select.add("l." + c.name());
      }
      for (Col c : rightOut) {
        cols.add(c);
        select.add("r." + c.name());
      }
    }
    if (semi) {
      cols = l.cols();
      select = List.of("l.*");
    }
    String sql = "SELECT " + String.join(", ", select) + " FROM (" + l.sql() + ") l " + how.toUpperCase() + " JOIN ("
        + rightSql + ") r ON " + on;
    return new Rel(df, sql, cols, code, false, false);
  }

  // ------------------------------------------------------------------ helpers

  <T> T pick(List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  <T> T pick(T[] items) {
    return items[r.nextInt(items.length)];
  }

  <T> List<T> shuffled(List<T> items) {
    List<T> copy = new ArrayList<>(items);
    java.util.Collections.shuffle(copy, r);
    return copy;
  }

  Random random() {
    return r;
  }

  static <T> String describe(List<T> items, Function<T, String> f) {
    return items.stream().map(f).collect(Collectors.joining(", "));
  }
}
