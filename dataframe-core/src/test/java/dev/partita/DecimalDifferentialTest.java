package dev.partita;

import static dev.partita.Functions.avg;
import static dev.partita.Functions.coalesce;
import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.countDistinct;
import static dev.partita.Functions.lit;
import static dev.partita.Functions.max;
import static dev.partita.Functions.median;
import static dev.partita.Functions.min;
import static dev.partita.Functions.quantile;
import static dev.partita.Functions.std;
import static dev.partita.Functions.sum;
import static dev.partita.Functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.DifferentialTest.Case;
import dev.partita.exec.Memory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decimals against DuckDB, exactly: DuckDB's result types (sums into DECIMAL(38, s), products of money in
 * 18 digits, division and mixing with doubles to DOUBLE), its rounding (half away from zero), its overflow
 * errors, on Parquet files with several row groups and files, nulls, negatives, duplicates and a 38-digit
 * column.
 */
class DecimalDifferentialTest {

  @TempDir
  static Path dir;
  static Connection duck;
  static DataFrame t;
  static DataFrame u;

  static final BigDecimal ONE_HALF = new BigDecimal("1.5");

  @BeforeAll
  static void load() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET threads = 1");
      s.execute("SELECT setseed(0.42)");
      s.execute("CREATE TABLE gen AS SELECT range AS id,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE ((random() * 400000)::BIGINT - 100000) / 100 END::DECIMAL(15,2) AS a,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE ((random() * 20000)::BIGINT - 5000) / 10000 END::DECIMAL(9,4) AS b,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE ((random() * 1e12)::BIGINT - 3e11) / 1e10 END::DECIMAL(38,10) AS w,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 9)::INTEGER - 3 END AS i32,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 90)::BIGINT - 30 END AS i,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE round(random() * 100, 3) END::DOUBLE AS f,"
          + " 'k' || (random() * 7)::INTEGER AS k,"
          + " ((random() * 40)::INTEGER / 4)::DECIMAL(6,2) AS g"
          + " FROM range(6000)");
      for (int k = 0; k < 3; k++) {
        s.execute("COPY (SELECT * FROM gen WHERE id % 3 = " + k + " ORDER BY id) TO '" + dir.resolve("t-" + k + ".parquet")
            + "' (FORMAT parquet, ROW_GROUP_SIZE 500)");
      }
      s.execute("COPY (SELECT DISTINCT g::DECIMAL(10,3) AS x, ('v' || g)::VARCHAR AS label FROM gen)"
          + " TO '" + dir.resolve("u.parquet") + "' (FORMAT parquet)");
      s.execute("CREATE VIEW t AS SELECT * FROM read_parquet('" + dir.resolve("t-*.parquet") + "')");
      s.execute("CREATE VIEW u AS SELECT * FROM read_parquet('" + dir.resolve("u.parquet") + "')");
    }
    t = DataFrame.read(dir.resolve("t-*.parquet").toString());
    u = DataFrame.read(dir.resolve("u.parquet").toString());
  }

  @AfterAll
  static void close() throws SQLException {
    duck.close();
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  static Case rows(String name, Function<DataFrame, Object> partita, String sql) {
    return new Case(name, partita, sql, false);
  }

  static final List<Case> CASES = List.of(
      rows("arithmetic of decimals", df -> df.select(col("id"), col("a").plus(col("b")).as("s"),
          col("a").minus(col("b")).as("d"), col("a").mul(col("b")).as("p"), col("b").mul(col("b")).as("bb")),
          "SELECT id, a + b, a - b, a * b, b * b FROM t"),
      rows("arithmetic with integers", df -> df.select(col("id"), col("a").plus(1).as("p1"),
          lit(1).minus(col("b")).as("m1"), col("a").mul(col("i32")).as("ai"), col("a").minus(col("i")).as("ami"),
          col("a").mul(2).as("a2"), col("i").plus(col("b")).as("ib")),
          "SELECT id, a + 1, 1 - b, a * i32, a - i, a * 2, i + b FROM t"),
      rows("money times money stays in 18 digits", df -> df.select(col("id"),
          col("a").mul(lit(1).minus(col("b"))).mul(lit(1).plus(col("b"))).as("q1")),
          "SELECT id, a * (1 - b) * (1 + b) FROM t"),
      rows("decimal literals on either side", df -> df.select(col("id"), lit(new BigDecimal("2.5")).minus(col("a")).as("m"),
          col("b").mul(new BigDecimal("-0.75")).as("p"), col("a").minus(new BigDecimal("100.125")).as("s"),
          lit(ONE_HALF).plus(col("g")).as("pg"), lit(ONE_HALF).mul(col("a")).as("pa"), col("w").minus(1).as("w1")),
          "SELECT id, 2.5 - a, b * -0.75, a - 100.125, 1.5 + g, 1.5 * a, w - 1 FROM t"),
      rows("wide arithmetic", df -> df.select(col("id"), col("w").plus(col("a")).as("wa"), col("w").mul(2).as("w2"),
          col("w").minus(col("w")).as("z"), col("w").neg().as("nw")),
          "SELECT id, w + a, w * 2, w - w, -w FROM t"),
      rows("division and doubles", df -> df.select(col("id"), col("a").div(col("b")).as("q"),
          col("a").div(2).as("h"), col("a").mul(col("f")).as("af"), col("b").plus(0.5).as("bh")),
          "SELECT id, a / b, a / 2, a * f, b + 0.5::DOUBLE FROM t"),
      rows("modulo, abs, negation, rounding", df -> df.filter(col("a").isNotNull()).select(col("id"), col("a").mod(3).as("m"),
          col("a").abs().as("ab"), col("a").neg().as("n"), col("a").round(1).as("r1"), col("b").round(2).as("r2"),
          col("a").round(-2).as("rm"), col("b").round(6).as("r6")),
          "SELECT id, a % 3, abs(a), -a, round(a, 1), round(b, 2), round(a, -2), round(b, 6) FROM t WHERE a IS NOT NULL"),
      rows("comparisons", df -> df.select(col("id"), col("a").gt(10).as("gt"), col("a").eq(col("g")).as("eq"),
          col("b").lt(new BigDecimal("0.0005")).as("lt"), col("a").between(-1, ONE_HALF).as("bw"),
          col("a").ge(col("i")).as("ge"), col("w").gt(col("a")).as("wg"), col("a").lt(25.5).as("ld")),
          "SELECT id, a > 10, a = g, b < 0.0005, a BETWEEN -1 AND 1.5, a >= i, w > a, a < 25.5::DOUBLE FROM t"),
      rows("decimals against doubles, both sides, in a filter", df -> df.filter(col("b").ge(0.05).and(col("b").le(0.07))
          .or(lit(-0.2).ge(col("b")))).select(col("id"), col("b"), col("a").eq(12.5).as("e"), col("g").ne(1.5).as("ne"),
          col("a").lt(Double.NaN).as("nan"), lit(2.25).lt(col("g")).as("lg")),
          "SELECT id, b, a = 12.5::DOUBLE, g <> 1.5::DOUBLE, a < 'NaN'::DOUBLE, 2.25::DOUBLE < g FROM t"
              + " WHERE (b >= 0.05::DOUBLE AND b <= 0.07::DOUBLE) OR -0.2::DOUBLE >= b"),
      rows("a sparse filter the Parquet reader decides on dictionaries", df -> df.filter(col("g").ge(2.0)
          .and(col("g").le(2.25)).and(col("i32").lt(0)).or(col("i").isNull().and(col("g").eq(1.5))))
          .select("id", "a", "b", "w", "f", "k", "g", "i"),
          "SELECT id, a, b, w, f, k, g, i FROM t WHERE (g >= 2.0::DOUBLE AND g <= 2.25::DOUBLE AND i32 < 0)"
              + " OR (i IS NULL AND g = 1.5::DOUBLE)"),
      rows("filter and IN", df -> df.filter(col("g").isIn(new BigDecimal("1.50"), 2, new BigDecimal("3.25"),
          new BigDecimal("0.001"))).select("id", "g"),
          "SELECT id, g FROM t WHERE g IN (1.50, 2, 3.25, 0.001)"),
      rows("casts", df -> df.select(col("id"), col("a").cast("double").as("ad"), col("a").cast("bigint").as("al"),
          col("a").cast("string").as("as"), col("b").cast("decimal(6,2)").as("b62"),
          col("f").cast("decimal(10,3)").as("fd"), col("i").cast("decimal(20,2)").as("id2"),
          col("a").cast("string").cast("decimal(18,4)").as("rt"), col("w").cast("string").as("ws")),
          "SELECT id, a::DOUBLE, a::BIGINT, a::VARCHAR, b::DECIMAL(6,2), f::DECIMAL(10,3), i::DECIMAL(20,2),"
              + " a::VARCHAR::DECIMAL(18,4), w::VARCHAR FROM t"),
      rows("case and coalesce", df -> df.select(col("id"), when(col("a").gt(0), col("a")).otherwise(col("b")).as("c"),
          coalesce(col("a"), col("b")).as("ab"), coalesce(col("a"), lit(0)).as("a0"),
          when(col("k").eq("k1"), col("a")).otherwise(0).as("sel")),
          "SELECT id, CASE WHEN a > 0 THEN a ELSE b END, coalesce(a, b), coalesce(a, 0),"
              + " CASE WHEN k = 'k1' THEN a ELSE 0 END FROM t"),
      rows("global aggregates", df -> df.agg(sum("a"), avg("a").as("m"), min("a").as("lo"), max("a").as("hi"),
          count("a").as("n"), countDistinct("a").as("u"), sum("w").as("sw"), min("w").as("mw"), max("w").as("xw"),
          std("b").as("sb")),
          "SELECT sum(a), avg(a), min(a), max(a), count(a), count(DISTINCT a), sum(w), min(w), max(w), stddev_samp(b) FROM t"),
      rows("aggregates of expressions by group", df -> df.groupBy("k").agg(
          sum(col("a").mul(lit(1).minus(col("b")))).as("rev"), avg(col("b")).as("mb"), sum(col("a").mul(col("i32"))).as("ai"),
          median("a").as("med"), quantile("b", 0.3).as("q3"), sum(when(col("a").gt(0), col("a")).otherwise(0)).as("pos")),
          "SELECT k, sum(a * (1 - b)), avg(b), sum(a * i32), median(a), quantile_cont(b, 0.3),"
              + " sum(CASE WHEN a > 0 THEN a ELSE 0 END) FROM t GROUP BY k"),
      rows("sums and means of one column by two keys", df -> df.groupBy("k", "g").agg(sum("a").as("s"),
          avg("a").as("m"), sum("a").as("s2"), avg("b").as("mb"), sum("b").as("sb"), count()),
          "SELECT k, g, sum(a), avg(a), sum(a), avg(b), sum(b), count(*) FROM t GROUP BY k, g"),
      rows("group by decimals", df -> df.groupBy("g").agg(count(), sum("a").as("s"), min("b").as("mb")),
          "SELECT g, count(*), sum(a), min(b) FROM t GROUP BY g"),
      rows("group by a wide decimal", df -> df.filter(col("id").lt(300)).groupBy("w").agg(count()),
          "SELECT w, count(*) FROM t WHERE id < 300 GROUP BY w"),
      rows("join on decimals of two scales", df -> df.join(u, col("g").eq(col("x")), "inner").select("id", "g", "x", "label"),
          "SELECT id, g, x, label FROM t JOIN u ON g = x"),
      rows("distinct", df -> df.select("g").distinct(), "SELECT DISTINCT g FROM t"),
      rows("union widens", df -> df.select(col("a").as("v")).union(df.select(col("b").as("v"))),
          "SELECT a AS v FROM t UNION ALL SELECT b FROM t"),
      new Case("order by decimals", df -> df.orderBy(col("a").desc().nullsFirst(), col("id")).select("id", "a"),
          "SELECT id, a FROM t ORDER BY a DESC NULLS FIRST, id", true),
      new Case("order by a wide decimal", df -> df.orderBy(col("w"), col("id")).select("id", "w"),
          "SELECT id, w FROM t ORDER BY w, id", true),
      new Case("top 5 by decimal", df -> df.orderBy(col("b").desc(), col("id")).limit(5).select("id", "b"),
          "SELECT id, b FROM t ORDER BY b DESC, id LIMIT 5", true));

  @TestFactory
  Stream<DynamicTest> decimalsAgreeWithDuckDb() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> DifferentialTest.check(duck, t, c)));
  }

  @Test
  void productOverflowIsAnErrorAsInDuckDb() {
    assertThrows(SQLException.class, () -> DifferentialTest.query(duck, "SELECT a * a * a * a * a FROM t"));
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> t.select(col("a").mul(col("a")).mul(col("a")).mul(col("a")).mul(col("a")).as("p")).compute().close());
    assertTrue(e.getMessage().contains("overflow in multiplication of DECIMAL(18)"), e.getMessage());
  }

  @Test
  void overflowAgainstALiteralIsAnErrorAsInDuckDb() {
    assertThrows(SQLException.class, () -> DifferentialTest.query(duck, "SELECT a * a * a * 100 FROM t"));
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> t.select(col("a").mul(col("a")).mul(col("a")).mul(100).as("p")).compute().close());
    assertTrue(e.getMessage().contains("overflow in multiplication of DECIMAL(18)") && e.getMessage().contains("* 100)"),
        e.getMessage());
  }

  @Test
  void castOutOfRangeIsAnErrorAsInDuckDb() {
    assertThrows(SQLException.class, () -> DifferentialTest.query(duck, "SELECT a::DECIMAL(4,2) FROM t"));
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> t.select(col("a").cast("decimal(4,2)").as("c")).compute().close());
    assertTrue(e.getMessage().contains("to DECIMAL(4,2) failed: value is out of range"), e.getMessage());
  }

  @Test
  void resultTypesAreDuckDbs() throws SQLException {
    DataFrame q = t.select(col("a").plus(col("b")).as("s"), col("a").mul(col("b")).as("p"), col("a").plus(1).as("a1"),
        col("a").mul(col("i")).as("ai"), col("a").div(col("b")).as("q"), col("a").round(1).as("r"));
    List<String> expected = List.of("decimal(18,4)", "decimal(18,6)", "decimal(16,2)", "decimal(34,2)", "float64",
        "decimal(15,1)");
    List<List<Object>> duckTypes = DifferentialTest.query(duck,
        "SELECT typeof(a + b), typeof(a * b), typeof(a + 1), typeof(a * i), typeof(a / b), typeof(round(a, 1)) FROM t LIMIT 1");
    for (int c = 0; c < expected.size(); c++) {
      assertEquals(expected.get(c), dev.partita.expr.DType.label(q.schema().getFields().get(c)));
      assertEquals(expected.get(c).replace("float64", "double"), duckTypes.get(0).get(c).toString().toLowerCase());
    }
    assertEquals("decimal(38,2)", dev.partita.expr.DType.label(t.agg(sum("a")).schema().getFields().get(0)));
  }
}
