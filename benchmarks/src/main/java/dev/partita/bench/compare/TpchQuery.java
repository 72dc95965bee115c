package dev.partita.bench.compare;

import dev.partita.DataFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The 22 TPC-H queries: DuckDB's SQL text (a resource {@code tpch/qNN.sql}, the specification's text with its
 * validation parameters), the ORDER BY of the answer (an output column, {@code -} before it for descending),
 * and Partita's DataFrame version, or what the DataFrame API still lacks to write it.
 */
enum TpchQuery {
  Q1(TpchQueries::q1, null, "l_returnflag", "l_linestatus"),
  Q2(null, "Expr.endsWith (p_type LIKE '%BRASS')", "-s_acctbal", "n_name", "s_name", "p_partkey"),
  Q3(TpchQueries::q3, null, "-revenue", "o_orderdate"),
  Q4(TpchQueries::q4, null, "o_orderpriority"),
  Q5(TpchQueries::q5, null, "-revenue"),
  Q6(TpchQueries::q6, null),
  Q7(null, "Expr.year (extract(year FROM l_shipdate))", "supp_nation", "cust_nation", "l_year"),
  Q8(null, "Expr.year, Functions.when(...).otherwise(...)", "o_year"),
  Q9(null, "Expr.contains (p_name LIKE '%green%'), Expr.year", "nation", "-o_year"),
  Q10(TpchQueries::q10, null, "-revenue"),
  Q11(TpchQueries::q11, null, "-value"),
  Q12(null, "Functions.when(...).otherwise(...) summed (sum(Expr))", "l_shipmode"),
  Q13(null, "Expr.like (o_comment NOT LIKE '%special%requests%')", "-custdist", "-c_count"),
  Q14(null, "Expr.startsWith (p_type LIKE 'PROMO%'), Functions.when(...).otherwise(...)"),
  Q15(TpchQueries::q15, null, "s_suppkey"),
  Q16(null, "Expr.startsWith (p_type NOT LIKE 'MEDIUM POLISHED%'), Expr.like (s_comment LIKE"
      + " '%Customer%Complaints%')", "-supplier_cnt", "p_brand", "p_type", "p_size"),
  Q17(TpchQueries::q17, null),
  Q18(TpchQueries::q18, null, "-o_totalprice", "o_orderdate"),
  Q19(TpchQueries::q19, null),
  Q20(null, "Expr.startsWith (p_name LIKE 'forest%')", "s_name"),
  Q21(TpchQueries::q21, null, "-numwait", "s_name"),
  Q22(null, "Expr.substring (substring(c_phone, 1, 2))", "cntrycode");

  private final Function<TpchQueries.Tables, DataFrame> partita;
  /** What the DataFrame API lacks for this query, or null when {@link #partita} is written. */
  final String needs;
  /** The answer's order: output columns, a leading {@code -} for descending. */
  final List<String> orderBy;

  TpchQuery(Function<TpchQueries.Tables, DataFrame> partita, String needs, String... orderBy) {
    this.partita = partita;
    this.needs = needs;
    this.orderBy = List.of(orderBy);
  }

  /** The query's number, 1 to 22. */
  int number() {
    return ordinal() + 1;
  }

  String id() {
    return "q" + number();
  }

  /** Whether Partita's DataFrame version is written. */
  boolean written() {
    return partita != null;
  }

  /** Partita's version over the tables; throws {@link UnsupportedOperationException} saying what it needs. */
  DataFrame partita(TpchQueries.Tables tables) {
    if (partita == null) {
      throw new UnsupportedOperationException("needs " + needs);
    }
    return partita.apply(tables);
  }

  /** DuckDB's SQL text over tables named lineitem, orders, ... */
  String sql() {
    String name = String.format(Locale.ROOT, "tpch/q%02d.sql", number());
    try (InputStream in = TpchQuery.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path: rebuild the benchmarks module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses {@code 3}, {@code q3} or {@code Q03}. */
  static TpchQuery parse(String s) {
    String digits = s.trim().toLowerCase(Locale.ROOT).replaceFirst("^q", "");
    int n = digits.matches("\\d{1,2}") ? Integer.parseInt(digits) : 0;
    if (n >= 1 && n <= 22) {
      return values()[n - 1];
    }
    throw new IllegalArgumentException("unknown TPC-H query " + s + "; known: 1 to 22 (or q1 to q22)");
  }

  static List<TpchQuery> all() {
    return Arrays.asList(values());
  }
}
