package dev.partita;

import static dev.partita.Functions.coalesce;
import static dev.partita.Functions.col;
import static dev.partita.Functions.concat;
import static dev.partita.Functions.countDistinct;
import static dev.partita.Functions.corr;
import static dev.partita.Functions.count;
import static dev.partita.Functions.covar;
import static dev.partita.Functions.first;
import static dev.partita.Functions.last;
import static dev.partita.Functions.lit;
import static dev.partita.Functions.max;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.median;
import static dev.partita.Functions.min;
import static dev.partita.Functions.nunique;
import static dev.partita.Functions.quantile;
import static dev.partita.Functions.std;
import static dev.partita.Functions.sum;
import static dev.partita.Functions.var;
import static dev.partita.Functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;
import dev.partita.plan.Plan;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partita against DuckDB on random data, sqllogictest style: every case is one line giving the
 * Partita query and the equivalent SQL over table {@code t}; every case runs on every data set.
 * Data sets vary format (CSV, Parquet), file count, partition count and null fraction. DuckDB
 * writes the files, then answers every case by reading those same files ({@code t} is a view over
 * {@code read_parquet} or {@code read_csv} with explicit column types), so a reader bug shows up
 * as a disagreement. Parquet keeps the narrow types (int32, float32, millisecond timestamps,
 * decimals) that Partita widens in expressions.
 */
class DifferentialTest {

  /** One data set: how many rows and files, the null fraction, and CSV or Parquet. */
  record DataSpec(String name, int rows, int files, double nulls, boolean parquet, int partitionHint, int seed) {}

  /** One query: the Partita side (a Scalar, a DataFrame, or a Table) and the same question in SQL. */
  record Case(String name, Function<DataFrame, Object> partita, String sql, boolean ordered) {}

  static final List<DataSpec> DATA = List.of(
      new DataSpec("csv-1file-1part-nonull", 500, 1, 0.0, false, 0, 1),
      new DataSpec("csv-3files-many-parts-10pct", 3000, 3, 0.10, false, 16384, 2),
      new DataSpec("csv-10files-30pct", 2000, 10, 0.30, false, 0, 3),
      new DataSpec("parquet-1file-50rowgroups-20pct", 5000, 1, 0.20, true, 100, 4),
      new DataSpec("parquet-4files-5pct", 4000, 4, 0.05, true, 300, 5));

  static final LocalDate D = LocalDate.of(2021, 6, 1);
  static final LocalDateTime T = LocalDateTime.of(2021, 2, 10, 6, 30);

  /** The columns of every data set with their DuckDB types (CSV is read back with exactly these). */
  static final String COLUMNS = "{'id': 'BIGINT', 'i': 'BIGINT', 'f': 'DOUBLE', 's': 'VARCHAR', 'b': 'BOOLEAN',"
      + " 'd': 'DATE', 'g': 'BIGINT', 'i32': 'INTEGER', 'f32': 'FLOAT', 'ts': 'TIMESTAMP', 'tms': 'TIMESTAMP',"
      + " 'dec': 'DECIMAL(9,2)'}";

  static final List<Case> CASES = List.of(
      scalar("count", df -> df.count(), "SELECT count(*) FROM t"),
      scalar("sum int", df -> df.col("i").sum(), "SELECT sum(i) FROM t"),
      scalar("sum float", df -> df.col("f").sum(), "SELECT sum(f) FROM t"),
      scalar("mean int", df -> df.col("i").mean(), "SELECT avg(i) FROM t"),
      scalar("mean float", df -> df.col("f").mean(), "SELECT avg(f) FROM t"),
      scalar("min int", df -> df.col("i").min(), "SELECT min(i) FROM t"),
      scalar("max float", df -> df.col("f").max(), "SELECT max(f) FROM t"),
      scalar("min string", df -> df.col("s").min(), "SELECT min(s) FROM t"),
      scalar("max string", df -> df.col("s").max(), "SELECT max(s) FROM t"),
      scalar("min date", df -> df.col("d").min(), "SELECT min(d) FROM t"),
      scalar("count col", df -> df.col("f").count(), "SELECT count(f) FROM t"),
      scalar("std", df -> df.col("f").std(), "SELECT stddev_samp(f) FROM t"),
      scalar("var int", df -> df.col("i").var(), "SELECT var_samp(i) FROM t"),
      scalar("nunique string", df -> df.col("s").nunique(), "SELECT count(DISTINCT s) FROM t"),
      scalar("nunique int", df -> df.col("i").nunique(), "SELECT count(DISTINCT i) FROM t"),
      scalar("sum of empty filter", df -> df.filter(col("i").gt(1_000_000)).col("i").sum(),
          "SELECT sum(i) FROM t WHERE i > 1000000"),
      scalar("count of empty filter", df -> df.filter(col("i").gt(1_000_000)).count(),
          "SELECT count(*) FROM t WHERE i > 1000000"),
      scalar("filter gt int", df -> df.filter(col("i").gt(10)).col("f").sum(), "SELECT sum(f) FROM t WHERE i > 10"),
      scalar("filter int vs float", df -> df.filter(col("i").lt(col("f").div(20))).count(),
          "SELECT count(*) FROM t WHERE i < f / 20"),
      scalar("filter or with nulls", df -> df.filter(col("i").gt(0).or(col("b"))).count(),
          "SELECT count(*) FROM t WHERE i > 0 OR b"),
      scalar("filter and with nulls", df -> df.filter(col("i").gt(0).and(col("b").not())).count(),
          "SELECT count(*) FROM t WHERE i > 0 AND NOT b"),
      scalar("filter is null", df -> df.filter(col("s").isNull()).count(), "SELECT count(*) FROM t WHERE s IS NULL"),
      scalar("filter not null", df -> df.filter(col("f").isNotNull().and(col("g").ne(2))).col("f").mean(),
          "SELECT avg(f) FROM t WHERE f IS NOT NULL AND g <> 2"),
      scalar("filter string lt", df -> df.filter(col("s").lt("k3")).count(), "SELECT count(*) FROM t WHERE s < 'k3'"),
      scalar("filter in", df -> df.filter(col("s").isIn("k1", "k7", "zz")).col("i").sum(),
          "SELECT sum(i) FROM t WHERE s IN ('k1', 'k7', 'zz')"),
      scalar("filter date", df -> df.filter(col("d").ge(D)).count(), "SELECT count(*) FROM t WHERE d >= DATE '2021-06-01'"),
      scalar("filter literal left", df -> df.filter(lit(5).ge(col("g"))).count(), "SELECT count(*) FROM t WHERE 5 >= g"),
      scalar("arith int", df -> df.withColumn("z", col("i").mul(2).minus(col("g"))).col("z").sum(),
          "SELECT sum(i * 2 - g) FROM t"),
      scalar("sum int32", df -> df.col("i32").sum(), "SELECT sum(i32) FROM t"),
      scalar("mean float32", df -> df.col("f32").mean(), "SELECT avg(f32) FROM t"),
      scalar("max timestamp", df -> df.col("ts").max(), "SELECT max(ts) FROM t"),
      scalar("min ms timestamp", df -> df.col("tms").min(), "SELECT min(tms) FROM t"),
      scalar("sum decimal", df -> df.col("dec").sum(), "SELECT sum(dec)::DOUBLE FROM t"),
      scalar("filter int32 vs int64", df -> df.filter(col("i32").gt(col("i"))).count(),
          "SELECT count(*) FROM t WHERE i32 > i"),
      scalar("filter float32 literal", df -> df.filter(col("f32").le(100.25)).col("i32").sum(),
          "SELECT sum(i32) FROM t WHERE f32 <= 100.25"),
      scalar("filter float32 vs int32", df -> df.filter(col("f32").lt(col("i32"))).count(),
          "SELECT count(*) FROM t WHERE f32 < i32"),
      scalar("filter decimal", df -> df.filter(col("dec").ge(50.5)).count(), "SELECT count(*) FROM t WHERE dec >= 50.5"),
      scalar("filter timestamp string", df -> df.filter(col("ts").ge("2021-03-01 12:00:00")).count(),
          "SELECT count(*) FROM t WHERE ts >= TIMESTAMP '2021-03-01 12:00:00'"),
      scalar("filter ms timestamp LocalDateTime", df -> df.filter(col("tms").lt(T)).col("i").sum(),
          "SELECT sum(i) FROM t WHERE tms < TIMESTAMP '2021-02-10 06:30:00'"),
      scalar("filter timestamps", df -> df.filter(col("ts").gt(col("tms"))).count(), "SELECT count(*) FROM t WHERE ts > tms"),
      scalar("filter timestamp vs date", df -> df.filter(col("ts").lt(col("d"))).count(), "SELECT count(*) FROM t WHERE ts < d"),
      scalar("filter date string", df -> df.filter(col("d").lt("2020-06-15")).count(),
          "SELECT count(*) FROM t WHERE d < DATE '2020-06-15'"),
      rows("filter ranges, each column read once", df -> df.filter(col("d").ge("2020-06-01").and(col("i").lt(50))
          .and(col("d").lt(D)).and(lit(-20).le(col("i"))).and(col("d").ne("2020-12-25")).and(col("i32").gt(-10))
          .and(col("dec").gt(10.5)).and(col("i32").le(100)).and(col("dec").le(new java.math.BigDecimal("60.25")))
          .and(col("ts").ge("2020-03-01 00:00:00").and(col("ts").lt("2021-06-01 00:00:00"))).and(col("b").isNotNull()))
          .select("id", "d", "i", "dec"),
          "SELECT id, d, i, dec FROM t WHERE d >= DATE '2020-06-01' AND i < 50 AND d < DATE '2021-06-01' AND -20 <= i"
              + " AND d <> DATE '2020-12-25' AND i32 > -10 AND dec > 10.5::DOUBLE AND i32 <= 100 AND dec <= 60.25"
              + " AND ts >= TIMESTAMP '2020-03-01' AND ts < TIMESTAMP '2021-06-01' AND b IS NOT NULL"),
      scalar("filter int32 in", df -> df.filter(col("i32").isIn(1, 2, 3, 50)).count(),
          "SELECT count(*) FROM t WHERE i32 IN (1, 2, 3, 50)"),
      scalar("filter float32 in", df -> df.filter(col("f32").isIn(12.5, 100.25, 3, 250)).count(),
          "SELECT count(*) FROM t WHERE f32 IN (12.5, 100.25, 3, 250)"),
      scalar("filter date in", df -> df.filter(col("d").isIn(LocalDate.of(2020, 1, 5), "2021-06-01")).count(),
          "SELECT count(*) FROM t WHERE d IN (DATE '2020-01-05', DATE '2021-06-01')"),
      scalar("filter bool in", df -> df.filter(col("b").isIn(true)).count(), "SELECT count(*) FROM t WHERE b IN (true)"),
      scalar("filter string not in", df -> df.filter(col("s").isIn("k1", "k2", "").not()).count(),
          "SELECT count(*) FROM t WHERE s NOT IN ('k1', 'k2', '')"),
      scalar("filter in with null is null when not found", df -> df.filter(col("i").isIn(1, 2, null).isNull()).count(),
          "SELECT count(*) FROM t WHERE (i IN (1, 2, NULL)) IS NULL"),
      scalar("filter int in double", df -> df.filter(col("i").isIn(3.0, 4.5, -7)).count(),
          "SELECT count(*) FROM t WHERE i IN (3.0, 4.5, -7)"),
      scalar("arith int32 float32", df -> df.withColumn("z", col("i32").mul(col("f32")).plus(col("i"))).col("z").sum(),
          "SELECT sum(i32 * f32::DOUBLE + i) FROM t"),
      scalar("arith decimal", df -> df.withColumn("z", col("dec").mul(2).minus(col("f32"))).col("z").sum(),
          "SELECT sum(dec::DOUBLE * 2 - f32) FROM t"),
      scalar("int div is double", df -> df.withColumn("z", col("i").div(col("g").plus(1))).col("z").sum(),
          "SELECT sum(i / (g + 1)) FROM t"),
      rows("groupby one int key", df -> df.groupBy("g").agg(sum("i"), mean("f"), count(), min("s"), max("d")),
          "SELECT g, sum(i), avg(f), count(*), min(s), max(d) FROM t GROUP BY g"),
      rows("groupby nullable string key", df -> df.groupBy("s").agg(count("i").as("n"), std("f"), var("i"), nunique("g")),
          "SELECT s, count(i), stddev_samp(f), var_samp(i), count(DISTINCT g) FROM t GROUP BY s"),
      rows("groupby mean and sum of one int column", df -> df.groupBy("g").agg(mean("i").as("m"), sum("i").as("s"),
          count("i").as("n"), mean("i").as("m2")),
          "SELECT g, avg(i), sum(i), count(i), avg(i) FROM t GROUP BY g"),
      rows("groupby two keys", df -> df.groupBy("g", "b").agg(sum("f"), max("i"), min("f").as("min_f")),
          "SELECT g, b, sum(f), max(i), min(f) FROM t GROUP BY g, b"),
      rows("groupby nullable string and int keys", df -> df.groupBy("s", "g").agg(count(), sum("i"), mean("f")),
          "SELECT s, g, count(*), sum(i), avg(f) FROM t GROUP BY s, g"),
      rows("groupby string key that is also aggregated", df -> df.groupBy("s").agg(count("s").as("n"), max("s").as("m")),
          "SELECT s, count(s), max(s) FROM t GROUP BY s"),
      rows("groupby first last", df -> df.groupBy("g").agg(first("i"), last("s")),
          "SELECT g, first(i ORDER BY id), last(s ORDER BY id) FROM t GROUP BY g"),
      rows("groupby after filter", df -> df.filter(col("f").gt(100.0)).groupBy("s", "g").agg(count(), sum("i")),
          "SELECT s, g, count(*), sum(i) FROM t WHERE f > 100.0 GROUP BY s, g"),
      rows("groupby date key", df -> df.groupBy("d").agg(count()), "SELECT d, count(*) FROM t GROUP BY d"),
      rows("groupby nullable int32 key (Parquet hands it over as dictionary codes)",
          df -> df.groupBy("i32").agg(count(), sum("f"), max("s")),
          "SELECT i32, count(*), sum(f), max(s) FROM t GROUP BY i32"),
      rows("groupby int64, int32 and string keys after a filter on another column (all as codes)",
          df -> df.filter(col("f").gt(300.0)).groupBy("i", "i32", "s").agg(count(), min("d")),
          "SELECT i, i32, s, count(*), min(d) FROM t WHERE f > 300.0 GROUP BY i, i32, s"),
      rows("groupby after timestamp filter", df -> df.filter(col("ts").ge("2021-01-15")).groupBy("g")
          .agg(sum("i32"), mean("f32"), max("tms")),
          "SELECT g, sum(i32), avg(f32), max(tms) FROM t WHERE ts >= TIMESTAMP '2021-01-15' GROUP BY g"),
      rows("global agg", df -> df.agg(sum("i"), mean("f").as("m"), count()), "SELECT sum(i), avg(f), count(*) FROM t"),
      rows("global holistic", df -> df.agg(median("f"), quantile("i", 0.3).as("q"), corr("f", "i"), covar("i", "i32")),
          "SELECT median(f), quantile_cont(i, 0.3), corr(f, i), covar_samp(i, i32) FROM t"),
      rows("groupby quantiles", df -> df.groupBy("s").agg(median("f"), quantile("i32", 0.9).as("q9"),
          quantile("dec", 0.25).as("q1"), quantile("f32", 0.0).as("q0")),
          "SELECT s, median(f), quantile_cont(i32, 0.9), quantile_cont(dec, 0.25), quantile_cont(f32, 0.0)"
          + " FROM t GROUP BY s"),
      rows("groupby corr covar", df -> df.groupBy("g").agg(corr("f", "f32"), covar("i", "f"), corr("i32", "dec")),
          "SELECT g, corr(f, f32), covar_samp(i, f), corr(i32, dec) FROM t GROUP BY g"),
      rows("groupby corr squared (db-benchmark q9)", df -> df.groupBy("g", "b").agg(corr("f", "i").as("r"))
          .withColumn("r2", col("r").mul(col("r"))).select("g", "b", "r2"),
          "SELECT g, b, corr(f, i) ^ 2 FROM t GROUP BY g, b"),
      rows("groupby top 2 (db-benchmark q8)", df -> df.groupBy("g").topN("i", 2),
          "SELECT g, i FROM (SELECT g, i, row_number() OVER (PARTITION BY g ORDER BY i DESC) AS r FROM t"
          + " WHERE i IS NOT NULL) WHERE r <= 2"),
      rows("groupby top 3 float by string (rows sort stably by key, so the order within a group counts)",
          df -> df.groupBy("s").topN("f", 3),
          "SELECT s, f FROM (SELECT s, f, row_number() OVER (PARTITION BY s ORDER BY f DESC) AS r FROM t"
          + " WHERE f IS NOT NULL) WHERE r <= 3 ORDER BY s, f DESC"),
      rows("filter select", df -> df.filter(col("i").ge(0).and(col("s").ne("k2"))).select("id", "i", "s"),
          "SELECT id, i, s FROM t WHERE i >= 0 AND s <> 'k2'"),
      rows("select exprs", df -> df.select(col("id"), col("f").mul(col("i")).as("fi"), col("b").not().as("nb")),
          "SELECT id, f * i, NOT b FROM t"),
      rows("case when", df -> df.select(col("id"), when(col("i").gt(50), "big").when(col("i").gt(0), "small")
          .otherwise("neg").as("band"), when(col("b"), col("f")).as("fb")),
          "SELECT id, CASE WHEN i > 50 THEN 'big' WHEN i > 0 THEN 'small' ELSE 'neg' END, CASE WHEN b THEN f END FROM t"),
      rows("case when casting only the rows it takes", df -> df.select(col("id"),
          when(col("s").isNull(), lit(-1)).otherwise(col("s").substring(2, 5).cast("bigint")).as("n")),
          "SELECT id, CASE WHEN s IS NULL THEN -1 ELSE substring(s, 2, 5)::BIGINT END FROM t"),
      rows("coalesce", df -> df.select(col("id"), coalesce(col("i"), col("g"), lit(-1)).as("c"),
          coalesce(col("f"), col("i")).as("cf"), coalesce(col("s"), lit("none")).as("cs")),
          "SELECT id, coalesce(i, g, -1), coalesce(f, i), coalesce(s, 'none') FROM t"),
      rows("casts", df -> df.select(col("id"), col("i").cast("double").as("a"), col("f").cast("bigint").as("b2"),
          col("i").cast("string").as("c"), col("d").cast("timestamp").as("e"), col("ts").cast("date").as("g2"),
          col("b").cast("bigint").as("h"), col("f").cast("string").as("fs"), col("d").cast("string").as("ds"),
          col("ts").cast("string").as("tss"), col("i").cast("string").cast("bigint").as("back")),
          "SELECT id, i::DOUBLE, f::BIGINT, i::VARCHAR, d::TIMESTAMP, ts::DATE, b::BIGINT, f::VARCHAR, d::VARCHAR,"
          + " ts::VARCHAR, i::VARCHAR::BIGINT FROM t"),
      rows("numeric functions", df -> df.select(col("id"), col("i").abs().as("a"), col("f").round(1).as("r1"),
          col("f").round().as("r0"), col("i").round(-1).as("ri"), col("i").mod(7).as("m"), col("f").mod(3).as("fm"),
          col("i").neg().as("n"), col("f").div(col("i")).as("q")),
          "SELECT id, abs(i), round(f, 1), round(f), round(i, -1), i % 7, f % 3, -i, f / i FROM t"),
      scalar("between", df -> df.filter(col("i").between(10, 50)).count(),
          "SELECT count(*) FROM t WHERE i BETWEEN 10 AND 50"),
      rows("string functions", df -> df.select(col("id"), col("s").like("k1%").as("l1"), col("s").like("%1").as("l2"),
          col("s").like("k_").as("l3"), col("s").startsWith("k1").as("sw"), col("s").endsWith("2").as("ew"),
          col("s").contains("1").as("ct"), col("s").substring(2, 1).as("ss"), col("s").length().as("len"),
          col("s").upper().as("up"), concat(col("s"), " é ", col("i")).upper().as("cu"),
          concat(lit("  "), col("s"), lit(" ")).trim().as("tr"), concat(col("s"), "-", col("g")).as("cc"),
          concat(col("s"), "Ü").lower().substring(-2, 2).as("tail"), concat(col("s"), "日本").length().as("l4")),
          "SELECT id, s LIKE 'k1%', s LIKE '%1', s LIKE 'k_', starts_with(s, 'k1'), ends_with(s, '2'),"
          + " contains(s, '1'), substring(s, 2, 1), length(s), upper(s), upper(concat(s, ' é ', i)),"
          + " trim(concat('  ', s, ' ')), concat(s, '-', g), substring(lower(concat(s, 'Ü')), -2, 2),"
          + " length(concat(s, '日本')) FROM t"),
      rows("date functions", df -> df.select(col("id"), col("d").year().as("y"), col("d").month().as("mo"),
          col("d").day().as("dd"), col("d").dayOfWeek().as("dw"), col("ts").hour().as("h"), col("ts").year().as("ty"),
          col("d").dateTrunc("month").as("tm"), col("ts").dateTrunc("week").as("tw"), col("d").plus(10).as("p"),
          col("d").minus(col("g")).as("mg"), col("d").minus(lit(D)).as("diff")),
          "SELECT id, year(d), month(d), day(d), dayofweek(d), hour(ts), year(ts), date_trunc('month', d),"
          + " date_trunc('week', ts), d + 10, d - g::INTEGER, d - DATE '2021-06-01' FROM t"),
      rows("aggregations over expressions", df -> df.groupBy("g").agg(sum(col("i").mul(2)).as("s2"),
          mean(when(col("b"), col("f")).otherwise(0.0)).as("mb"), sum(when(col("i").gt(0), 1).otherwise(0)).as("pos"),
          count(col("s").like("k1%")).as("c1"), countDistinct(col("s").upper()).as("ds"),
          max(col("d").plus(1)).as("md")),
          "SELECT g, sum(i * 2), avg(CASE WHEN b THEN f ELSE 0.0 END), sum(CASE WHEN i > 0 THEN 1 ELSE 0 END),"
          + " count(s LIKE 'k1%'), count(DISTINCT upper(s)), max(d + 1) FROM t GROUP BY g"),
      rows("having after aggregating expressions", df -> df.groupBy("s").agg(sum(col("i").plus(col("g"))).as("x"))
          .filter(col("x").gt(100)),
          "SELECT s, sum(i + g) AS x FROM t GROUP BY s HAVING sum(i + g) > 100"),
      new Case("order by one key", df -> df.orderBy("i", "id").select("id", "i"),
          "SELECT id, i FROM t ORDER BY i, id", true),
      new Case("order by mixed directions and nulls", df -> df.orderBy(col("s").desc().nullsFirst(), col("d").asc(),
          col("f").desc(), col("id")).select("id", "s", "d", "f"),
          "SELECT id, s, d, f FROM t ORDER BY s DESC NULLS FIRST, d ASC, f DESC, id", true),
      new Case("order by an expression", df -> df.orderBy(col("i").mod(7).desc(), col("id")).select("id", "i"),
          "SELECT id, i FROM t ORDER BY i % 7 DESC, id", true),
      new Case("order by timestamp and bool", df -> df.orderBy(col("b").nullsFirst(), col("ts").desc(), col("id"))
          .select("id", "b", "ts"), "SELECT id, b, ts FROM t ORDER BY b NULLS FIRST, ts DESC, id", true),
      new Case("top 10 by a key", df -> df.orderBy(col("f").desc(), col("id")).limit(10).select("id", "f"),
          "SELECT id, f FROM t ORDER BY f DESC, id LIMIT 10", true),
      new Case("top after a group", df -> df.groupBy("s").agg(sum("i").as("x")).orderBy(col("x").desc().nullsLast(),
          col("s")).limit(3), "SELECT s, sum(i) AS x FROM t GROUP BY s ORDER BY x DESC NULLS LAST, s LIMIT 3", true),
      scalar("limit without order", df -> df.filter(col("g").eq(1)).limit(25).count(),
          "SELECT count(*) FROM (SELECT * FROM t WHERE g = 1 LIMIT 25)"),
      new Case("value counts", df -> df.col("g").valueCounts(),
          "SELECT g, count(*) AS c FROM t GROUP BY g ORDER BY c DESC, g", true),
      new Case("value counts string", df -> df.col("s").valueCounts(),
          "SELECT s, count(*) AS c FROM t GROUP BY s ORDER BY c DESC, s", true),
      new Case("value counts decimal", df -> df.col("dec").valueCounts(),
          "SELECT dec, count(*) AS c FROM t GROUP BY dec ORDER BY c DESC, dec", true),
      new Case("head", df -> df.select("id", "s", "f").head(7),
          "SELECT id, s, f FROM t ORDER BY id LIMIT 7", true),
      rows("union of frames filtered on different columns, grouped (found by QueryFuzzTest: each input kept the"
          + " columns its filter read, and the union refused inputs with different columns)",
          df -> df.filter(col("s").isNull()).union(df.filter(col("i").gt(0))).groupBy("g").agg(count(), sum("f")),
          "SELECT g, count(*), sum(f) FROM (SELECT * FROM t WHERE s IS NULL UNION ALL SELECT * FROM t WHERE i > 0)"
          + " GROUP BY g"));

  static Case scalar(String name, Function<DataFrame, Object> partita, String sql) {
    return new Case(name, partita, sql, false);
  }

  static Case rows(String name, Function<DataFrame, Object> partita, String sql) {
    return new Case(name, partita, sql, false);
  }

  @TempDir
  static Path dir;
  static Connection duck;

  @BeforeAll
  static void connect() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET threads = 1");
    }
  }

  @AfterAll
  static void disconnect() throws SQLException {
    duck.close();
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  @TestFactory
  Stream<DynamicTest> partitaAgreesWithDuckDb() {
    return DATA.stream().flatMap(data -> CASES.stream().map(c -> DynamicTest.dynamicTest(data.name() + ": "
        + c.name(), () -> check(duck, frame(data), c))));
  }

  /** The frame over data set {@code data}, written on first use; DuckDB's view t then reads the same files. */
  static DataFrame frame(DataSpec data) throws Exception {
    DataFrame df = LOADED.get(data.name());
    if (df == null) {
      df = load(data);
      LOADED.put(data.name(), df);
    }
    try (Statement s = duck.createStatement()) {
      s.execute("CREATE OR REPLACE VIEW t AS SELECT * FROM " + duckSource(data));
    }
    return df;
  }

  static final Map<String, DataFrame> LOADED = new HashMap<>();

  /**
   * One more way to run the suite: its options (given the spill directory, the cache directory and the listener
   * that watches them), a rewrite of each query, the data sets, and how often each query is computed (a second
   * run with a cache must be answered from it).
   */
  record Variation(String name, VariationOptions options, UnaryOperator<Lazy> rewrite, List<DataSpec> data,
      int runs, Predicate<Case> relevant) {}

  @FunctionalInterface
  interface VariationOptions {
    ComputeOptions of(Path spill, Path cache, TaskWatch watch);
  }

  /**
   * 60,000 rows in 10 row groups: the shuffles of split aggregation states pass the 2 MiB they may hold in memory
   * under a 16 MiB limit, those of a sort and of the rows of value-keeping aggregations (quantiles, distinct
   * counts) the 768 KiB they may hold under a 6 MiB limit.
   */
  static final DataSpec LARGE = new DataSpec("parquet-60k-rows-10-row-groups", 60_000, 1, 0.1, true, 6000, 6);
  static final int SAMPLE = Integer.getInteger("partita.variations.sample", 12);

  /** Every variation's queries run on these (a CSV and a Parquet data set with several files and partitions). */
  static final List<DataSpec> VARIED = List.of(DATA.get(1), DATA.get(4));

  static final List<Variation> VARIATIONS = List.of(
      new Variation("1 thread", (spill, cache, watch) -> ComputeOptions.defaults().threads(1),
          UnaryOperator.identity(), VARIED, 1, c -> true),
      new Variation("4 threads, combines of 2", (spill, cache, watch) -> ComputeOptions.defaults().threads(4)
          .splitEvery(2), UnaryOperator.identity(), VARIED, 1, c -> true),
      new Variation("splitOut 4 (shuffled aggregation)", (spill, cache, watch) -> ComputeOptions.defaults()
          .threads(2), DifferentialTest::splitOut, VARIED, 1, c -> c.sql().contains("GROUP BY")),
      new Variation("on-disk states (splitOut 4, 60,000 rows under a 16 MiB limit)", (spill, cache, watch) ->
          ComputeOptions.defaults().threads(2).memoryLimit(16L << 20).spillDir(spill).listener(watch),
          DifferentialTest::splitOut, List.of(LARGE), 1, c -> c.sql().contains("GROUP BY")),
      new Variation("spilling (sorts and groupings of 60,000 rows under a 6 MiB limit)", (spill, cache, watch) ->
          ComputeOptions.defaults().threads(1).memoryLimit(6L << 20).spillDir(spill).listener(watch),
          UnaryOperator.identity(), List.of(LARGE), 1, c -> c.sql().contains("ORDER BY")
          || c.sql().contains("DISTINCT") || c.sql().contains("quantile")),
      new Variation("result cache (a second run answered from it)", (spill, cache, watch) -> ComputeOptions
          .defaults().threads(2).cache(cache, 0).listener(watch), UnaryOperator.identity(), VARIED, 2, c -> true));

  /**
   * The suite run again under each {@link #VARIATIONS variation} (threads, splitOut, on-disk states, spilling,
   * the result cache) on a deterministic sample of its cases (a shuffle seeded by the variation's name;
   * {@code -Dpartita.variations.sample=N} takes N, 0 all), so each costs seconds, not the whole suite again.
   * Each gives DuckDB's answers; the variations that must spill or hit the cache check that they did.
   */
  @TestFactory
  Stream<DynamicTest> variationsAgreeWithDuckDb() {
    return VARIATIONS.stream().flatMap(v -> {
      TaskWatch watch = new TaskWatch(dir.resolve("spill-" + v.name().hashCode()));
      Path cache = dir.resolve("cache-" + v.name().hashCode());
      // head computes its own table, with default options.
      List<Case> sample = new ArrayList<>(CASES.stream().filter(c -> !c.name().equals("head") && v.relevant().test(c))
          .toList());
      Collections.shuffle(sample, new Random(v.name().hashCode()));
      if (SAMPLE > 0) {
        sample = sample.subList(0, Math.min(SAMPLE, sample.size()));
      }
      List<Case> cases = sample;
      Stream<DynamicTest> runs = v.data().stream().flatMap(data -> cases.stream().map(c -> DynamicTest.dynamicTest(
          v.name() + ", " + data.name() + ": " + c.name(), () -> {
            DataFrame df = frame(data);
            for (int run = 0; run < v.runs(); run++) {
              watch.hits.clear();
              check(duck, df, c, v.options().of(watch.spill, cache, watch), v.rewrite());
            }
            if (v.runs() > 1) {
              assertTrue(!watch.hits.isEmpty(), "the second run read nothing from the cache");
            }
          })));
      if (v.name().startsWith("on-disk") || v.name().startsWith("spilling")) {
        runs = Stream.concat(runs, Stream.of(DynamicTest.dynamicTest(v.name() + ": files were written to disk",
            () -> assertTrue(watch.spilled, "no task left a file in " + watch.spill))));
      }
      return runs;
    });
  }

  /** Each grouping split into 4 buckets by key hash, as {@code groupBy(...).splitOut(4)} does. */
  static Lazy splitOut(Lazy value) {
    if (!(value instanceof DataFrame df)) {
      return value;
    }
    return new DataFrame(Plan.transformUp(df.plan(), p -> p instanceof Plan.Aggregate a && !a.keys().isEmpty()
        && a.splitOut() == 0 ? new Plan.Aggregate(a.child(), a.keys(), a.calls(), 4) : p));
  }

  /**
   * Watches a computation: the tasks started, the cache hits, and whether a file was in the spill directory (if
   * any) when a task ended.
   */
  static final class TaskWatch implements SchedulerListener {
    final Path spill;
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    final List<String> hits = Collections.synchronizedList(new ArrayList<>());
    volatile boolean spilled;

    TaskWatch(Path spill) {
      this.spill = spill;
    }

    @Override
    public void onTaskStart(String key, int worker) {
      ran.add(key);
    }

    @Override
    public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
      if (!spilled && spill != null && Files.isDirectory(spill)) {
        try (Stream<Path> files = Files.walk(spill)) {
          spilled = files.anyMatch(Files::isRegularFile);
        } catch (IOException | UncheckedIOException e) {
          // A file deleted while walking: the next task end looks again.
        }
      }
    }

    @Override
    public void onCacheHit(String key, int worker, long nanos) {
      hits.add(key);
    }
  }

  /**
   * A Parquet file whose string chunks fall back from dictionary to PLAIN pages mid-chunk, as parquet-mr
   * (under Partita's sink) does once a chunk's dictionary passes 1 MiB: grouping on codes must agree with
   * DuckDB there too, where each batch's dictionary has the PLAIN values appended; and after filters and
   * projections that carry the key along as codes.
   */
  @TestFactory
  Stream<DynamicTest> groupingAfterADictionaryFallbackAgreesWithDuckDb() throws Exception {
    Path file = dir.resolve("fallback.parquet");
    writeFallback(file);
    List<List<Object>> encodings = query("SELECT encodings FROM parquet_metadata('" + file + "') WHERE path_in_schema = 's'");
    assertEquals(2, encodings.size());
    for (List<Object> e : encodings) {
      assertTrue(e.get(0).toString().contains("DICTIONARY") && e.get(0).toString().matches(".*\\bPLAIN\\b.*"), e::toString);
    }
    DataFrame df = DataFrame.read(file.toString());
    return Stream.of(
        rows("groupby string key", d -> d.groupBy("s").agg(count(), sum("v"), max("g")),
            "SELECT s, count(*), sum(v), max(g) FROM t GROUP BY s"),
        rows("groupby int and string keys", d -> d.groupBy("g", "s").agg(count("v").as("n"), min("v")),
            "SELECT g, s, count(v), min(v) FROM t GROUP BY g, s"),
        rows("groupby string key after a filter on another column (codes through the filter)",
            d -> d.filter(col("v").gt(10)).groupBy("s").agg(count(), sum("v")),
            "SELECT s, count(*), sum(v) FROM t WHERE v > 10 GROUP BY s"),
        rows("groupby string key after a filter and a projection",
            d -> d.filter(col("g").ne(2)).select(col("v").mul(2).as("w"), col("s")).groupBy("s").agg(sum("w")),
            "SELECT s, sum(v * 2) FROM t WHERE g <> 2 GROUP BY s"),
        rows("groupby string key after a filter reading it (strings, not codes)",
            d -> d.filter(col("s").isNotNull().and(col("v").gt(5))).groupBy("s").agg(count()),
            "SELECT s, count(*) FROM t WHERE s IS NOT NULL AND v > 5 GROUP BY s"),
        rows("groupby a renamed string key",
            d -> d.filter(col("v").gt(0)).select(col("s").as("k"), col("v")).groupBy("k").agg(max("v")),
            "SELECT s AS k, max(v) FROM t WHERE v > 0 GROUP BY s"))
        .map(c -> DynamicTest.dynamicTest("fallback: " + c.name(), () -> {
          try (Statement st = duck.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW t AS SELECT * FROM read_parquet('" + file + "')");
          }
          check(duck, df, c);
        }));
  }

  /**
   * Top-k within one partition of two batches (70,000 CSV rows): under limit 0 the second batch was compared with
   * the last of no kept rows, row -1, and left unclosed (found by QueryFuzzTest after a right join).
   */
  @TestFactory
  Stream<DynamicTest> topKOverSeveralBatches() throws Exception {
    Path file = dir.resolve("two-batches.csv");
    try (Statement st = duck.createStatement()) {
      st.execute("COPY (SELECT range AS id, range % 97 AS i FROM range(70000)) TO '" + file + "' (HEADER)");
    }
    DataFrame df = DataFrame.read(file.toString());
    return Stream.of(0, 1, 7).map(n -> new Case("top " + n, d -> d.orderBy(col("i").desc(), col("id")).limit(n),
        "SELECT * FROM t ORDER BY i DESC, id LIMIT " + n, true)).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          try (Statement st = duck.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW t AS SELECT * FROM read_csv('" + file + "')");
          }
          check(duck, df, c);
        }));
  }

  /**
   * Special values, as DuckDB treats them: NaN equal to NaN and above every number (also infinity), -0.0 equal
   * to 0.0, infinities from a zero divisor, the empty string, multi-byte UTF-8 and CSV's quotes, delimiters and
   * line breaks inside fields; in filters, expressions, sort keys, group keys, join keys and aggregations. The
   * same rows are read from three Parquet files and three CSV files, the middle one empty (no row group; only
   * the header). DuckDB writes id REQUIRED in the files whose filter proves it is never null, OPTIONAL in the
   * empty one: Partita refused such files as of different schemas (a case found by QueryFuzzTest).
   */
  @TestFactory
  Stream<DynamicTest> specialValuesBehaveAsInDuckDb() throws Exception {
    Path special = dir.resolve("special");
    Files.createDirectories(special);
    try (Statement st = duck.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE special AS SELECT * FROM (VALUES (1, 'NaN'::DOUBLE, ''),"
          + " (2, 'inf'::DOUBLE, 'é'), (3, '-inf'::DOUBLE, '日本語'), (4, -0.0::DOUBLE, ' a '), (5, 0.0::DOUBLE, 'a'),"
          + " (6, 1.5::DOUBLE, NULL), (7, NULL, 'Ω'), (8, 'NaN'::DOUBLE, 'a'), (9, -2.5::DOUBLE, ''),"
          + " (10, 2.0::DOUBLE, E'two\\nlines'), (11, NULL, 'say \"hi\"'), (12, 0.0::DOUBLE, NULL),"
          + " (13, -0.0::DOUBLE, 'a,b'), (14, 'inf'::DOUBLE, '🙂')) v(id, x, s)");
      for (String[] part : new String[][] {{"a", "id <= 7"}, {"b", "false"}, {"c", "id > 7"}}) {
        String rows = "(SELECT * FROM special WHERE " + part[1] + " ORDER BY id)";
        st.execute("COPY " + rows + " TO '" + special.resolve(part[0] + ".parquet") + "' (FORMAT parquet)");
        st.execute("COPY " + rows + " TO '" + special.resolve(part[0] + ".csv") + "' (HEADER)");
      }
    }
    // DuckDB reads a quoted empty field as NULL unless told otherwise; it wrote "" for the empty string.
    Map<String, String> views = Map.of("parquet", "read_parquet('" + special + "/*.parquet')",
        "csv", "read_csv('" + special + "/*.csv', header = true, auto_detect = false, allow_quoted_nulls = false,"
            + " columns = {'id': 'BIGINT', 'x': 'DOUBLE', 's': 'VARCHAR'})");
    Map<String, DataFrame> frames = Map.of("parquet", DataFrame.read(special + "/*.parquet"),
        "csv", DataFrame.readCsv(special + "/*.csv", CsvOptions.defaults().dtypes(Map.of("id", CsvType.INT64,
            "x", CsvType.FLOAT64, "s", CsvType.STRING))));
    List<Case> cases = List.of(
        rows("comparisons", d -> d.select(col("id"), col("x").eq(0.0).as("z"), col("x").gt(1e308).as("big"),
            col("x").eq(Double.NaN).as("nan"), col("x").lt(Double.NEGATIVE_INFINITY).as("below"),
            col("x").isIn(0.0, Double.NaN).as("in")),
            "SELECT id, x = 0.0, x > 1e308, x = 'NaN'::DOUBLE, x < '-inf'::DOUBLE, x IN (0.0, 'NaN'::DOUBLE) FROM t"),
        rows("arithmetic and text", d -> d.select(col("id"), col("x").div(0).as("q"), col("x").mul(-1).as("m"),
            col("x").cast("string").as("xs"), col("s").length().as("len"), col("s").upper().as("u"),
            col("s").trim().as("tr"), col("s").substring(2, 2).as("sub")),
            "SELECT id, x / 0, x * -1, x::VARCHAR, length(s), upper(s), trim(s), substring(s, 2, 2) FROM t"),
        rows("literals compared with -0.0 (found by QueryFuzzTest)", d -> d.filter(lit(0L).le(lit(-0.0))
            .and(lit(-0.0).eq(lit(0.0)))).select("id"), "SELECT id FROM t WHERE 0 <= -0.0::DOUBLE AND -0.0::DOUBLE = 0.0"),
        rows("filters on strings", d -> d.filter(col("s").gt("a").or(col("s").eq("")).or(col("s").like("%\n%")))
            .select("id"), "SELECT id FROM t WHERE s > 'a' OR s = '' OR s LIKE '%\n%'"),
        new Case("order by doubles and strings", d -> d.orderBy(col("x").desc().nullsFirst(), col("id")).select("id"),
            "SELECT id FROM t ORDER BY x DESC NULLS FIRST, id", true),
        new Case("order by strings", d -> d.orderBy(col("s"), col("id")).select("id", "s"),
            "SELECT id, s FROM t ORDER BY s, id", true),
        rows("group by doubles", d -> d.groupBy("x").agg(count(), min("s").as("ms")),
            "SELECT x, count(*), min(s) FROM t GROUP BY x"),
        rows("group by strings", d -> d.groupBy("s").agg(count(), max("x").as("mx"), sum("id").as("ids")),
            "SELECT s, count(*), max(x), sum(id) FROM t GROUP BY s"),
        rows("distinct doubles", d -> d.select("x").distinct(), "SELECT DISTINCT x FROM t"),
        rows("join on doubles", d -> d.join(d.select(col("x"), col("id").as("id2")), List.of("x")),
            "SELECT l.id, l.x, l.s, r.id2 FROM t l JOIN (SELECT x, id AS id2 FROM t) r ON l.x = r.x"),
        rows("left join on strings", d -> d.join(d.select(col("s"), col("id").as("id2")), List.of("s"), "left"),
            "SELECT l.id, l.x, l.s, r.id2 FROM t l LEFT JOIN (SELECT s, id AS id2 FROM t) r ON l.s = r.s"),
        rows("aggregates", d -> d.agg(min("x"), max("x").as("mx"), count("x").as("n"), nunique("x").as("u"),
            sum("x").as("sx"), mean("x").as("avg")),
            "SELECT min(x), max(x), count(x), count(DISTINCT x), sum(x), avg(x) FROM t"),
        rows("quantiles between infinities (found by QueryFuzzTest: -inf + d * (x - -inf) is NaN)",
            d -> d.filter(col("id").isIn(2, 3, 6)).agg(quantile("x", 0.25).as("q1"), median("x").as("m"),
                quantile("x", 0.9).as("q9")),
            "SELECT quantile_cont(x, 0.25), median(x), quantile_cont(x, 0.9) FROM t WHERE id IN (2, 3, 6)"));
    return Stream.of("parquet", "csv").flatMap(format -> cases.stream().map(c -> DynamicTest.dynamicTest(
        "special " + format + ": " + c.name(), () -> {
          try (Statement st = duck.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW t AS SELECT * FROM " + views.get(format));
          }
          check(duck, frames.get(format), c);
        })));
  }

  /**
   * Two 50,000-row row groups of s (20 % null; 10 short values, or one of 40,000 64-byte ones, which fill
   * the 1 MiB dictionary after about 30,000 rows, small pages being written by then), g and v, written by
   * parquet-mr's own writer (Partita's writer decides a chunk's encoding whole, so it never falls back
   * mid-chunk, but files from Spark and Hive do).
   */
  static void writeFallback(Path file) throws Exception {
    Random rnd = new Random(7);
    MessageType schema = MessageTypeParser.parseMessageType(
        "message m { optional binary s (STRING); optional int64 g; optional int64 v; }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withType(schema)
        .withPageSize(8 << 10)
        .withRowGroupRowCountLimit(50_000)
        .build()) {
      for (int i = 0; i < 100_000; i++) {
        Group g = groups.newGroup();
        if (rnd.nextInt(5) > 0) {
          g.add("s", rnd.nextBoolean() ? "early-" + rnd.nextInt(10)
              : String.format("late-%05d-%s", rnd.nextInt(40_000), "x".repeat(53)));
        }
        g.add("g", (long) rnd.nextInt(5));
        if (rnd.nextInt(10) > 0) {
          g.add("v", (long) rnd.nextInt(1000) - 300);
        }
        w.write(g);
      }
    }
  }

  /**
   * DuckDB's reader over the data set's files: all of them, listed, with explicit CSV types (the decimal
   * column as the double {@link #csvOptions} reads it as).
   */
  static String duckSource(DataSpec data) throws Exception {
    List<String> files;
    try (Stream<Path> list = Files.list(dir.resolve(data.name()))) {
      files = list.map(f -> "'" + f + "'").sorted().toList();
    }
    String list = "[" + String.join(", ", files) + "]";
    return data.parquet() ? "read_parquet(" + list + ")"
        : "read_csv(" + list + ", header = true, auto_detect = false, columns = "
            + COLUMNS.replace("DECIMAL(9,2)", "DOUBLE") + ")";
  }

  static DataFrame load(DataSpec data) throws Exception {
    Path d = dir.resolve(data.name());
    try (Statement s = duck.createStatement()) {
      s.execute("SELECT setseed(" + (data.seed() / 100.0) + ")");
      double p = data.nulls();
      s.execute("CREATE OR REPLACE TABLE gen AS SELECT range AS id,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE (random() * 200)::BIGINT - 80 END AS i,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE round(random() * 1000, 3)::DOUBLE END AS f,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE 'k' || (random() * 12)::INT END AS s,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE random() < 0.5 END AS b,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE DATE '2020-01-01' + (random() * 900)::INT END AS d,"
          + " (random() * 5)::BIGINT AS g,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE (random() * 200)::INTEGER - 80 END AS i32,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE ((random() * 1000)::INTEGER / 4.0)::FLOAT END AS f32,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE TIMESTAMP '2020-01-01' + to_microseconds("
          + "(random() * 8e13)::BIGINT) END AS ts,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE (TIMESTAMP '2021-01-01' + to_milliseconds("
          + "(random() * 8e10)::BIGINT))::TIMESTAMP_MS END AS tms,"
          + " CASE WHEN random() < " + p + " THEN NULL ELSE (random() * 10000)::INTEGER / 100.0 END::DECIMAL(9,2) AS dec"
          + " FROM range(" + data.rows() + ")");
      Files.createDirectories(d);
      int per = (data.rows() + data.files() - 1) / data.files();
      for (int k = 0; k < data.files(); k++) {
        String where = "id >= " + (k * per) + " AND id < " + ((k + 1) * per);
        String file = d.resolve(String.format("part-%02d", k)).toString();
        if (data.parquet()) {
          s.execute("COPY (SELECT * FROM gen WHERE " + where + " ORDER BY id) TO '" + file + ".parquet' (FORMAT parquet"
              + (data.partitionHint() > 0 ? ", ROW_GROUP_SIZE " + data.partitionHint() : "") + ")");
        } else {
          s.execute("COPY (SELECT * FROM gen WHERE " + where + " ORDER BY id) TO '" + file + ".csv' (HEADER)");
        }
      }
      s.execute("DROP TABLE gen");
    }
    DataFrame df = data.parquet() ? DataFrame.read(d + "/*.parquet") : DataFrame.readCsv(d + "/*.csv", csvOptions(data));
    long partitions = df.count().graph().keys().stream().filter(k -> k.startsWith("chunk-") || k.startsWith("aggregate-")).count();
    assertTrue(partitions >= 1 && partitions <= 50, data.name() + " has " + partitions + " partitions");
    return df;
  }

  static CsvOptions csvOptions(DataSpec data) {
    CsvOptions opts = CsvOptions.defaults().dtypes(Map.of("id", CsvType.INT64, "i", CsvType.INT64,
        "f", CsvType.FLOAT64, "s", CsvType.STRING, "b", CsvType.BOOLEAN, "d", CsvType.DATE, "g", CsvType.INT64,
        "i32", CsvType.INT64, "f32", CsvType.FLOAT64, "ts", CsvType.TIMESTAMP));
    opts = opts.dtypes(Map.of("tms", CsvType.TIMESTAMP, "dec", CsvType.FLOAT64));
    if (data.partitionHint() > 0) {
      opts = opts.blockSize(data.partitionHint());
    }
    return opts;
  }

  /** Runs the case on both sides, DuckDB's through {@code connection}, and compares every value. */
  static void check(Connection connection, DataFrame df, Case c) throws SQLException {
    check(connection, df, c, ComputeOptions.defaults(), UnaryOperator.identity());
  }

  /** As {@link #check(Connection, DataFrame, Case)}, Partita's value rewritten by {@code rewrite}, run with {@code options}. */
  static void check(Connection connection, DataFrame df, Case c, ComputeOptions options, UnaryOperator<Lazy> rewrite)
      throws SQLException {
    Object got = c.partita().apply(df);
    List<List<Object>> expected = query(connection, c.sql());
    if (got instanceof Scalar) {
      Object value = ((Scalar<?>) rewrite.apply((Scalar<?>) got)).compute(options);
      assertEquals(1, expected.size());
      assertSame(expected.get(0).get(0), value, c.name());
      return;
    }
    List<List<Object>> actual;
    if (got instanceof DataFrame) {
      try (Table t = ((DataFrame) rewrite.apply((DataFrame) got)).compute(options)) {
        actual = rowsOf(t);
      }
    } else {
      try (Table t = (Table) got) {
        actual = rowsOf(t);
      }
    }
    String difference = Answers.difference(expected, actual, c.ordered());
    if (difference != null) {
      fail(c.name() + ": " + difference);
    }
  }

  static List<List<Object>> rowsOf(Table t) {
    return Answers.rowsOf(t);
  }

  static List<List<Object>> query(String sql) throws SQLException {
    return query(duck, sql);
  }

  static List<List<Object>> query(Connection connection, String sql) throws SQLException {
    return Answers.query(connection, sql);
  }

  static void assertSame(Object expected, Object actual, String what) {
    String difference = Answers.valueDifference(expected, actual);
    if (difference != null) {
      fail(what + ": " + difference);
    }
  }
}
