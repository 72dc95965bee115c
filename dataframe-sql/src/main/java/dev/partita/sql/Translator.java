package dev.partita.sql;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;

import dev.partita.AnalysisException;
import dev.partita.DataFrame;
import dev.partita.Expr;
import dev.partita.Functions;
import dev.partita.Table;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Translates one SQL query into a DataFrame. FROM items get unique internal column names ({@link Rel});
 * comma joins are ordered greedily by the equalities in WHERE; EXISTS and IN (SELECT ...) become semi and
 * anti joins; a correlated scalar subquery becomes a grouped aggregate left-joined on its correlation keys;
 * an uncorrelated one is computed first and becomes a literal.
 */
final class Translator {

  private final String sql;
  private final Map<String, DataFrame> tables = new HashMap<>();
  private final Rel.Names names = new Rel.Names();

  Translator(String sql, Map<String, DataFrame> tables) {
    this.sql = sql;
    tables.forEach((k, v) -> this.tables.put(k.toLowerCase(Locale.ROOT), v));
  }

  DataFrame translate() {
    Statement st;
    try {
      st = CCJSqlParserUtil.parse(sql);
    } catch (JSQLParserException e) {
      throw syntaxError(e);
    }
    if (!(st instanceof Select s)) {
      throw unsupported(st, "statement " + st.getClass().getSimpleName() + " (only SELECT queries are)");
    }
    return query(s, new HashMap<>());
  }

  private SqlException syntaxError(JSQLParserException e) {
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("syntax error");
    // JSqlParser 5 parses on another thread: the ParseException with the token is a few causes down.
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof ParseException p && p.currentToken != null && p.currentToken.next != null) {
        Token t = p.currentToken.next;
        return t.image.isEmpty()
            ? new SqlException(p.currentToken.endLine, p.currentToken.endColumn + 1, "unexpected end of the query",
                null)
            : new SqlException(t.beginLine, t.beginColumn, "syntax error at '" + t.image + "'",
                first.startsWith("Encountered") ? first : null);
      }
    }
    return new SqlException(1, 1, "syntax error: " + first, null);
  }

  // ---- queries

  private DataFrame query(Select s, Map<String, DataFrame> ctes) {
    Map<String, DataFrame> scope = ctes;
    if (s.getWithItemsList() != null) {
      scope = new HashMap<>(ctes);
      for (WithItem<?> w : s.getWithItemsList()) {
        if (w.isRecursive()) {
          throw unsupported(w, "WITH RECURSIVE");
        }
        DataFrame df = query(w.getSelect(), scope);
        if (w.getWithItemList() != null) {
          List<String> cols = new ArrayList<>();
          for (SelectItem<?> item : w.getWithItemList()) {
            cols.add(unquote(item.toString()));
          }
          df = rename(w, df, cols);
        }
        scope.put(unquote(w.getAliasName()).toLowerCase(Locale.ROOT), df);
      }
    }
    if (s.getOffset() != null || s.getFetch() != null) {
      throw unsupported(s.getOffset() != null ? s.getOffset() : s.getFetch(), "OFFSET / FETCH");
    }
    if (s instanceof PlainSelect ps) {
      return plain(ps, scope);
    }
    if (s instanceof ParenthesedSelect p) {
      return orderLimit(query(p.getSelect(), scope), p.getOrderByElements(), p.getLimit());
    }
    if (s instanceof SetOperationList set) {
      return orderLimit(setOperation(set, scope), set.getOrderByElements(), set.getLimit());
    }
    throw unsupported(s, s.getClass().getSimpleName());
  }

  private DataFrame setOperation(SetOperationList set, Map<String, DataFrame> ctes) {
    DataFrame out = query(set.getSelect(0), ctes);
    List<String> cols = out.columns();
    for (int i = 1; i < set.getSelects().size(); i++) {
      SetOperation op = set.getOperations().get(i - 1);
      if (!(op instanceof UnionOp u)) {
        throw unsupported(set.getSelect(i), op + " (UNION and UNION ALL are supported)");
      }
      DataFrame next = rename(set.getSelect(i), query(set.getSelect(i), ctes), cols);
      out = out.union(next);
      if (!u.isAll()) {
        out = out.distinct();
      }
    }
    return out;
  }

  private DataFrame rename(Object node, DataFrame df, List<String> cols) {
    if (df.columns().size() != cols.size()) {
      throw error(node, "expected " + cols.size() + " columns " + cols + ", the query gives " + df.columns().size()
          + " " + df.columns(), "select as many columns on each side");
    }
    List<Expr> out = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      out.add(col(df.columns().get(i)).as(cols.get(i)));
    }
    return df.select(out.toArray(new Expr[0]));
  }

  private DataFrame orderLimit(DataFrame df, List<OrderByElement> order, Limit limit) {
    if (order != null && !order.isEmpty()) {
      List<Expr> keys = new ArrayList<>();
      for (OrderByElement o : order) {
        String name;
        if (o.getExpression() instanceof LongValue v) {
          name = position(o, df.columns(), v.getValue());
        } else if (o.getExpression() instanceof Column c) {
          name = outputNamed(df.columns(), unquote(c.getColumnName()));
          if (name == null) {
            throw error(c, "ORDER BY " + c + " is not an output column", "outputs: " + df.columns());
          }
        } else {
          throw unsupported(o, "ORDER BY an expression over a UNION (order by an output name or position)");
        }
        keys.add(direction(o, col(name)));
      }
      df = df.orderBy(keys.toArray(new Expr[0]));
    }
    return limit(df, limit);
  }

  private DataFrame limit(DataFrame df, Limit limit) {
    if (limit == null || limit.isLimitAll() || limit.isLimitNull()) {
      return df;
    }
    if (limit.getOffset() != null) {
      throw unsupported(limit, "LIMIT with OFFSET");
    }
    if (!(limit.getRowCount() instanceof LongValue n)) {
      throw unsupported(limit, "LIMIT " + limit.getRowCount() + " (write a number)");
    }
    return df.limit(n.getValue());
  }

  private String position(Object node, List<String> outputs, long p) {
    if (p < 1 || p > outputs.size()) {
      throw error(node, "position " + p + " is not in the select list", "give 1 to " + outputs.size());
    }
    return outputs.get((int) p - 1);
  }

  private static String outputNamed(List<String> outputs, String name) {
    for (String o : outputs) {
      if (o.equalsIgnoreCase(name)) {
        return o;
      }
    }
    return null;
  }

  private static Expr direction(OrderByElement o, Expr key) {
    Expr k = o.isAsc() ? key.asc() : key.desc();
    if (o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST) {
      k = k.nullsFirst();
    } else if (o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_LAST) {
      k = k.nullsLast();
    }
    return k;
  }

  // ---- one SELECT

  private DataFrame plain(PlainSelect ps, Map<String, DataFrame> ctes) {
    checkSupported(ps);
    if (ps.getFromItem() == null) {
      throw unsupported(ps, "SELECT without FROM");
    }
    List<Expression> conjuncts = conjuncts(ps.getWhere());
    Rel rel = from(ps, ctes, conjuncts, null);
    Map<Expression, Expr> substitutes = new IdentityHashMap<>();
    List<Expression> filters = new ArrayList<>();
    for (Expression c : conjuncts) {
      if (!hasSubquery(c)) {
        filters.add(c);
        continue;
      }
      rel = subqueryCondition(rel, c, ctes, substitutes, filters);
    }
    for (Expression f : filters) {
      rel = rel.with(filter(rel, f, new ExprTranslator(this, rel, null, substitutes)));
    }
    return select(ps, rel, substitutes);
  }

  private void checkSupported(PlainSelect ps) {
    if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
      throw unsupported(ps.getDistinct(), "DISTINCT ON");
    }
    if (ps.getWindowDefinitions() != null) {
      throw unsupported(ps, "WINDOW");
    }
    if (ps.getQualify() != null) {
      throw unsupported(ps.getQualify(), "QUALIFY");
    }
    if (ps.getTop() != null) {
      throw unsupported(ps.getTop(), "TOP");
    }
    if (ps.getIntoTables() != null) {
      throw unsupported(ps, "SELECT ... INTO");
    }
    if (ps.getGroupBy() != null && ps.getGroupBy().getGroupingSets() != null
        && !ps.getGroupBy().getGroupingSets().isEmpty()) {
      throw unsupported(ps.getGroupBy(), "GROUPING SETS");
    }
  }

  private DataFrame filter(Rel rel, Expression condition, ExprTranslator t) {
    try {
      return rel.df.filter(t.translate(condition));
    } catch (SqlException e) {
      throw e;
    } catch (AnalysisException e) {
      throw error(condition, e.problem(), e.hint());
    }
  }

  /** The SELECT list, GROUP BY, HAVING, DISTINCT, ORDER BY and LIMIT of {@code ps} over {@code rel}. */
  private DataFrame select(PlainSelect ps, Rel rel, Map<Expression, Expr> substitutes) {
    List<SelectItem<?>> items = ps.getSelectItems();
    boolean grouped = ps.getGroupBy() != null || ps.getHaving() != null;
    for (SelectItem<?> item : items) {
      grouped |= containsAggregate(item.getExpression());
    }
    List<OrderByElement> order = ps.getOrderByElements() == null ? List.of() : ps.getOrderByElements();
    for (OrderByElement o : order) {
      grouped |= containsAggregate(o.getExpression());
    }
    ExprTranslator t;
    DataFrame base;
    ExprTranslator.Grouping grouping = null;
    if (grouped) {
      grouping = new ExprTranslator.Grouping(rel, names);
      List<String> keys = new ArrayList<>();
      DataFrame pre = rel.df;
      ExprTranslator plainT = new ExprTranslator(this, rel, null, substitutes);
      for (Expression k : groupKeys(ps, rel)) {
        if (containsAggregate(k)) {
          throw error(k, "GROUP BY " + k + " contains an aggregate", "group by columns or expressions of them");
        }
        Expr x = wrap(k, () -> plainT.translate(k));
        String column = k instanceof Column ? x.toString() : null;
        String key = column != null && rel.df.columns().contains(column) ? column : names.next("group");
        if (!key.equals(column)) {
          pre = pre.withColumn(key, x);
        }
        if (!keys.contains(key)) {
          keys.add(key);
        }
        grouping.addKey(k, key, column);
      }
      rel = rel.with(pre);
      grouping = grouping.over(rel);
      t = new ExprTranslator(this, rel, grouping, substitutes);
      List<Projection> outputs = outputs(items, rel, t, true);
      Expr having = ps.getHaving() == null ? null : translate(t, ps.getHaving());
      List<Expr> hidden = new ArrayList<>();
      List<Expr> sortKeys = sortKeys(order, items, outputs, t, hidden);
      List<dev.partita.Agg> aggs = grouping.aggs;
      if (aggs.isEmpty()) {
        base = pre.select(keys.toArray(new String[0])).distinct();
      } else if (keys.isEmpty()) {
        base = pre.agg(aggs.toArray(new dev.partita.Agg[0]));
      } else {
        base = pre.groupBy(keys.toArray(new String[0])).agg(aggs.toArray(new dev.partita.Agg[0]));
      }
      if (having != null) {
        DataFrame b = base;
        base = wrap(ps.getHaving(), () -> b.filter(having));
      }
      return finish(ps, base, outputs, hidden, sortKeys);
    }
    t = new ExprTranslator(this, rel, null, substitutes);
    List<Projection> outputs = outputs(items, rel, t, false);
    List<Expr> hidden = new ArrayList<>();
    List<Expr> sortKeys = sortKeys(order, items, outputs, t, hidden);
    return finish(ps, rel.df, outputs, hidden, sortKeys);
  }

  private record Projection(String name, String internal, Expr value, Expression source) {}

  private List<Projection> outputs(List<SelectItem<?>> items, Rel rel, ExprTranslator t, boolean grouped) {
    List<Projection> out = new ArrayList<>();
    for (SelectItem<?> item : items) {
      Expression e = item.getExpression();
      if (e instanceof AllColumns || e instanceof AllTableColumns) {
        String q = e instanceof AllTableColumns a ? unquote(a.getTable().getName()) : null;
        if (q != null && !rel.hasQualifier(q)) {
          throw error(e, "table " + q + " is not in FROM", null);
        }
        for (Rel.Col c : rel.cols) {
          if (q == null ? !c.hidden() : q.equalsIgnoreCase(c.qualifier())) {
            Column ref = new Column(c.name());
            if (c.qualifier() != null) {
              ref = new Column(new net.sf.jsqlparser.schema.Table(c.qualifier()), c.name());
            }
            Column r = ref;
            Expr v = grouped ? wrap(e, () -> t.translate(r)) : col(c.internal());
            out.add(new Projection(c.name(), names.next("out"), v, ref));
          }
        }
        continue;
      }
      String name = item.getAlias() != null ? unquote(item.getAlias().getName())
          : e instanceof Column c ? unquote(c.getColumnName()) : e.toString();
      out.add(new Projection(name, names.next("out"), translate(t, e), e));
    }
    return out;
  }

  private List<Expr> sortKeys(List<OrderByElement> order, List<SelectItem<?>> items, List<Projection> outputs,
      ExprTranslator t, List<Expr> hidden) {
    List<Expr> keys = new ArrayList<>();
    for (OrderByElement o : order) {
      Expression e = o.getExpression();
      String internal = null;
      if (e instanceof LongValue v) {
        List<String> internals = new ArrayList<>();
        outputs.forEach(p -> internals.add(p.internal()));
        internal = position(o, internals, v.getValue());
      } else {
        for (Projection p : outputs) {
          boolean alias = e instanceof Column c && c.getTable() == null && p.name().equalsIgnoreCase(unquote(c.getColumnName()));
          if (alias || text(p.source()).equals(text(e))) {
            internal = p.internal();
            break;
          }
        }
      }
      if (internal == null) {
        internal = names.next("sort");
        hidden.add(translate(t, e).as(internal));
      }
      keys.add(direction(o, col(internal)));
    }
    return keys;
  }

  private DataFrame finish(PlainSelect ps, DataFrame base, List<Projection> outputs, List<Expr> hidden,
      List<Expr> sortKeys) {
    List<Expr> cols = new ArrayList<>();
    for (Projection p : outputs) {
      cols.add(p.value().as(p.internal()));
    }
    cols.addAll(hidden);
    DataFrame df = wrap(ps, () -> base.select(cols.toArray(new Expr[0])));
    if (ps.getDistinct() != null) {
      if (!hidden.isEmpty()) {
        throw error(ps.getOrderByElements().get(0), "with SELECT DISTINCT, ORDER BY expressions must appear in the select list",
            "order by an output column");
      }
      df = df.distinct();
    }
    if (!sortKeys.isEmpty()) {
      df = df.orderBy(sortKeys.toArray(new Expr[0]));
    }
    df = limit(df, ps.getLimit());
    List<Expr> named = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Projection p : outputs) {
      String n = p.name();
      int k = seen.merge(n.toLowerCase(Locale.ROOT), 1, Integer::sum);
      named.add(col(p.internal()).as(k == 1 ? n : n + "_" + (k - 1)));
    }
    return df.select(named.toArray(new Expr[0]));
  }

  private List<Expression> groupKeys(PlainSelect ps, Rel rel) {
    List<Expression> keys = new ArrayList<>();
    if (ps.getGroupBy() == null) {
      return keys;
    }
    ExpressionList<?> list = ps.getGroupBy().getGroupByExpressionList();
    if (list.size() == 1 && list.get(0).toString().equalsIgnoreCase("ALL")) {
      for (SelectItem<?> item : ps.getSelectItems()) {
        if (item.getExpression() instanceof AllColumns) {
          throw unsupported(item, "GROUP BY ALL with *");
        }
        if (!containsAggregate(item.getExpression())) {
          keys.add(item.getExpression());
        }
      }
      return keys;
    }
    for (Expression e : list) {
      if (e instanceof LongValue v) {
        long p = v.getValue();
        if (p < 1 || p > ps.getSelectItems().size()) {
          throw error(e, "GROUP BY position " + p + " is not in the select list", "give 1 to " + ps.getSelectItems().size());
        }
        keys.add(ps.getSelectItems().get((int) p - 1).getExpression());
      } else if (e instanceof Column c && c.getTable() == null && rel.find(null, unquote(c.getColumnName())).isEmpty()) {
        Expression aliased = null;
        for (SelectItem<?> item : ps.getSelectItems()) {
          if (item.getAlias() != null && unquote(item.getAlias().getName()).equalsIgnoreCase(unquote(c.getColumnName()))) {
            aliased = item.getExpression();
          }
        }
        keys.add(aliased != null ? aliased : e);
      } else {
        keys.add(e);
      }
    }
    return keys;
  }

  private Expr translate(ExprTranslator t, Expression e) {
    return wrap(e, () -> t.translate(e));
  }

  /** Runs {@code body}, turning the core's analysis errors into SQL errors at {@code node}. */
  private <T> T wrap(Object node, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (SqlException e) {
      throw e;
    } catch (AnalysisException e) {
      throw error(node, e.problem(), e.hint());
    }
  }

  // ---- FROM and joins

  /**
   * The relation of {@code ps}'s FROM clause: explicit joins as written, comma-separated items joined
   * greedily on the equalities among {@code conjuncts}, conditions on one item pushed below the joins.
   * Used conjuncts are removed; left are those over several items that no join took, those naming a column
   * of {@code outer} (correlated), and those holding subqueries.
   */
  private Rel from(PlainSelect ps, Map<String, DataFrame> ctes, List<Expression> conjuncts, Rel outer) {
    List<Rel> comps = new ArrayList<>();
    List<Object> nodes = new ArrayList<>();
    comps.add(fromItem(ps.getFromItem(), ctes));
    nodes.add(ps.getFromItem());
    if (ps.getJoins() != null) {
      for (Join j : ps.getJoins()) {
        Rel right = fromItem(j.getRightItem(), ctes);
        boolean comma = j.isSimple() || (j.isCross() && j.getOnExpressions().isEmpty());
        if (comma) {
          comps.add(right);
          nodes.add(j.getRightItem());
        } else {
          int last = comps.size() - 1;
          comps.set(last, explicitJoin(comps.get(last), right, j));
        }
      }
    }
    List<BitSet> refs = new ArrayList<>();
    List<Boolean> correlated = new ArrayList<>();
    for (Expression c : conjuncts) {
      BitSet s = new BitSet();
      boolean[] out = {false};
      if (!hasSubquery(c)) {
        for (Column col : columns(c)) {
          int found = componentOf(col, comps);
          if (found >= 0) {
            s.set(found);
          } else if (outer != null && resolves(outer, col)) {
            out[0] = true;
          } else {
            throw error(col, "column " + col + " not found", "columns in FROM: " + describeColumns(comps));
          }
        }
      }
      refs.add(s);
      correlated.add(out[0]);
    }
    List<Expression> left = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < conjuncts.size(); i++) {
      Expression c = conjuncts.get(i);
      BitSet s = refs.get(i);
      if (!hasSubquery(c) && !correlated.get(i) && s.cardinality() == 1) {
        int k = s.nextSetBit(0);
        Rel r = comps.get(k);
        comps.set(k, r.with(filter(r, c, new ExprTranslator(this, r))));
      } else {
        pending.add(i);
      }
    }
    Rel joined = comps.get(0);
    BitSet in = new BitSet();
    in.set(0);
    while (in.cardinality() < comps.size()) {
      int next = -1;
      for (int k = 1; k < comps.size() && next < 0; k++) {
        if (in.get(k)) {
          continue;
        }
        for (int i : pending) {
          if (!correlated.get(i) && linksBy(conjuncts.get(i), in, k, comps)) {
            next = k;
            break;
          }
        }
      }
      if (next < 0) {
        int k = in.nextClearBit(0);
        throw unsupported(nodes.get(k), "a FROM item (" + nodes.get(k) + ") that no equality in WHERE joins to the"
            + " others: a cross join");
      }
      BitSet both = (BitSet) in.clone();
      both.set(next);
      Expression on = null;
      for (int idx = 0; idx < pending.size(); idx++) {
        int i = pending.get(idx);
        BitSet s = refs.get(i);
        BitSet outside = (BitSet) s.clone();
        outside.andNot(both);
        if (!hasSubquery(conjuncts.get(i)) && !correlated.get(i) && s.get(next) && s.intersects(in)
            && outside.isEmpty()) {
          on = on == null ? conjuncts.get(i) : new AndExpression(on, conjuncts.get(i));
          pending.remove(idx--);
        }
      }
      joined = join(joined, comps.get(next), on, "inner");
      in.set(next);
    }
    for (int i : pending) {
      left.add(conjuncts.get(i));
    }
    conjuncts.clear();
    conjuncts.addAll(left);
    return joined;
  }

  /** Whether {@code c} is an equality between something over the joined items and something over item k. */
  private boolean linksBy(Expression c, BitSet joined, int k, List<Rel> comps) {
    if (!(c instanceof EqualsTo eq) || hasSubquery(c)) {
      return false;
    }
    BitSet l = refs(eq.getLeftExpression(), comps);
    BitSet r = refs(eq.getRightExpression(), comps);
    BitSet only = new BitSet();
    only.set(k);
    return !l.isEmpty() && !r.isEmpty() && ((subset(l, joined) && r.equals(only)) || (subset(r, joined) && l.equals(only)));
  }

  private BitSet refs(Expression e, List<Rel> comps) {
    BitSet s = new BitSet();
    for (Column col : columns(e)) {
      int k = componentOf(col, comps);
      if (k >= 0) {
        s.set(k);
      }
    }
    return s;
  }

  private static boolean subset(BitSet a, BitSet b) {
    BitSet x = (BitSet) a.clone();
    x.andNot(b);
    return x.isEmpty();
  }

  private int componentOf(Column c, List<Rel> comps) {
    int found = -1;
    for (int k = 0; k < comps.size(); k++) {
      if (resolves(comps.get(k), c)) {
        if (found >= 0) {
          throw error(c, "column reference " + c + " is ambiguous", "qualify it with its table name or alias");
        }
        found = k;
      }
    }
    return found;
  }

  private static boolean resolves(Rel r, Column c) {
    String q = c.getTable() == null || c.getTable().getName() == null ? null : unquote(c.getTable().getName());
    return !r.find(q, unquote(c.getColumnName())).isEmpty();
  }

  private static String describeColumns(List<Rel> comps) {
    List<String> out = new ArrayList<>();
    for (Rel r : comps) {
      for (Rel.Col c : r.cols) {
        out.add(c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name());
      }
    }
    return String.join(", ", out);
  }

  private Rel join(Rel left, Rel right, Expression on, String how) {
    List<Rel.Col> cols = new ArrayList<>(left.cols);
    cols.addAll(right.cols);
    Rel pair = new Rel(left.df, cols);
    Expr cond = translate(new ExprTranslator(this, pair), on);
    DataFrame df = wrap(on, () -> left.df.join(right.df, cond, how));
    return new Rel(df, cols);
  }

  private Rel explicitJoin(Rel left, Rel right, Join j) {
    if (j.isNatural() || j.isCross() || j.isSemi() || j.isApply()) {
      throw unsupported(j, "join " + j.toString().trim().split("\\s+")[0] + " ... (inner, left, right and full joins"
          + " with ON or USING are supported)");
    }
    String how = j.isFull() ? "full" : j.isLeft() ? "left" : j.isRight() ? "right" : "inner";
    if (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) {
      return usingJoin(left, right, j, how);
    }
    if (j.getOnExpressions().isEmpty()) {
      throw unsupported(j, "a JOIN without ON or USING");
    }
    Expression on = null;
    for (Expression e : j.getOnExpressions()) {
      on = on == null ? e : new AndExpression(on, e);
    }
    return join(left, right, on, how);
  }

  private Rel usingJoin(Rel left, Rel right, Join j, String how) {
    Expr cond = null;
    List<Rel.Col> cols = new ArrayList<>();
    List<String[]> keys = new ArrayList<>();
    for (Column c : j.getUsingColumns()) {
      String name = unquote(c.getColumnName());
      List<Rel.Col> l = left.find(null, name);
      List<Rel.Col> r = right.find(null, name);
      if (l.size() != 1 || r.size() != 1) {
        throw error(c, "USING column " + name + " must be a column of both sides, once", null);
      }
      keys.add(new String[] {l.get(0).internal(), r.get(0).internal(), name});
      Expr eq = col(l.get(0).internal()).eq(col(r.get(0).internal()));
      cond = cond == null ? eq : cond.and(eq);
    }
    Expr on = cond;
    DataFrame df = wrap(j, () -> left.df.join(right.df, on, how));
    List<String> hideLeft = new ArrayList<>();
    List<String> hideRight = new ArrayList<>();
    for (String[] k : keys) {
      (how.equals("right") ? hideLeft : hideRight).add(k[how.equals("right") ? 0 : 1]);
      if (how.equals("full")) {
        hideLeft.add(k[0]);
      }
    }
    List<Rel.Col> merged = new ArrayList<>();
    for (String[] k : keys) {
      if (how.equals("full")) {
        String internal = names.next(k[2]);
        df = df.withColumn(internal, Functions.coalesce(col(k[0]), col(k[1])));
        merged.add(new Rel.Col(null, k[2], internal, false));
      }
    }
    cols.addAll(merged);
    for (Rel.Col c : left.cols) {
      cols.add(hideLeft.contains(c.internal()) ? new Rel.Col(c.qualifier(), c.name(), c.internal(), true) : c);
    }
    for (Rel.Col c : right.cols) {
      cols.add(hideRight.contains(c.internal()) ? new Rel.Col(c.qualifier(), c.name(), c.internal(), true) : c);
    }
    return new Rel(df, cols);
  }

  private Rel fromItem(FromItem item, Map<String, DataFrame> ctes) {
    Alias alias = item.getAlias();
    String aliasName = alias == null ? null : unquote(alias.getName());
    DataFrame df;
    String qualifier;
    if (item instanceof net.sf.jsqlparser.schema.Table t) {
      String name = t.getFullyQualifiedName();
      if (name.startsWith("'")) {
        String path = name.substring(1, name.length() - 1).replace("''", "'");
        try {
          df = DataFrame.read(path);
        } catch (UncheckedIOException | AnalysisException e) {
          throw error(t, "cannot read '" + path + "': " + e.getMessage(), "check the path or glob");
        }
        qualifier = aliasName != null ? aliasName : stem(path);
      } else {
        String key = unquote(name).toLowerCase(Locale.ROOT);
        df = ctes.containsKey(key) ? ctes.get(key) : tables.get(key);
        if (df == null) {
          List<String> known = new ArrayList<>(ctes.keySet());
          known.addAll(tables.keySet());
          throw error(t, "table " + name + " not found", known.isEmpty()
              ? "pass tables to Partita.sql(query, Map.of(\"name\", df)), or quote a path: FROM 'data/*.parquet'"
              : "known tables: " + String.join(", ", known.stream().sorted().toList()));
        }
        qualifier = aliasName != null ? aliasName : unquote(t.getName());
      }
    } else if (item instanceof ParenthesedSelect p) {
      df = query(p, ctes);
      qualifier = aliasName;
    } else {
      throw unsupported(item, "FROM item " + item.getClass().getSimpleName() + " " + item);
    }
    List<String> cols = new ArrayList<>(df.columns());
    if (alias != null && alias.getAliasColumns() != null) {
      if (alias.getAliasColumns().size() != cols.size()) {
        throw error(alias, "alias " + alias + " names " + alias.getAliasColumns().size() + " columns, the table has "
            + cols.size(), null);
      }
      for (int i = 0; i < cols.size(); i++) {
        cols.set(i, unquote(alias.getAliasColumns().get(i).name));
      }
    }
    return Rel.of(df, qualifier, cols, names);
  }

  private static String stem(String path) {
    String file = path.replaceAll(".*[/\\\\]", "");
    int dot = file.indexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  // ---- subqueries

  private Rel subqueryCondition(Rel rel, Expression c, Map<String, DataFrame> ctes, Map<Expression, Expr> substitutes,
      List<Expression> filters) {
    boolean not = false;
    Expression e = c;
    while (e instanceof NotExpression n) {
      not = !not;
      e = n.getExpression();
    }
    if (e instanceof ExistsExpression ex) {
      return exists(rel, ex, not != ex.isNot(), ctes);
    }
    if (e instanceof InExpression in && in.getRightExpression() instanceof Select sub) {
      return inSubquery(rel, in, sub, not != in.isNot(), ctes);
    }
    for (Select s : scalarSubqueries(c)) {
      if (correlated(s, ctes)) {
        rel = correlatedScalar(rel, s, ctes, substitutes);
      }
    }
    filters.add(c);
    return rel;
  }

  /** Whether {@code s} names a column it does not define (found by translating it on its own). */
  private boolean correlated(Select s, Map<String, DataFrame> ctes) {
    try {
      uncorrelated.put(s, query(s, ctes));
      return false;
    } catch (SqlException e) {
      if (e.getMessage().contains(" not found") && e.getMessage().contains("column ")) {
        return true;
      }
      throw e;
    }
  }

  private final Map<Select, DataFrame> uncorrelated = new IdentityHashMap<>();

  private Rel exists(Rel rel, ExistsExpression ex, boolean anti, Map<String, DataFrame> ctes) {
    Expression right = ex.getRightExpression();
    if (!(right instanceof ParenthesedSelect p) || !(p.getSelect() instanceof PlainSelect ps)
        || ps.getGroupBy() != null || ps.getHaving() != null || ps.getLimit() != null || ps.getWithItemsList() != null) {
      throw unsupported(ex, "this EXISTS subquery (one SELECT ... FROM ... WHERE without GROUP BY, HAVING or LIMIT is)");
    }
    for (SelectItem<?> item : ps.getSelectItems()) {
      if (containsAggregate(item.getExpression())) {
        throw unsupported(item, "aggregates in an EXISTS subquery");
      }
    }
    Sub sub = correlatedFrom(rel, ps, ctes, ex);
    DataFrame df = wrap(ex, () -> rel.df.join(sub.inner.df, sub.condition, anti ? "anti" : "semi"));
    return rel.with(df);
  }

  /** An inner query's FROM and WHERE, split into its own rows and the condition tying them to {@code outer}. */
  private record Sub(Rel inner, Expr condition) {}

  private Sub correlatedFrom(Rel outer, PlainSelect ps, Map<String, DataFrame> ctes, Object node) {
    checkSupported(ps);
    List<Expression> conjuncts = conjuncts(ps.getWhere());
    Rel inner = from(ps, ctes, conjuncts, outer);
    List<Rel.Col> pairCols = new ArrayList<>(outer.cols);
    List<Expression> correlatedConds = new ArrayList<>();
    for (Expression c : conjuncts) {
      if (hasSubquery(c)) {
        throw unsupported(c, "a subquery inside a correlated subquery");
      }
      boolean outerRef = false;
      for (Column col : columns(c)) {
        outerRef |= !resolves(inner, col);
      }
      if (outerRef) {
        correlatedConds.add(c);
      } else {
        Rel r = inner;
        inner = inner.with(filter(r, c, new ExprTranslator(this, r)));
      }
    }
    if (correlatedConds.isEmpty()) {
      throw unsupported(node, "an uncorrelated EXISTS (it does not refer to the outer query)");
    }
    pairCols.addAll(inner.cols);
    Rel pair = new Rel(outer.df, pairCols);
    checkNoShadowing(outer, inner, correlatedConds);
    Expr cond = null;
    for (Expression c : correlatedConds) {
      Expr x = translate(new ExprTranslator(this, pair), c);
      cond = cond == null ? x : cond.and(x);
    }
    return new Sub(inner, cond);
  }

  /** An unqualified column both the inner and the outer query have binds to the inner one, as in SQL. */
  private void checkNoShadowing(Rel outer, Rel inner, List<Expression> conds) {
    for (Expression c : conds) {
      for (Column col : columns(c)) {
        if ((col.getTable() == null || col.getTable().getName() == null) && resolves(inner, col) && resolves(outer, col)) {
          throw unsupported(col, "column " + col + " of both the subquery and the outer query in a correlated"
              + " condition (qualify it with a table alias)");
        }
      }
    }
  }

  private Rel inSubquery(Rel rel, InExpression in, Select sub, boolean not, Map<String, DataFrame> ctes) {
    DataFrame values;
    try {
      values = query(sub, ctes);
    } catch (SqlException e) {
      if (e.getMessage().contains(" not found")) {
        throw unsupported(sub, "a correlated IN (SELECT ...) (write it as EXISTS (... WHERE inner = outer))");
      }
      throw e;
    }
    if (values.columns().size() != 1) {
      throw error(sub, "IN (SELECT ...) must select one column, this selects " + values.columns(), null);
    }
    String key = names.next("in");
    DataFrame right = values.select(col(values.columns().get(0)).as(key));
    Expr x = translate(new ExprTranslator(this, rel), in.getLeftExpression());
    DataFrame left = rel.df;
    String probe = x.toString();
    if (!left.columns().contains(probe)) {
      probe = names.next("probe");
      left = left.withColumn(probe, x);
    }
    Expr cond = col(probe).eq(col(key));
    if (!not) {
      DataFrame l = left;
      return rel.with(wrap(in, () -> l.join(right, cond, "semi")));
    }
    long rows;
    long nonNull;
    try (Table t = right.agg(count().as("n"), count(col(key)).as("v")).compute()) {
      rows = t.getLong(0, "n");
      nonNull = t.getLong(0, "v");
    }
    if (rows == 0) {
      return rel;
    }
    if (nonNull < rows) {
      return rel.with(rel.df.limit(0));
    }
    DataFrame l = left;
    DataFrame anti = wrap(in, () -> l.join(right, cond, "anti"));
    return rel.with(anti.filter(col(probe).isNotNull()));
  }

  /** Joins the grouped aggregate of correlated scalar subquery {@code s} to {@code rel}; its value is substituted. */
  private Rel correlatedScalar(Rel rel, Select s, Map<String, DataFrame> ctes, Map<Expression, Expr> substitutes) {
    Select body = s instanceof ParenthesedSelect p ? p.getSelect() : s;
    if (!(body instanceof PlainSelect ps) || ps.getSelectItems().size() != 1 || ps.getGroupBy() != null
        || ps.getHaving() != null || ps.getLimit() != null || ps.getDistinct() != null
        || !containsAggregate(ps.getSelectItems().get(0).getExpression())) {
      throw unsupported(s, "this correlated scalar subquery (one aggregate over FROM ... WHERE, correlated by"
          + " equalities, is)");
    }
    Expression value = ps.getSelectItems().get(0).getExpression();
    if (text(value).contains("count(")) {
      throw unsupported(value, "count(...) in a correlated scalar subquery (no row would give null, not 0)");
    }
    checkSupported(ps);
    List<Expression> conjuncts = conjuncts(ps.getWhere());
    Rel inner = from(ps, ctes, conjuncts, rel);
    List<Expression> innerKeys = new ArrayList<>();
    List<Expression> outerKeys = new ArrayList<>();
    for (Expression c : conjuncts) {
      boolean ok = false;
      if (c instanceof EqualsTo eq && !hasSubquery(c)) {
        for (int side = 0; side < 2 && !ok; side++) {
          Expression a = side == 0 ? eq.getLeftExpression() : eq.getRightExpression();
          Expression b = side == 0 ? eq.getRightExpression() : eq.getLeftExpression();
          if (allResolve(inner, a) && allResolve(rel, b) && !allResolve(inner, b)) {
            innerKeys.add(a);
            outerKeys.add(b);
            ok = true;
          }
        }
      }
      if (!ok) {
        Rel r = inner;
        if (columns(c).stream().allMatch(col -> resolves(r, col)) && !hasSubquery(c)) {
          inner = inner.with(filter(r, c, new ExprTranslator(this, r)));
          continue;
        }
        throw unsupported(c, "correlated condition " + c + " (only inner = outer equalities are)");
      }
    }
    if (innerKeys.isEmpty()) {
      throw unsupported(s, "a scalar subquery that is not correlated by an equality");
    }
    ExprTranslator.Grouping g = new ExprTranslator.Grouping(inner, names);
    DataFrame pre = inner.df;
    List<String> keyNames = new ArrayList<>();
    ExprTranslator it = new ExprTranslator(this, inner);
    for (Expression k : innerKeys) {
      String key = names.next("key");
      pre = pre.withColumn(key, translate(it, k));
      keyNames.add(key);
      g.addKey(k, key, null);
    }
    Rel innerRel = inner.with(pre);
    g = g.over(innerRel);
    String v = names.next("scalar");
    Expr valueExpr = translate(new ExprTranslator(this, innerRel, g, new IdentityHashMap<>()), value);
    DataFrame grouped = pre.groupBy(keyNames.toArray(new String[0])).agg(g.aggs.toArray(new dev.partita.Agg[0]));
    List<Expr> keep = new ArrayList<>();
    keyNames.forEach(k -> keep.add(col(k)));
    keep.add(valueExpr.as(v));
    DataFrame right = grouped.select(keep.toArray(new Expr[0]));
    DataFrame left = rel.df;
    Expr cond = null;
    ExprTranslator ot = new ExprTranslator(this, rel);
    for (int i = 0; i < outerKeys.size(); i++) {
      Expr o = translate(ot, outerKeys.get(i));
      String probe = o.toString();
      if (!left.columns().contains(probe)) {
        probe = names.next("probe");
        left = left.withColumn(probe, o);
      }
      Expr eq = col(probe).eq(col(keyNames.get(i)));
      cond = cond == null ? eq : cond.and(eq);
    }
    DataFrame l = left;
    Expr on = cond;
    substitutes.put(s, col(v));
    return rel.with(wrap(s, () -> l.join(right, on, "left")));
  }

  private static boolean allResolve(Rel r, Expression e) {
    List<Column> cols = columns(e);
    return !cols.isEmpty() && cols.stream().allMatch(c -> resolves(r, c));
  }

  /** The value of uncorrelated scalar subquery {@code s}, computed now, as a literal. */
  Expr scalarSubquery(Select s) {
    DataFrame df = uncorrelated.containsKey(s) ? uncorrelated.get(s) : query(s, new HashMap<>());
    if (df.columns().size() != 1) {
      throw error(s, "a scalar subquery must select one column, this selects " + df.columns(), null);
    }
    String c = df.columns().get(0);
    try (Table t = df.limit(2).compute()) {
      if (t.rowCount() > 1) {
        throw error(s, "scalar subquery returned more than one row", "aggregate it or add LIMIT 1");
      }
      Object v = t.rowCount() == 0 ? null : t.getObject(0, c);
      return Functions.lit(v);
    }
  }

  // ---- expression structure

  /** The AND-ed conditions of {@code where}; an OR whose branches share conditions has them factored out. */
  static List<Expression> conjuncts(Expression where) {
    List<Expression> out = new ArrayList<>();
    if (where != null) {
      for (Expression c : split(where, true)) {
        if (c instanceof OrExpression) {
          out.addAll(factor(c));
        } else {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static List<Expression> split(Expression e, boolean and) {
    List<Expression> out = new ArrayList<>();
    Expression x = unwrap(e);
    if (and ? x instanceof AndExpression : x instanceof OrExpression) {
      BinaryExpression b = (BinaryExpression) x;
      out.addAll(split(b.getLeftExpression(), and));
      out.addAll(split(b.getRightExpression(), and));
    } else {
      out.add(x);
    }
    return out;
  }

  private static Expression unwrap(Expression e) {
    while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
      e = p.get(0);
    }
    return e;
  }

  private static List<Expression> factor(Expression or) {
    List<List<Expression>> branches = new ArrayList<>();
    for (Expression b : split(or, false)) {
      branches.add(split(b, true));
    }
    List<Expression> common = new ArrayList<>();
    for (Expression c : branches.get(0)) {
      boolean everywhere = true;
      for (List<Expression> b : branches) {
        everywhere &= b.stream().anyMatch(x -> text(x).equals(text(c)));
      }
      if (everywhere && common.stream().noneMatch(x -> text(x).equals(text(c)))) {
        common.add(c);
      }
    }
    if (common.isEmpty()) {
      return List.of(or);
    }
    Expression rest = null;
    for (List<Expression> b : branches) {
      Expression branch = null;
      for (Expression c : b) {
        if (common.stream().noneMatch(x -> text(x).equals(text(c)))) {
          branch = branch == null ? c : new AndExpression(branch, c);
        }
      }
      if (branch == null) {
        return common;
      }
      rest = rest == null ? branch : new OrExpression(rest, branch);
    }
    List<Expression> out = new ArrayList<>(common);
    out.add(rest);
    return out;
  }

  /** The direct sub-expressions of {@code e} (none for subqueries, whose columns are their own). */
  private static List<Expression> children(Expression e) {
    List<Expression> out = new ArrayList<>();
    if (e instanceof BinaryExpression b) {
      out.add(b.getLeftExpression());
      out.add(b.getRightExpression());
    } else if (e instanceof ExpressionList<?> list && !(e instanceof Select)) {
      list.forEach(out::add);
    } else if (e instanceof Function f) {
      if (f.getParameters() != null) {
        f.getParameters().forEach(x -> out.add((Expression) x));
      }
      if (f.getNamedParameters() != null) {
        f.getNamedParameters().getExpressions().forEach(x -> out.add((Expression) x));
      }
    } else if (e instanceof NotExpression n) {
      out.add(n.getExpression());
    } else if (e instanceof SignedExpression s) {
      out.add(s.getExpression());
    } else if (e instanceof IsNullExpression n) {
      out.add(n.getLeftExpression());
    } else if (e instanceof Between b) {
      out.add(b.getLeftExpression());
      out.add(b.getBetweenExpressionStart());
      out.add(b.getBetweenExpressionEnd());
    } else if (e instanceof InExpression in) {
      out.add(in.getLeftExpression());
      out.add(in.getRightExpression());
    } else if (e instanceof CaseExpression c) {
      out.add(c.getSwitchExpression());
      out.addAll(c.getWhenClauses());
      out.add(c.getElseExpression());
    } else if (e instanceof WhenClause w) {
      out.add(w.getWhenExpression());
      out.add(w.getThenExpression());
    } else if (e instanceof CastExpression c) {
      out.add(c.getLeftExpression());
    } else if (e instanceof ExtractExpression x) {
      out.add(x.getExpression());
    }
    out.removeIf(x -> x == null);
    return out;
  }

  static List<Column> columns(Expression e) {
    List<Column> out = new ArrayList<>();
    if (e instanceof Column c) {
      if (!c.getColumnName().equalsIgnoreCase("true") && !c.getColumnName().equalsIgnoreCase("false")) {
        out.add(c);
      }
    }
    for (Expression x : children(e)) {
      out.addAll(columns(x));
    }
    return out;
  }

  static boolean hasSubquery(Expression e) {
    if (e instanceof Select || e instanceof ExistsExpression) {
      return true;
    }
    for (Expression x : children(e)) {
      if (hasSubquery(x)) {
        return true;
      }
    }
    return false;
  }

  private static List<Select> scalarSubqueries(Expression e) {
    List<Select> out = new ArrayList<>();
    if (e instanceof Select s) {
      out.add(s);
      return out;
    }
    for (Expression x : children(e)) {
      out.addAll(scalarSubqueries(x));
    }
    return out;
  }

  static boolean containsAggregate(Expression e) {
    if (ExprTranslator.isAggregate(e)) {
      return true;
    }
    for (Expression x : children(e)) {
      if (containsAggregate(x)) {
        return true;
      }
    }
    return false;
  }

  /** The expression's text, normalised, to match GROUP BY and ORDER BY expressions with SELECT ones. */
  static String text(Expression e) {
    return e.toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }

  static String unquote(String name) {
    if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("`") && name.endsWith("`"))) {
      return name.substring(1, name.length() - 1);
    }
    return name;
  }

  // ---- errors

  SqlException unsupported(Object node, String construct) {
    return error(node, "unsupported: " + construct, null);
  }

  SqlException error(Object node, String problem, String hint) {
    int[] p = locate(node);
    return new SqlException(p[0], p[1], problem, hint);
  }

  /** Line and column of {@code node}: from the parser's tokens where it kept them, else found in the text. */
  private int[] locate(Object node) {
    if (node instanceof ASTNodeAccess a && a.getASTNode() != null && a.getASTNode().jjtGetFirstToken() != null) {
      Token t = a.getASTNode().jjtGetFirstToken();
      if (t.beginLine > 0) {
        return new int[] {t.beginLine, t.beginColumn};
      }
    }
    String text = String.valueOf(node).trim();
    int at = find(text);
    if (at < 0 && !text.isEmpty()) {
      at = find(text.split("[\\s(]+")[0]);
    }
    if (at < 0) {
      return new int[] {1, 1};
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, at - lineStart + 1};
  }

  private int find(String fragment) {
    if (fragment.isEmpty()) {
      return -1;
    }
    StringBuilder re = new StringBuilder();
    for (String part : fragment.split("\\s+")) {
      if (re.length() > 0) {
        re.append("\\s*");
      }
      re.append(Pattern.quote(part));
    }
    Matcher m = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(sql);
    return m.find() ? m.start() : -1;
  }
}
