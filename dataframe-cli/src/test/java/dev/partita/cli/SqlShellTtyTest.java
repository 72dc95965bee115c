package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code partita sql} with no query in a real pseudo-terminal (a tmux pane): a query typed over two lines,
 * {@code .timer on}, and Ctrl-C cancelling a long join, after which the shell still answers.
 */
class SqlShellTtyTest {

  @TempDir Path dir;

  @Test
  void shellInATmuxPane() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
    StringBuilder sb = new StringBuilder("id,g,v\n");
    for (int i = 0; i < 400; i++) {
      sb.append(i).append(",g").append(i % 4).append(',').append(i * 7 % 100).append('\n');
    }
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, sb.toString());
    String session = "partita-sql-test-" + ProcessHandle.current().pid();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = java + " --add-opens=java.base/java.nio=ALL-UNNAMED -Duser.home=" + dir + " -cp "
        + System.getProperty("java.class.path") + " dev.partita.cli.Main sql --table t=" + csv + "; sleep 120";
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", command);
    try {
      await(session, s -> s.contains("partita>"));
      keys(session, ".timer on", "Enter");
      keys(session, "SELECT g, sum(v) AS s", "Enter");
      keys(session, "FROM t GROUP BY g ORDER BY g;", "Enter");
      String shown = await(session, s -> s.contains("Run Time:"));
      assertTrue(shown.contains("g3") && shown.contains("shape: (4, 2)"), shown);
      keys(session, "SELECT count(*) FROM t a, t b, t c, t d WHERE a.g = b.g AND b.g = c.g AND c.g = d.g;", "Enter");
      Thread.sleep(1500);
      keys(session, "C-c");
      await(session, s -> s.contains("Cancelled."));
      keys(session, "SELECT count(*) AS n FROM t;", "Enter");
      shown = await(session, s -> s.contains("400"));
      assertTrue(shown.indexOf("Cancelled.") < shown.lastIndexOf("400"), shown);
    } finally {
      tmux("kill-session", "-t", session);
    }
  }

  private static void keys(String session, String... keys) throws Exception {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
    for (String k : keys) {
      args.add(k.endsWith(";") ? k.substring(0, k.length() - 1) + "\\;" : k);
    }
    tmux(args.toArray(new String[0]));
  }

  private static String await(String session, Predicate<String> done) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    String pane = "";
    while (System.nanoTime() < deadline) {
      pane = tmux("capture-pane", "-p", "-S", "-200", "-t", session);
      if (done.test(pane)) {
        return pane;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the shell did not get there in 2 minutes; the pane shows:\n" + pane);
  }

  private static String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/tmux"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
