package dev.partita.expr;

import dev.partita.AnalysisException;
import java.util.List;
import java.util.Locale;

/**
 * The scalar functions of expressions, by their SQL names, with their signatures: what each accepts, which
 * arguments must be literals, and the type it returns (DuckDB's). {@link Calls} evaluates them.
 *
 * <pre>{@code
 * Node n = new Node.Call(Fn.YEAR, List.of(new Node.Column("o_orderdate")));
 * }</pre>
 */
public enum Fn {
  ABS, NEG, ROUND, LIKE, STARTS_WITH, ENDS_WITH, CONTAINS, SUBSTRING, LENGTH, UPPER, LOWER, TRIM, CONCAT,
  YEAR, MONTH, DAY, DAY_OF_WEEK, HOUR, DATE_TRUNC;

  /** The SQL name, e.g. {@code starts_with}. */
  public String sqlName() {
    return this == DAY_OF_WEEK ? "dayofweek" : name().toLowerCase(Locale.ROOT);
  }

  /** The type of {@code fn(args)} given the arguments' types; throws AnalysisException when they do not fit. */
  DType type(List<Node> args, List<DType> types, Node where) {
    switch (this) {
      case ABS:
      case NEG:
        arity(args, 1, where);
        numeric(types.get(0), where);
        return types.get(0);
      case ROUND:
        arity(args, 2, where);
        numeric(types.get(0), where);
        literal(args.get(1), Long.class, "a whole number of digits", where);
        if (types.get(0) != null && types.get(0).isDecimal()) {
          long digits = (Long) ((Node.Literal) args.get(1)).value();
          return DType.decimal(types.get(0).precision(), (int) Math.max(0, Math.min(digits, types.get(0).scale())));
        }
        return types.get(0);
      case LIKE:
      case STARTS_WITH:
      case ENDS_WITH:
      case CONTAINS:
        arity(args, 2, where);
        string(types.get(0), where);
        literal(args.get(1), String.class, "a string literal", where);
        return DType.BOOL;
      case SUBSTRING:
        arity(args, 3, where);
        string(types.get(0), where);
        literal(args.get(1), Long.class, "a 1-based start position", where);
        literal(args.get(2), Long.class, "a length", where);
        return DType.STRING;
      case LENGTH:
        arity(args, 1, where);
        string(types.get(0), where);
        return DType.INT64;
      case UPPER:
      case LOWER:
      case TRIM:
        arity(args, 1, where);
        string(types.get(0), where);
        return DType.STRING;
      case CONCAT:
        if (args.isEmpty()) {
          throw new AnalysisException("concat() needs at least one argument", "e.g. concat(col(\"a\"), \"-\", col(\"b\"))");
        }
        return DType.STRING;
      case DATE_TRUNC:
        arity(args, 2, where);
        literal(args.get(0), String.class, "a unit such as 'month'", where);
        if (!dev.partita.kernel.Dates.isUnit((String) ((Node.Literal) args.get(0)).value())) {
          throw new AnalysisException("unknown date_trunc unit " + args.get(0) + " in " + where,
              "use year, quarter, month, week, day, hour, minute or second");
        }
        temporal(types.get(1), where);
        return DType.TIMESTAMP;
      default:
        arity(args, 1, where);
        temporal(types.get(0), where);
        return DType.INT64;
    }
  }

  private void arity(List<Node> args, int n, Node where) {
    if (args.size() != n) {
      throw new AnalysisException(sqlName() + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", got "
          + args.size() + " in " + where, null);
    }
  }

  private void numeric(DType t, Node where) {
    if (t != null && !t.isNumeric()) {
      throw new AnalysisException(sqlName() + " needs a number, got " + t + " in " + where, null);
    }
  }

  private void string(DType t, Node where) {
    if (t != null && t != DType.STRING) {
      throw new AnalysisException(sqlName() + " needs a string, got " + t + " in " + where,
          "cast it first: cast(\"string\")");
    }
  }

  private void temporal(DType t, Node where) {
    if (t != null && t != DType.DATE && t != DType.TIMESTAMP) {
      throw new AnalysisException(sqlName() + " needs a date or timestamp, got " + t + " in " + where,
          "cast it first: cast(\"date\")");
    }
  }

  private void literal(Node arg, Class<?> type, String what, Node where) {
    if (!(arg instanceof Node.Literal l) || !type.isInstance(l.value())) {
      throw new AnalysisException(sqlName() + " needs " + what + " there, got " + arg + " in " + where,
          "give a constant, e.g. lit(...)");
    }
  }
}
