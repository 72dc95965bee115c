package dev.partita.cli;

import static dev.partita.Functions.col;
import static dev.partita.Functions.lit;

import dev.partita.Agg;
import dev.partita.Expr;
import dev.partita.Functions;
import java.util.List;

/** Turns the command line's syntax trees into the engine's {@link Expr} and {@link Agg} values. */
final class Exprs {
  private Exprs() {}

  static Expr toExpr(Ast ast) {
    if (ast instanceof Ast.Column c) {
      return col(c.name());
    }
    if (ast instanceof Ast.Literal l) {
      return lit(l.value());
    }
    if (ast instanceof Ast.Unary u) {
      Expr operand = toExpr(u.operand());
      return u.op().equals("not") ? operand.not() : lit(0L).minus(operand);
    }
    if (ast instanceof Ast.IsNull n) {
      Expr operand = toExpr(n.operand());
      return n.negated() ? operand.isNotNull() : operand.isNull();
    }
    if (ast instanceof Ast.In in) {
      Expr isIn = toExpr(in.operand()).isIn(in.values().stream().map(Ast.Literal::value).toArray());
      return in.negated() ? isIn.not() : isIn;
    }
    Ast.Binary b = (Ast.Binary) ast;
    Expr l = toExpr(b.left());
    Expr r = toExpr(b.right());
    switch (b.op()) {
      case "+": return l.plus(r);
      case "-": return l.minus(r);
      case "*": return l.mul(r);
      case "/": return l.div(r);
      case "=": return l.eq(r);
      case "!=": return l.ne(r);
      case "<": return l.lt(r);
      case "<=": return l.le(r);
      case ">": return l.gt(r);
      case ">=": return l.ge(r);
      case "and": return l.and(r);
      case "or": return l.or(r);
      default: throw new IllegalArgumentException("operator " + b.op());
    }
  }

  static Agg[] toAggs(List<AggSpec> specs) {
    Agg[] aggs = new Agg[specs.size()];
    for (int i = 0; i < aggs.length; i++) {
      AggSpec s = specs.get(i);
      aggs[i] = agg(s).as(s.outputName());
    }
    return aggs;
  }

  private static Agg agg(AggSpec s) {
    String c = s.column();
    switch (s.function()) {
      case "sum": return Functions.sum(c);
      case "mean": return Functions.mean(c);
      case "min": return Functions.min(c);
      case "max": return Functions.max(c);
      case "count": return c == null ? Functions.count() : Functions.count(c);
      case "std": return Functions.std(c);
      case "var": return Functions.var(c);
      case "nunique": return Functions.nunique(c);
      case "first": return Functions.first(c);
      case "last": return Functions.last(c);
      default: throw new IllegalArgumentException("aggregate " + s.function());
    }
  }
}
