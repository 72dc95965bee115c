package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dask runner's command line, how it reads the script's output, and a Python that cannot import dask. */
class DaskTest {

  @Test
  void theCommandPassesTheQuestionRunsThreadsAndAbsolutePaths() {
    Dask dask = new Dask("/opt/python3", "dask 1, pandas 2", Path.of("/tmp/dask_groupby.py"), 3);
    String csv = Path.of("data/g.csv").toAbsolutePath().toString();
    assertEquals(List.of("/opt/python3", "/tmp/dask_groupby.py", "--csv", csv, "--question", "q10",
        "--warmup", "1", "--runs", "2", "--threads", "3", "--answer", "/tmp/a/answer.csv"),
        dask.command(Question.Q10, Path.of("data/g.csv"), 1, 2, Path.of("/tmp/a/answer.csv")));
    assertEquals("dask 1, pandas 2 (/opt/python3)", dask.describe());
  }

  @Test
  void readsOneTimingPerRunAndTellsNotAvailableFromFailure() {
    assertEquals(List.of(1.5, 0.25), Dask.seconds(List.of("seconds 1.5", "seconds 0.25", "rows 100"), 0, "", 2));
    UnsupportedOperationException na = assertThrows(UnsupportedOperationException.class,
        () -> Dask.seconds(List.of("n/a dask 1 raises NotImplementedError: median"), 0, "", 2));
    assertEquals("dask 1 raises NotImplementedError: median", na.getMessage());
    IllegalStateException failed = assertThrows(IllegalStateException.class,
        () -> Dask.seconds(List.of("seconds 1.5"), 1, "MemoryError", 2));
    assertTrue(failed.getMessage().contains("exited with 1: MemoryError"), failed.getMessage());
    IllegalStateException tooFew = assertThrows(IllegalStateException.class,
        () -> Dask.seconds(List.of("seconds 1.5"), 0, "", 2));
    assertTrue(tooFew.getMessage().contains("1 timings for 2 runs"), tooFew.getMessage());
    assertThrows(IllegalStateException.class, () -> Dask.seconds(List.of("seconds soon"), 0, "", 1));
  }

  @Test
  void aPythonThatCannotRunSaysWhatToDo() {
    Dask.Unavailable e = assertThrows(Dask.Unavailable.class, () -> Dask.open("/nonexistent/python3", 2));
    assertTrue(e.getMessage().startsWith("dask is not importable by /nonexistent/python3 ("), e.getMessage());
    assertTrue(e.getMessage().contains("--python") && !e.getMessage().contains("\n"), e.getMessage());
  }
}
