package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void everyQuestionIsAnsweredByBothEnginesAndTheAnswersAgree() throws Exception {
    Options o = Options.parse("--rows", "1e5", "--runs", "1", "--format", "csv,parquet", "--threads", "2",
        "--data-dir", dir.toString(), "--no-write");
    List<Outcome> outcomes = Compare.run(o, List.of(), new PrintStream(OutputStream.nullOutputStream()));

    assertEquals(2 * Question.of(Question.Task.GROUPBY).size(), outcomes.size());
    for (Outcome x : outcomes) {
      String where = x.format() + " " + x.question().id + ": ";
      assertTrue(x.duckdb().ok(), where + x.duckdb().reason());
      assertTrue(x.duckdb().rows() > 0, where + "DuckDB returned no rows");
      assertTrue(x.matched(), where + (x.mismatch() != null ? x.mismatch() : x.partita().reason()));
      assertTrue(Double.isFinite(x.ratio()) && x.ratio() > 0, where + x.ratio());
    }
  }
}
