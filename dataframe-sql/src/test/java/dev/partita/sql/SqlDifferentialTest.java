package dev.partita.sql;

import dev.partita.DataFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same SQL text through DuckDB and through {@link Partita#sql} on the same random files: t (3,000 rows in
 * three Parquet files: nulls, duplicate and skewed keys, multi-byte strings, dates, decimals), u (500 rows
 * in two files) and c (t's first columns as one CSV file). Cases marked ordered compare row order too.
 */
class SqlDifferentialTest {

  @TempDir
  static Path dir;
  static Duck duck;
  static Map<String, DataFrame> tables;

  record Case(String sql, boolean ordered) {
    @Override
    public String toString() {
      return sql;
    }
  }

  static Case c(String sql) {
    return new Case(sql, false);
  }

  static Case ordered(String sql) {
    return new Case(sql, true);
  }

  static Stream<Case> cases() {
    return Stream.of(
        // SELECT expressions, WHERE
        c("SELECT id, k, x * 2 AS x2, x + n AS s, -x AS nx FROM t WHERE k > 10"),
        c("SELECT id, g FROM t WHERE g IS NULL OR k IS NOT NULL AND x < 0"),
        c("SELECT id FROM t WHERE k IN (1, 7, 20) AND g NOT IN ('a', 'x')"),
        c("SELECT id, x FROM t WHERE x BETWEEN -100 AND 100 AND n NOT BETWEEN 3 AND 5"),
        c("SELECT id, g FROM t WHERE g LIKE '%b%' OR g LIKE '_' OR g NOT LIKE '日%'"),
        c("SELECT id, CASE WHEN x > 500 THEN 'hi' WHEN x > 0 THEN 'mid' ELSE 'lo' END AS b,"
            + " CASE n WHEN 1 THEN 'one' WHEN 2 THEN 'two' END AS w FROM t"),
        c("SELECT id, CAST(x AS BIGINT) AS xi, CAST(k AS VARCHAR) AS ks, CAST(n AS DOUBLE) / 3 AS nd,"
            + " CAST(n AS DECIMAL(12,2)) AS nd2 FROM t"),
        c("SELECT id, year(d) AS y, EXTRACT(month FROM d) AS m, day(d) AS dd FROM t WHERE d >= DATE '1995-01-01'"),
        c("SELECT id, d + INTERVAL 3 DAY AS d3, d - 7 AS dm FROM t"
            + " WHERE d < DATE '1995-06-01' + INTERVAL '1' MONTH AND d > DATE '1994-03-01' - INTERVAL 2 YEAR"),
        c("SELECT DISTINCT g, n % 3 AS r FROM t"),
        c("SELECT id, coalesce(k, -1) AS k2, upper(g) AS ug, length(g) AS lg, substring(g, 1, 1) AS s1, abs(x) AS ax,"
            + " round(x, 1) AS rx FROM t"),
        c("SELECT g || '-' || CAST(n AS VARCHAR) AS label FROM t WHERE g IS NOT NULL"),
        c("SELECT id, m, m * 2 AS m2, m + 1 AS m1 FROM t WHERE m > 50000.5"),
        // grouping
        c("SELECT k, count(*) AS c, sum(x) AS sx, avg(x), min(x), max(x), count(x) FROM t GROUP BY k"),
        c("SELECT g, n % 3 AS r, sum(m) AS sm, count(DISTINCT k) AS dk FROM t GROUP BY g, n % 3"),
        c("SELECT g, count(*) FROM t GROUP BY 1 HAVING count(*) > 100"),
        ordered("SELECT year(d) AS y, sum(x * n) AS v FROM t GROUP BY y ORDER BY y NULLS FIRST"),
        c("SELECT g, stddev(x), variance(x), median(x), quantile_cont(x, 0.9), corr(x, n), covar_samp(x, n),"
            + " stddev_samp(n), var_samp(n) FROM t GROUP BY g"),
        c("SELECT count(*), sum(k), min(d), max(g), sum(m), avg(m) FROM t"),
        c("SELECT g, n, count(*) AS c FROM t GROUP BY ALL"),
        ordered("SELECT k, max(x) - min(x) AS spread FROM t WHERE n > 2 GROUP BY k HAVING sum(n) > 50"
            + " ORDER BY spread DESC NULLS LAST, k LIMIT 7"),
        c("SELECT k, first(n), last(n) FROM t WHERE n = 5 GROUP BY k"),
        c("SELECT n, sum(CASE WHEN g = 'a' THEN x ELSE 0 END) / sum(x) AS share FROM t GROUP BY n"),
        // ordering and limits
        ordered("SELECT id, x FROM t ORDER BY x DESC NULLS FIRST, id LIMIT 25"),
        ordered("SELECT id, g FROM t ORDER BY g ASC NULLS FIRST, id DESC"),
        ordered("SELECT id, x FROM t WHERE x IS NOT NULL ORDER BY abs(x), id LIMIT 10"),
        ordered("SELECT id, k FROM t ORDER BY 2 DESC, 1 LIMIT 15"),
        // set operations
        c("SELECT id, k FROM t WHERE n < 3 UNION ALL SELECT uid, k FROM u"),
        c("SELECT k FROM t UNION SELECT k FROM u"),
        // joins
        c("SELECT t.id, u.uid, t.x, u.y FROM t JOIN u ON t.k = u.k WHERE u.y > 0"),
        c("SELECT t.id, u.uid FROM t LEFT JOIN u ON t.k = u.k AND u.y > t.x / 1000"),
        c("SELECT t.id, u.uid FROM t RIGHT JOIN u ON t.k = u.k"),
        c("SELECT t.id, u.uid, k FROM t FULL JOIN u USING (k)"),
        c("SELECT id, uid FROM t, u WHERE t.k = u.k AND t.g = u.g AND t.n < 5"),
        c("SELECT a.id, b.id FROM t a JOIN t b ON a.k = b.k AND a.id < b.id WHERE a.n = 1 AND b.n = 2"),
        c("SELECT * FROM t JOIN u USING (k) WHERE n = 3"),
        c("SELECT u.g, count(*) AS c, sum(t.m) AS sm FROM u INNER JOIN t ON u.k = t.k GROUP BY u.g"),
        // subqueries
        c("WITH big AS (SELECT k, sum(x) AS sx FROM t GROUP BY k) SELECT k, sx FROM big WHERE sx > 1000"),
        c("SELECT q.g, q.c FROM (SELECT g, count(*) AS c FROM t GROUP BY g) q WHERE q.c > 10"),
        c("SELECT id FROM t WHERE EXISTS (SELECT * FROM u WHERE u.k = t.k AND u.y > 0.5)"),
        c("SELECT id FROM t WHERE NOT EXISTS (SELECT * FROM u WHERE u.k = t.k)"),
        c("SELECT id FROM t WHERE k IN (SELECT k FROM u WHERE y > 0)"),
        c("SELECT id FROM t WHERE k NOT IN (SELECT k FROM u WHERE k IS NOT NULL AND y > 0)"),
        c("SELECT id FROM t WHERE k NOT IN (SELECT k FROM u)"),
        c("SELECT id, x FROM t WHERE x > (SELECT avg(x) FROM t)"),
        c("SELECT id FROM t WHERE x > (SELECT avg(u.y) * 100 FROM u WHERE u.k = t.k)"),
        c("SELECT id FROM t WHERE k IN (SELECT k FROM u GROUP BY k HAVING count(*) > 8)"),
        c("SELECT g, sum(x) FROM t GROUP BY g HAVING sum(x) > (SELECT sum(x) FROM t) * 0.1"),
        // more of each
        c("SELECT *, x + 1 AS x1 FROM t WHERE n = 4"),
        c("SELECT id, 'k' AS tag, 2 AS two, k <> 7 AS not7, g >= 'b' AS gb FROM t WHERE d IN (DATE '1994-05-03',"
            + " DATE '1995-01-10') OR id < 5"),
        c("SELECT id, CASE WHEN k > 40 THEN m END AS big, coalesce(m, 0) AS m0 FROM t"),
        c("SELECT t.id, u.uid, k FROM t LEFT JOIN u USING (k) WHERE t.n = 1"),
        c("SELECT t.id, u.uid, k FROM t RIGHT JOIN u USING (k) WHERE u.y > 0.9"),
        c("SELECT t.id, u.uid, v.uid FROM t, u, u v WHERE t.k = u.k AND u.g = v.g AND v.y > 0.95 AND t.n = 0"),
        c("SELECT id FROM t WHERE NOT EXISTS (SELECT * FROM t t2 WHERE t2.k = t.k AND t2.id <> t.id)"),
        c("SELECT g, count(DISTINCT g) AS one, count(*) FROM t GROUP BY g HAVING max(x) > 600 AND min(n) < 2"),
        ordered("SELECT g, count(*) AS c FROM t WHERE g IS NOT NULL GROUP BY g ORDER BY sum(x) DESC, g"),
        ordered("SELECT k, n FROM (SELECT k, n FROM t WHERE k IS NOT NULL ORDER BY k DESC, n, id LIMIT 30) s"
            + " ORDER BY n, k"),
        ordered("SELECT id, k FROM t WHERE n = 7 UNION ALL SELECT uid, k FROM u WHERE uid < 20 ORDER BY 1 DESC, 2"
            + " LIMIT 12"),
        c("WITH a AS (SELECT k, count(*) AS c FROM t GROUP BY k), b AS (SELECT k, c * 2 AS c2 FROM a WHERE c > 20)"
            + " SELECT b.k, b.c2, u.uid FROM b JOIN u ON b.k = u.k"),
        c("SELECT k, avg(x) FROM t GROUP BY k"),
        c("SELECT n, count(*), sum(m) FROM t WHERE g LIKE 'b%' GROUP BY n"),
        // CSV
        c("SELECT k, count(*), sum(x) FROM c GROUP BY k"));
  }

  @BeforeAll
  static void data() throws Exception {
    duck = new Duck();
    duck.execute("SELECT setseed(0.42)");
    duck.execute("CREATE TABLE gen_t AS SELECT i AS id,"
        + " CASE WHEN random() < 0.1 THEN NULL WHEN random() < 0.3 THEN 7 ELSE (random() * 50)::BIGINT END AS k,"
        + " CASE WHEN random() < 0.1 THEN NULL ELSE ['a', 'b', 'ç', '日本', 'b b', 'x'][1 + (random() * 5)::INT] END AS g,"
        + " CASE WHEN random() < 0.1 THEN NULL ELSE round(random() * 1000 - 300, 3) END AS x,"
        + " CASE WHEN random() < 0.1 THEN NULL ELSE DATE '1993-01-01' + (random() * 1500)::INT END AS d,"
        + " CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 100000)::DECIMAL(12,2) END AS m,"
        + " (random() * 20)::INTEGER AS n"
        + " FROM range(3000) r(i)");
    duck.execute("CREATE TABLE gen_u AS SELECT i AS uid,"
        + " CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 60)::BIGINT END AS k,"
        + " CASE WHEN random() < 0.1 THEN NULL ELSE ['a', 'b', 'ç', 'x'][1 + (random() * 3)::INT] END AS g,"
        + " CASE WHEN random() < 0.1 THEN NULL ELSE random() * 2 - 1 END AS y"
        + " FROM range(500) r(i)");
    for (int p = 0; p < 3; p++) {
      duck.execute("COPY (SELECT * FROM gen_t WHERE id % 3 = " + p + ") TO '" + dir.resolve("t-" + p + ".parquet")
          + "' (FORMAT PARQUET)");
    }
    for (int p = 0; p < 2; p++) {
      duck.execute("COPY (SELECT * FROM gen_u WHERE uid % 2 = " + p + ") TO '" + dir.resolve("u-" + p + ".parquet")
          + "' (FORMAT PARQUET)");
    }
    duck.execute("COPY (SELECT id, k, g, x FROM gen_t) TO '" + dir.resolve("c.csv") + "' (HEADER)");
    duck.execute("CREATE VIEW t AS SELECT * FROM read_parquet('" + dir.resolve("t-*.parquet") + "')");
    duck.execute("CREATE VIEW u AS SELECT * FROM read_parquet('" + dir.resolve("u-*.parquet") + "')");
    duck.execute("CREATE VIEW c AS SELECT * FROM read_csv('" + dir.resolve("c.csv") + "')");
    tables = Map.of("t", DataFrame.read(dir.resolve("t-*.parquet").toString()),
        "u", DataFrame.read(dir.resolve("u-*.parquet").toString()),
        "c", DataFrame.read(dir.resolve("c.csv").toString()));
  }

  @AfterAll
  static void close() throws Exception {
    duck.close();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sameAnswerAsDuckDb(Case c) throws Exception {
    Duck.assertSame(duck.query(c.sql()), Duck.rows(Partita.sql(c.sql(), tables)), c.ordered(), c.sql());
  }

  @ParameterizedTest
  @MethodSource("paths")
  void quotedPathsInFrom(String sql) throws Exception {
    String q = sql.replace("DIR", dir.toString());
    Duck.assertSame(duck.query(q), Duck.rows(Partita.sql(q)), false, q);
  }

  static List<String> paths() {
    return List.of("SELECT count(*), sum(x), sum(m) FROM 'DIR/t-*.parquet'",
        "SELECT a.k, count(*) FROM 'DIR/t-*.parquet' a JOIN 'DIR/u-1.parquet' b ON a.k = b.k GROUP BY a.k",
        "SELECT g, count(*) FROM 'DIR/c.csv' GROUP BY g");
  }
}
