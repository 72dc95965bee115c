package dev.partita.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.DataFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SQL that Partita cannot answer is an error naming the construct and where it is, never a result. */
class SqlErrorsTest {

  @TempDir
  static Path dir;
  static Map<String, DataFrame> tables;

  @BeforeAll
  static void table() throws Exception {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "a,s,d\n0,v0,2024-01-01\n1,v1,2024-01-02\n2,v2,2024-01-03\n");
    tables = Map.of("t", DataFrame.read(csv.toString()), "u", DataFrame.read(csv.toString()));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("SELECT a FROM t\nWHERE a IN (SELECT a FROM u) INTERSECT SELECT a FROM u", "INTERSECT", 2),
        Arguments.of("SELECT a, row_number() OVER (ORDER BY a) FROM t", "unsupported", 1),
        Arguments.of("SELECT a FROM t\n  JOIN u ON t.a < u.a", "no equality", 2),
        Arguments.of("SELECT t.a FROM t, u", "cross join", 1),
        Arguments.of("SELECT a FROM t LIMIT 2 OFFSET 1", "OFFSET", 1),
        Arguments.of("SELECT sum(DISTINCT a) FROM t", "sum(DISTINCT", 1),
        Arguments.of("SELECT a FROM nope", "table nope not found", 1),
        Arguments.of("SELECT b FROM t", "column b not found", 1),
        Arguments.of("SELECT a, s, count(*) FROM t GROUP BY a", "must appear in GROUP BY", 1),
        Arguments.of("SELECT a FROM t WHERE sum(a) > 1", "not allowed here", 1),
        Arguments.of("SELECT quantile(a, 0.5) FROM t", "quantile", 1),
        Arguments.of("SELECT a FROM t WHERE a = (SELECT count(*) FROM u WHERE u.a = t.a)", "count(", 1),
        Arguments.of("SELECT a FROM t\nWHERE d + INTERVAL 1 MONTH > d", "INTERVAL", 2),
        Arguments.of("SELECT a FROM t WHERE s LIKE 'x!%' ESCAPE '!'", "ESCAPE", 1),
        Arguments.of("SELECT a FROM t WHERE a IN (SELECT a FROM u WHERE u.s = t.s)", "correlated IN", 1),
        Arguments.of("SELECT a FROM t WHERE a = (SELECT a FROM u)", "more than one row", 1),
        Arguments.of("SELECT a FROM t WHERE", "syntax error at 'WHERE'", 1),
        Arguments.of("SELECT a FROM t WHERE a >", "unexpected end of the query", 1),
        Arguments.of("SELECT a FROM t WHERE a > > 2", "syntax error at '>'", 1),
        Arguments.of("DELETE FROM t", "only SELECT", 1),
        Arguments.of("SELECT a FROM t\nUNION ALL SELECT a, s FROM u", "columns", 2));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void namesTheConstructAndItsLine(String sql, String says, int line) {
    SqlException e = assertThrows(SqlException.class, () -> Partita.sql(sql, tables));
    assertTrue(e.getMessage().contains(says), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("line " + e.line() + ":" + e.column() + ": "), e.getMessage());
  }

  @Test
  void positionPointsAtTheColumn() {
    SqlException e = assertThrows(SqlException.class, () -> Partita.sql("SELECT a,\n       zz FROM t", tables));
    assertEquals(2, e.line());
    assertEquals(8, e.column());
  }

  @Test
  void aSyntaxErrorPointsAtItsToken() {
    SqlException e = assertThrows(SqlException.class, () -> Partita.sql("SELECT a FROM t\nWHERE a > > 2", tables));
    assertEquals(2, e.line());
    assertEquals(11, e.column());
  }
}
