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
 * and Partita's DataFrame version.
 */
enum TpchQuery {
  Q1(TpchQueries::q1, "l_returnflag", "l_linestatus"),
  Q2(TpchQueries::q2, "-s_acctbal", "n_name", "s_name", "p_partkey"),
  Q3(TpchQueries::q3, "-revenue", "o_orderdate"),
  Q4(TpchQueries::q4, "o_orderpriority"),
  Q5(TpchQueries::q5, "-revenue"),
  Q6(TpchQueries::q6),
  Q7(TpchQueries::q7, "supp_nation", "cust_nation", "l_year"),
  Q8(TpchQueries::q8, "o_year"),
  Q9(TpchQueries::q9, "nation", "-o_year"),
  Q10(TpchQueries::q10, "-revenue"),
  Q11(TpchQueries::q11, "-value"),
  Q12(TpchQueries::q12, "l_shipmode"),
  Q13(TpchQueries::q13, "-custdist", "-c_count"),
  Q14(TpchQueries::q14),
  Q15(TpchQueries::q15, "s_suppkey"),
  Q16(TpchQueries::q16, "-supplier_cnt", "p_brand", "p_type", "p_size"),
  Q17(TpchQueries::q17),
  Q18(TpchQueries::q18, "-o_totalprice", "o_orderdate"),
  Q19(TpchQueries::q19),
  Q20(TpchQueries::q20, "s_name"),
  Q21(TpchQueries::q21, "-numwait", "s_name"),
  Q22(TpchQueries::q22, "cntrycode");

  private final Function<TpchQueries.Tables, DataFrame> partita;
  /** The answer's order: output columns, a leading {@code -} for descending. */
  final List<String> orderBy;

  TpchQuery(Function<TpchQueries.Tables, DataFrame> partita, String... orderBy) {
    this.partita = partita;
    this.orderBy = List.of(orderBy);
  }

  /** The query's number, 1 to 22. */
  int number() {
    return ordinal() + 1;
  }

  String id() {
    return "q" + number();
  }

  /** Partita's version over the tables. */
  DataFrame partita(TpchQueries.Tables tables) {
    return partita.apply(tables);
  }

  /** DuckDB's SQL text over tables named lineitem, orders, ... */
  String sql() {
    String name = String.format(Locale.ROOT, "/dev/partita/sql/tpch/q%02d.sql", number());
    try (InputStream in = TpchQuery.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path: it comes with dataframe-sql's test jar");
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
