package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Python runner's command line, how it reads a script's output, and a Python that cannot import the engine. */
class PythonTest {

  @Test
  void theCommandPassesTheArgumentsThenRunsAndThreads() {
    Python dask = new Python(Python.Kind.DASK, "/opt/python3", "dask 1, pandas 2", Path.of("/tmp/scripts"), 3);
    assertEquals(List.of("/opt/python3", "/tmp/scripts/dask_groupby.py", "--question", "q10",
        "--warmup", "1", "--runs", "2", "--threads", "3"),
        dask.command("dask_groupby.py", List.of("--question", "q10"), 1, 2));
    assertEquals("dask 1, pandas 2 (/opt/python3)", dask.describe());
    assertEquals("dask", dask.name());
  }

  @Test
  void readsOneTimingPerRunAndTellsNotAvailableFromFailure() {
    assertEquals(List.of(1.5, 0.25), Python.seconds(List.of("seconds 1.5", "seconds 0.25", "rows 100"), 0, "", 2));
    UnsupportedOperationException na = assertThrows(UnsupportedOperationException.class,
        () -> Python.seconds(List.of("n/a dask 1 raises NotImplementedError: median"), 0, "", 2));
    assertEquals("dask 1 raises NotImplementedError: median", na.getMessage());
    IllegalStateException failed = assertThrows(IllegalStateException.class,
        () -> Python.seconds(List.of("seconds 1.5"), 1, "MemoryError", 2));
    assertTrue(failed.getMessage().contains("exited with 1: MemoryError"), failed.getMessage());
    IllegalStateException tooFew = assertThrows(IllegalStateException.class,
        () -> Python.seconds(List.of("seconds 1.5"), 0, "", 2));
    assertTrue(tooFew.getMessage().contains("1 timings for 2 runs"), tooFew.getMessage());
    assertThrows(IllegalStateException.class, () -> Python.seconds(List.of("seconds soon"), 0, "", 1));
  }

  @Test
  void aPythonThatCannotRunSaysWhatToDoInOneLineAndIsSkipped() throws Exception {
    Python.Unavailable e = assertThrows(Python.Unavailable.class,
        () -> Python.open(Python.Kind.POLARS, "/nonexistent/python3", 2));
    assertTrue(e.getMessage().startsWith("polars is not importable by /nonexistent/python3 ("), e.getMessage());
    assertTrue(e.getMessage().contains("--python") && !e.getMessage().contains("\n"), e.getMessage());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Python> open = Python.open(List.of("partita", "dask", "polars"), "/nonexistent/python3", 2,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(List.of(), open);
    String lines = log.toString(StandardCharsets.UTF_8);
    assertEquals(2, lines.lines().count(), lines);
    assertTrue(lines.startsWith("dask skipped: dask is not importable"), lines);
  }
}
