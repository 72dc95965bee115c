package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.sql.Partita;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell driven through a JLine terminal on streams: a query over several lines, {@code .timer on},
 * {@code .tables}, {@code .schema}, an error, and Ctrl-C (the INT signal) cancelling a long join while the
 * shell goes on to the next query.
 */
class SqlShellTest {

  @TempDir Path dir;

  @Test
  void queriesCommandsErrorsAndCtrlC() throws Exception {
    StringBuilder sb = new StringBuilder("id,g,v\n");
    Random r = new Random(3);
    for (int i = 0; i < 500; i++) {
      sb.append(i).append(",g").append(r.nextInt(5)).append(',').append(r.nextInt(100)).append('\n');
    }
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, sb.toString());
    Map<String, DataFrame> tables = Map.of("t", DataFrame.read(csv.toString()));
    String slow = "SELECT count(*) FROM t a JOIN t b ON a.g = b.g JOIN t c ON b.g = c.g JOIN t d ON c.g = d.g"
        + " JOIN t e ON d.g = e.g;";
    String quick = "SELECT g, sum(v) AS s FROM t GROUP BY g ORDER BY g";
    String input = ".timer on\n" + slow + "\nSELECT g, sum(v) AS s\n  FROM t GROUP BY g ORDER BY g;\n.tables\n.schema t\n"
        + "SELECT nope FROM t;\n.quit\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Terminal terminal = TerminalBuilder.builder().streams(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out).type("dumb").build()) {
      Thread ctrlC = new Thread(() -> {
        while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("partita-sql-query"))) {
          Thread.onSpinWait();
        }
        terminal.raise(Terminal.Signal.INT);
      });
      ctrlC.start();
      assertTimeoutPreemptively(Duration.ofMinutes(2), () ->
          new SqlShell(terminal, tables, ComputeOptions.defaults(), dir.resolve("history")).run());
      ctrlC.join();
    }
    String shown = lines(out.toString(StandardCharsets.UTF_8));
    assertTrue(shown.contains("Cancelled."), shown);
    try (Table expected = Partita.sql(quick, tables).compute()) {
      assertTrue(shown.contains(lines(expected.toString())), shown);
    }
    assertTrue(shown.contains("Run Time: "), shown);
    assertTrue(shown.contains("partita> .tables\nt\n"), shown);
    assertTrue(shown.contains("g  Utf8"), shown);
    assertTrue(shown.contains("Error: line 1:8: column nope not found"), shown);
  }

  /** Lines without the terminal's carriage returns and trailing blanks. */
  private static String lines(String text) {
    return text.replace("\r", "").replaceAll("(?m)[ \t]+$", "");
  }
}
