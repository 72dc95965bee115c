package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.graph.Graph;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
  private static final Graph GRAPH = Graph.builder().value("x", 1)
      .task("a", (Integer x) -> x, "x").task("b", (Integer x) -> x, "a").build();

  @Test
  void quickRunsPrintNothing() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ProgressListener p = new ProgressListener(new PrintStream(buf, true, StandardCharsets.UTF_8))) {
      p.onStart(GRAPH, List.of("b"));
      p.onTaskEnd("a", 0, 1, null);
      p.onTaskEnd("b", 0, 1, null);
      p.onFinish(null);
    }
    assertEquals("", buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void cacheHitsCountAsDoneAndAFinishedRunEndsAtItsOwnCount() throws InterruptedException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ProgressListener p = new ProgressListener(new PrintStream(buf, true, StandardCharsets.UTF_8))) {
      p.onStart(GRAPH, List.of("b"));
      Thread.sleep(ProgressListener.DELAY.toMillis() + 400);
      p.onCacheHit("b", 0, 1);
      p.onFinish(null);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("1/1"), out);
  }

  @Test
  void slowRunsShowTasksDoneOverPlanned() throws InterruptedException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ProgressListener p = new ProgressListener(new PrintStream(buf, true, StandardCharsets.UTF_8))) {
      p.onStart(GRAPH, List.of("b"));
      p.onTaskEnd("a", 0, 1, null);
      Thread.sleep(ProgressListener.DELAY.toMillis() + 400);
      p.onTaskEnd("b", 0, 1, null);
      p.onFinish(null);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("partita") && out.contains("2/2"), out);
  }
}
