package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.sql.Partita;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code partita sql}: the table the API computes for the same query, written or printed; errors with a line. */
class SqlCommandTest {

  @TempDir static Path dir;
  static String csv;

  @BeforeAll
  static void data() throws Exception {
    StringBuilder sb = new StringBuilder("id,g,v\n");
    Random r = new Random(7);
    for (int i = 0; i < 500; i++) {
      sb.append(i).append(',').append("g").append(r.nextInt(5)).append(',').append(r.nextInt(1000)).append('\n');
    }
    Path file = dir.resolve("t.csv");
    Files.writeString(file, sb.toString());
    csv = file.toString();
  }

  private static final String QUERY = "SELECT g, count(*) AS n, sum(v) AS s FROM t WHERE v > 100 GROUP BY g ORDER BY s DESC";

  @Test
  void printsWhatTheApiComputes() {
    Cli cli = Cli.run("sql", QUERY, "--table", "t=" + csv);
    assertEquals(0, cli.exit(), cli.err());
    try (Table expected = Partita.sql(QUERY, Map.of("t", DataFrame.read(csv))).compute()) {
      assertEquals(expected.toString(), cli.out());
      assertEquals(5, expected.rowCount());
    }
  }

  @Test
  void quotedPathAndOut() throws Exception {
    Path out = dir.resolve("out.parquet");
    String q = "SELECT g, max(v) AS m FROM '" + csv + "' GROUP BY g";
    Cli cli = Cli.run("sql", q, "--out", out.toString());
    assertEquals(0, cli.exit(), cli.err());
    assertTrue(cli.out().startsWith("wrote 5 rows"), cli.out());
    String back = "SELECT g, m FROM '" + out + "' ORDER BY g";
    try (Table written = Partita.sql(back).compute();
        Table expected = Partita.sql(q + " ORDER BY g").compute()) {
      assertEquals(expected.toString(), written.toString());
    }
  }

  @Test
  void unsupportedSqlIsAUserErrorWithItsPosition() {
    Cli cli = Cli.run("sql", "SELECT g FROM t\nWHERE v > 1 LIMIT 2 OFFSET 1", "--table", "t=" + csv);
    assertEquals(2, cli.exit(), cli.out() + cli.err());
    assertTrue(cli.err().contains("line 2:") && cli.err().contains("OFFSET"), cli.err());
  }

  @Test
  void queryOrdersAndLimitsAsSqlDoes() {
    Cli cli = Cli.run("query", csv, "--where", "v > 100", "--groupby", "g", "--agg", "sum(v) as s, mean(v) as m",
        "--orderby", "s DESC", "--limit", "3");
    assertEquals(0, cli.exit(), cli.err());
    String sql = "SELECT g, sum(v) AS s, avg(v) AS m FROM t WHERE v > 100 GROUP BY g ORDER BY s DESC LIMIT 3";
    try (Table expected = Partita.sql(sql, Map.of("t", DataFrame.read(csv))).compute()) {
      assertEquals(expected.toString(), cli.out());
    }
    Cli bad = Cli.run("query", csv, "--orderby", "nope DESC");
    assertEquals(2, bad.exit(), bad.out() + bad.err());
    assertTrue(bad.err().startsWith("partita: column nope not found; columns here: id, g, v at column 1 of --orderby"),
        bad.err());
  }
}
