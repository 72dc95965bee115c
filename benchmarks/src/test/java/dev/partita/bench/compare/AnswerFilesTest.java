package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Written q10 answers compared in DuckDB: equal files agree, a changed value or a missing row does not. */
class AnswerFilesTest {

  private static final String ROWS = "SELECT 'id' || (i % 3) AS id1, 'id' || (i % 5) AS id2, 'id' || i AS id3,"
      + " i % 7 AS id4, i % 11 AS id5, i AS id6, (i * 0.1)::DOUBLE AS v3, 1::BIGINT AS count FROM range(1000) t(i)";

  @TempDir Path dir;

  @Test
  void sameRowsInAnotherOrderAndWithinToleranceAgree() throws Exception {
    Path a = write("a", ROWS);
    Path b = write("b", "SELECT id1, id2, id3, id4, id5, id6, v3 * (1 + 1e-12) AS v3, count FROM (" + ROWS
        + ") ORDER BY id6 DESC");
    assertEquals(Optional.empty(), AnswerFiles.firstDifference(Question.Q10, "Partita", a, "DuckDB", b));
  }

  @Test
  void aChangedCountAChangedSumAMissingRowAndARepeatedKeyAreReported() throws Exception {
    Path a = write("a", ROWS);
    Optional<String> count = AnswerFiles.firstDifference(Question.Q10, "Partita", a, "DuckDB", write("count",
        "SELECT * REPLACE (CASE WHEN id6 = 500 THEN 2 ELSE count END AS count) FROM (" + ROWS + ")"));
    assertTrue(count.isPresent() && count.get().contains("count=2") && count.get().contains(" vs DuckDB "),
        count.toString());
    Optional<String> sum = AnswerFiles.firstDifference(Question.Q10, "Partita", a, "DuckDB", write("sum",
        "SELECT * REPLACE (CASE WHEN id6 = 7 THEN v3 + 1e-6 ELSE v3 END AS v3) FROM (" + ROWS + ")"));
    assertTrue(sum.isPresent() && sum.get().contains("id6=7"), sum.toString());
    Optional<String> missing = AnswerFiles.firstDifference(Question.Q10, "Partita", a, "DuckDB", write("missing",
        ROWS + " WHERE i <> 999"));
    assertTrue(missing.isPresent() && missing.get().contains("id6=999"), missing.toString());
    Optional<String> repeated = AnswerFiles.firstDifference(Question.Q10, "Partita", write("repeated",
        ROWS + " UNION ALL " + ROWS + " WHERE i = 3"), "DuckDB", a);
    assertTrue(repeated.isPresent() && repeated.get().contains("Partita's answer repeats keys"), repeated.toString());
  }

  @Test
  void deleteRemovesAnAnswerDirectoryAndIgnoresAMissingOne() throws Exception {
    Path a = write("gone", ROWS);
    AnswerFiles.delete(a);
    assertFalse(Files.exists(a));
    AnswerFiles.delete(a);
  }

  private Path write(String name, String sql) throws Exception {
    Path out = dir.resolve(name);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (" + sql + ") TO " + DuckDbEngine.literal(out) + " (FORMAT parquet, PER_THREAD_OUTPUT true)");
    }
    return out;
  }
}
