package dev.partita;

import static dev.partita.Functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrow types the Parquet reader produces beyond the kernel types (int16, int32, float32,
 * decimal, timestamps in seconds, millis and nanos, with and without a zone) used in expressions,
 * and the errors for types and literals that cannot be.
 */
class WideningTest {

  @TempDir
  Path dir;
  DataFrame df;

  @BeforeEach
  void write() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("COPY (SELECT * FROM (VALUES"
          + " (1::SMALLINT, 10::INTEGER, 1.5::FLOAT, 1.25::DECIMAL(18,3), TIMESTAMP_S '2021-01-01 00:00:01',"
          + "  TIMESTAMP_NS '2021-01-01 00:00:00.000001999', TIMESTAMPTZ '2021-01-01 10:00:00+00', DATE '2021-01-01', 'x'::BLOB),"
          + " (2, 20, 2.5, 2.50, TIMESTAMP_S '2021-06-01 12:00:00', TIMESTAMP_NS '2021-06-01 12:00:00',"
          + "  TIMESTAMPTZ '2021-06-01 10:00:00+00', DATE '2021-06-02', 'y'::BLOB),"
          + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))"
          + " AS v(i16, i32, f32, dec, ts_s, ts_ns, tstz, d, bin)) TO '" + dir.resolve("w.parquet")
          + "' (FORMAT parquet)");
    }
    df = DataFrame.read(dir.resolve("w.parquet").toString());
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  @Test
  void narrowNumbersWidenInComparisonsAndArithmetic() {
    assertEquals(2L, df.filter(col("i32").gt(col("i16").mul(6))).count().compute());
    assertEquals(2L, df.filter(col("f32").lt(col("i32"))).count().compute());
    assertEquals(1L, df.filter(col("dec").ge(2.5)).count().compute());
    assertEquals(1L, df.filter(col("i16").isIn(2, 7)).count().compute());
    try (Table t = df.select(col("i32").plus(col("f32")).as("a"), col("dec").mul(2).as("b"), col("i16").as("c"))
        .compute()) {
      assertEquals(11.5, t.getObject(0, "a"));
      assertEquals(new BigDecimal("5.000"), t.getObject(1, "b"), "DECIMAL(18,3) * 2 stays DECIMAL(18,3), as in DuckDB");
      assertEquals(1, t.getObject(0, "c"), "an aliased column keeps its type");
      assertEquals(null, t.getObject(2, "a"));
    }
  }

  @Test
  void selectingANarrowColumnKeepsItsType() {
    try (Table t = df.select("i32", "f32").compute()) {
      assertEquals(10, t.getObject(0, "i32"));
      assertEquals(1.5f, t.getObject(0, "f32"));
    }
  }

  @Test
  void timestampsOfEveryUnitAndZoneCompareWithLiteralsAndEachOther() {
    assertEquals(1L, df.filter(col("ts_s").ge("2021-03-01")).count().compute());
    assertEquals(1L, df.filter(col("ts_s").lt(LocalDateTime.of(2021, 1, 1, 0, 0, 2))).count().compute());
    assertEquals(1L, df.filter(col("ts_ns").eq("2021-01-01 00:00:00.000001")).count().compute());
    assertEquals(1L, df.filter(col("tstz").eq(Instant.parse("2021-06-01T10:00:00Z"))).count().compute());
    assertEquals(1L, df.filter(col("tstz").gt("2021-01-01T10:00:00Z")).count().compute());
    assertEquals(1L, df.filter(col("ts_ns").lt(col("tstz"))).count().compute());
    assertEquals(1L, df.filter(col("ts_s").gt(col("d"))).count().compute());
    assertEquals(1L, df.filter(col("d").eq("2021-06-02")).count().compute());
    assertEquals(1L, df.filter(col("d").lt(LocalDate.of(2021, 3, 1))).count().compute());
  }

  @Test
  void typesAndLiteralsThatCannotBeUsedFailBeforeRunning() {
    AnalysisException bin = assertThrows(AnalysisException.class, () -> df.filter(col("bin").isNull().not().and(
        col("bin").eq("x"))));
    assertTrue(bin.getMessage().contains("column 'bin' has type binary"), bin.getMessage());
    AnalysisException date = assertThrows(AnalysisException.class, () -> df.filter(col("d").gt("June 1st")));
    assertTrue(date.getMessage().contains("cannot read 'June 1st' as a date"), date.getMessage());
    AnalysisException ts = assertThrows(AnalysisException.class, () -> df.filter(col("tstz").gt("noon")));
    assertTrue(ts.getMessage().contains("as a timestamp"), ts.getMessage());
    AnalysisException arith = assertThrows(AnalysisException.class, () -> df.select(col("ts_s").plus(1)));
    assertTrue(arith.getMessage().contains("cannot apply + to timestamp and int64"), arith.getMessage());
    AnalysisException cmp = assertThrows(AnalysisException.class, () -> df.filter(col("i32").eq("10")));
    assertTrue(cmp.getMessage().contains("cannot compare int64 with string"), cmp.getMessage());
  }
}
