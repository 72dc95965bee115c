package dev.partita.cli;

import static dev.partita.Functions.count;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.cluster.ClusterScheduler;
import dev.partita.graph.SchedulerListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code partita worker} processes on loopback: a {@code partita query --cluster} prints what the local
 * query prints, and a query during which one worker is killed with SIGKILL gives the local answer. A worker
 * that never answers fails the test after the timeout (reading its first line cannot be interrupted, hence a
 * separate thread); the workers are killed after each test.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = ThreadMode.SEPARATE_THREAD)
class ClusterProcessTest {
  private static final int FILES = 16;

  @TempDir
  Path dir;

  private final List<Process> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() throws InterruptedException {
    for (Process p : workers) {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void queriesOnTwoWorkerProcessesGiveTheLocalAnswers() throws Exception {
    for (int f = 0; f < FILES; f++) {
      StringBuilder csv = new StringBuilder("k,v,x\n");
      for (int i = 0; i < 30_000; i++) {
        long r = f * 30_000L + i;
        csv.append(r * 7919 % 500).append(',').append(r % 97).append(',').append(r * 0.25).append('\n');
      }
      Files.writeString(dir.resolve(String.format("part-%02d.csv", f)), csv);
    }
    String files = dir + "/*.csv";
    int port = freePort();
    String first = startWorker(port, List.of());
    startWorker(port + 1, List.of("--join", first));

    Cli local = Cli.run("query", files, "--groupby", "k", "--agg", "sum(v), mean(x), count()", "--quiet");
    Cli remote = Cli.run("query", files, "--groupby", "k", "--agg", "sum(v), mean(x), count()", "--quiet",
        "--cluster", first);
    assertEquals(0, local.exit(), local.err());
    assertEquals(0, remote.exit(), remote.err());
    assertEquals(sorted(local.out()), sorted(remote.out()));

    DataFrame q = DataFrame.read(files).groupBy("k").agg(sum("v"), mean("x"), count());
    List<String> expected;
    try (Table t = q.compute(ComputeOptions.defaults().splitEvery(4))) {
      expected = sorted(t.toString());
    }
    AtomicInteger chunks = new AtomicInteger();
    SchedulerListener killer = new SchedulerListener() {
      @Override
      public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
        if (key.startsWith("chunk-") && chunks.incrementAndGet() == FILES / 2) {
          workers.get(1).destroyForcibly();
        }
      }
    };
    try (ClusterScheduler cluster = ClusterScheduler.connect(first)) {
      ComputeOptions options = ComputeOptions.defaults().splitEvery(4).threads(4)
          .scheduler(cluster.withListener(killer));
      try (Table t = q.compute(options)) {
        assertEquals(expected, sorted(t.toString()));
      }
      assertFalse(workers.get(1).isAlive(), "the second worker was not killed");
      assertTrue(chunks.get() > FILES, "no chunk was computed again after the kill: " + chunks);
    }
  }

  /** The lines of a printed table, sorted: groups come in first-seen order, which differs with timing. */
  private static List<String> sorted(String table) {
    List<String> lines = new ArrayList<>(List.of(table.split("\n")));
    Collections.sort(lines);
    return lines;
  }

  /** Starts {@code partita worker} on {@code port} and returns the address it prints. */
  private String startWorker(int port, List<String> join) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "worker", "--port", Integer.toString(port), "--threads", "2"));
    cmd.addAll(join);
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("worker-" + port + ".err").toFile()).start();
    workers.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertTrue(line != null && line.startsWith("partita worker listening on 127.0.0.1:" + port), () -> "worker said "
        + line + "; stderr: " + read(dir.resolve("worker-" + port + ".err")));
    return "127.0.0.1:" + port;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A port p such that p and p + 1 were free a moment ago. */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p;
      try (ServerSocket s = new ServerSocket(0)) {
        p = s.getLocalPort();
      }
      try (ServerSocket next = new ServerSocket(p + 1)) {
        return p;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no two free ports in a row");
  }
}
