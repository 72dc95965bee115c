package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join task on 10,000 rows: the data follows db-benchmark's rules, and both engines' checks agree. */
class JoinSmokeTest {

  @TempDir Path dir;

  @Test
  void everyJoinQuestionIsAnsweredByBothEnginesAndTheChecksAgree() throws Exception {
    Options o = Options.parse("--task", "join", "--rows", "1e4", "--runs", "1", "--warmup", "0",
        "--format", "csv,parquet", "--threads", "2", "--data-dir", dir.toString(), "--no-write");
    List<Outcome> outcomes = Compare.run(o, List.of(), new PrintStream(OutputStream.nullOutputStream()));

    assertEquals(10, outcomes.size());
    for (Outcome x : outcomes) {
      String where = x.format() + " " + x.question().id + ": ";
      assertTrue(x.duckdb().ok(), where + x.duckdb().reason());
      assertTrue(x.matched(), where + (x.mismatch() != null ? x.mismatch() : x.partita().reason()));
    }
  }

  @Test
  void theTablesFollowTheGeneratorsRules() throws Exception {
    Path x = JoinData.write(dir, 100_000);
    assertEquals(dir.resolve("J1_1e5_NA_0_0.csv"), x);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      for (JoinData.Side side : JoinData.Side.values()) {
        st.execute("CREATE TABLE " + side + " AS SELECT * FROM read_csv(" + DuckDbEngine.literal(JoinData.right(x, side))
            + ")");
      }
      st.execute("CREATE TABLE x AS SELECT * FROM read_csv(" + DuckDbEngine.literal(x) + ")");
      assertEquals(List.of(100_000L, 10L, 100L, 100_000L), List.of(count(st, "SELECT count(*) FROM x"),
          count(st, "SELECT count(*) FROM small"), count(st, "SELECT count(*) FROM medium"),
          count(st, "SELECT count(*) FROM big")));
      assertEquals("id1,id2,id3,id4,id5,id6,v1", Files.readAllLines(x).get(0));
      assertEquals("id1,id2,id4,id5,v2", Files.readAllLines(JoinData.right(x, JoinData.Side.MEDIUM)).get(0));
      // Each right table's own key is unique; x's id3 is too; every x.id1 value is one of 10 (9 shared, 1 left-only).
      assertEquals(100_000L, count(st, "SELECT count(DISTINCT id3) FROM x"));
      assertEquals(100_000L, count(st, "SELECT count(DISTINCT id3) FROM big"));
      assertEquals(100L, count(st, "SELECT count(DISTINCT id2) FROM medium"));
      assertEquals(10L, count(st, "SELECT count(DISTINCT id1) FROM x"));
      assertEquals(9L, count(st, "SELECT count(DISTINCT id1) FROM x SEMI JOIN small USING (id1)"));
      assertEquals(90L, count(st, "SELECT count(DISTINCT id2) FROM x SEMI JOIN medium USING (id2)"));
      assertEquals(90_000L, count(st, "SELECT count(*) FROM x JOIN big USING (id3)"));
      assertEquals(0L, count(st, "SELECT count(*) FROM x WHERE id4 <> 'id' || id1 OR id6 <> 'id' || id3"
          + " OR v1 < 0 OR v1 >= 100"));
    }
  }

  private static long count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
