package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.graph.Graph;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delay never elapses here: the tests call {@link ProgressListener#show} where it would have. */
class ProgressListenerTest {
  private static final Graph GRAPH = Graph.builder().value("x", 1)
      .task("a", (Integer x) -> x, "x").task("b", (Integer x) -> x, "a").build();
  private static final Duration NEVER = Duration.ofDays(1);

  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

  private ProgressListener listener() {
    return new ProgressListener(new PrintStream(buf, true, StandardCharsets.UTF_8), NEVER);
  }

  @Test
  void runsEndedBeforeTheDelayPrintNothing() {
    try (ProgressListener p = listener()) {
      p.onStart(GRAPH, List.of("b"));
      p.onTaskEnd("a", 0, 1, null);
      p.onTaskEnd("b", 0, 1, null);
      p.onFinish(null);
    }
    assertEquals("", buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void cacheHitsCountAsDoneAndAFinishedRunEndsAtItsOwnCount() {
    try (ProgressListener p = listener()) {
      p.onStart(GRAPH, List.of("b"));
      p.show();
      p.onCacheHit("b", 0, 1);
      p.onFinish(null);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("1/1"), out);
  }

  @Test
  void slowRunsShowTasksDoneOverPlanned() {
    try (ProgressListener p = listener()) {
      p.onStart(GRAPH, List.of("b"));
      p.onTaskEnd("a", 0, 1, null);
      p.show();
      p.onTaskEnd("b", 0, 1, null);
      p.onFinish(null);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("partita") && out.contains("2/2"), out);
  }

  @Test
  void aShowAfterTheRunEndedPrintsNothing() {
    try (ProgressListener p = listener()) {
      p.onStart(GRAPH, List.of("b"));
      p.onFinish(null);
      p.end();
      p.show();
    }
    assertEquals("", buf.toString(StandardCharsets.UTF_8));
  }
}
