package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.Functions;
import dev.partita.GroupedData;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole harness on 100,000 rows, one run, both formats, both engines, answers compared. */
class CompareSmokeTest {

  @TempDir Path dir;

  @Test
  void everyAnswerableQuestionMatchesDuckDbAndOnlyMissingApisAreNotAvailable() throws Exception {
    Options o = Options.parse("--rows", "1e5", "--runs", "1", "--format", "csv,parquet", "--threads", "2",
        "--data-dir", dir.toString(), "--no-write");
    List<Outcome> outcomes = Compare.run(o, new PrintStream(OutputStream.nullOutputStream()));

    assertEquals(2 * Question.values().length, outcomes.size());
    for (Outcome x : outcomes) {
      String where = x.format() + " " + x.question().id + ": ";
      assertTrue(x.duckdb().ok(), where + x.duckdb().reason());
      assertTrue(x.duckdb().answer().rowCount() > 0, where + "DuckDB returned no rows");
      if (apiMissing(x.question())) {
        assertEquals(Measurement.Status.NA, x.partita().status(), where + x.partita().reason());
      } else {
        assertTrue(x.matched(), where + (x.mismatch() != null ? x.mismatch() : x.partita().reason()));
        assertTrue(Double.isFinite(x.ratio()) && x.ratio() > 0, where + x.ratio());
      }
    }
  }

  private static boolean apiMissing(Question q) {
    return switch (q) {
      case Q6 -> !has(Functions.class, "median", String.class);
      case Q8 -> !has(GroupedData.class, "topN", int.class, String.class);
      case Q9 -> !has(Functions.class, "corr", String.class, String.class);
      default -> false;
    };
  }

  private static boolean has(Class<?> type, String name, Class<?>... parameters) {
    try {
      type.getMethod(name, parameters);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
