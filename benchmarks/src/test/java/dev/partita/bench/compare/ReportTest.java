package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  @Test
  void rewritesOnlyTheGeneratedBlockOfItsSection() throws Exception {
    Path file = dir.resolve("RESULTS.md");
    Files.writeString(file, "# Results\n\n## Scheduler\n\nkeep me\n\n## db-benchmark groupby\n\nold notes\n"
        + Report.BEGIN + "\nold table\n" + Report.END + "\n\n### Profile\n\nhot loop\n\n## CSV read\n\nkeep too\n");
    Report.write(file, Report.heading(Question.Task.GROUPBY), "new table\n");
    assertEquals("# Results\n\n## Scheduler\n\nkeep me\n\n## db-benchmark groupby\n\nold notes\n"
        + Report.BEGIN + "\nnew table\n" + Report.END + "\n\n### Profile\n\nhot loop\n\n## CSV read\n\nkeep too\n",
        Files.readString(file));
  }

  @Test
  void appendsTheSectionWhenAbsent() throws Exception {
    Path file = dir.resolve("RESULTS.md");
    Files.writeString(file, "# Results\n\n## Scheduler\n\nkeep me\n");
    Report.write(file, Report.heading(Question.Task.JOIN), "table\n");
    assertEquals("# Results\n\n## Scheduler\n\nkeep me\n\n## db-benchmark join\n\n" + Report.BEGIN + "\ntable\n"
        + Report.END + "\n", Files.readString(file));
  }

  private static final Answer ANSWER = new Answer(List.of("x"), List.of());

  private static Outcome outcome(Format f, Question q, Measurement partita, Measurement duckdb, String mismatch) {
    return new Outcome(f, q, partita, duckdb, mismatch, Map.of(), Map.of());
  }

  private static Outcome withDask(Format f, Question q, Measurement partita, Measurement duckdb, Measurement dask,
      String daskMismatch) {
    return new Outcome(f, q, partita, duckdb, null, Map.of("dask", dask),
        daskMismatch == null ? Map.of() : Map.of("dask", daskMismatch));
  }

  private static Measurement seconds(String engine, double s) {
    return Measurement.ok(engine, List.of(s), ANSWER);
  }

  @Test
  void tablesShowNotAvailableWithAFootnoteAndTheGeometricMeanOfAnsweredRatios() {
    Options o = Options.parse("--rows", "1e5", "--format", "csv", "--runs", "1", "--no-write");
    List<Outcome> outcomes = List.of(
        outcome(Format.CSV, Question.Q1, seconds("Partita", 2.0), seconds("DuckDB", 1.0), null),
        outcome(Format.CSV, Question.Q3, seconds("Partita", 1.0), seconds("DuckDB", 2.0), null),
        outcome(Format.CSV, Question.Q6, Measurement.without("Partita", Measurement.Status.NA, "no median"),
            seconds("DuckDB", 1.0), null));
    String md = Report.markdown(o, outcomes, "v0", Map.of(), 1024, ZonedDateTime.now());
    assertTrue(md.contains("| question | Partita s | DuckDB s | ratio | answers |\n|---|---:|---:|---:|---|\n"), md);
    assertTrue(md.contains("| q1 sum v1 by id1 | 2.000 | 1.000 | 2.00 | match |"), md);
    assertTrue(md.contains("| q6 median v3 sd v3 by id4 id5 | n/a [1] | 1.000 | n/a | — |"), md);
    assertTrue(md.contains("[1] q6, Partita: no median"), md);
    assertTrue(md.contains("(2 of 3 questions) | | | **1.00** | |\n"), md);
    assertFalse(md.contains("dask"), md);
  }

  @Test
  void whenDaskRanItsSecondsAndRatioToPartitaFollowTheDuckDbRatioAndItsMismatchFailsTheRun() {
    Options o = Options.parse("--rows", "1e5", "--format", "csv,parquet", "--runs", "1", "--no-write",
        "--engines", "partita,duckdb,dask");
    Measurement parquet = Measurement.without("dask", Measurement.Status.SKIPPED, "reads CSV only");
    List<Outcome> outcomes = List.of(
        withDask(Format.CSV, Question.Q1, seconds("Partita", 1.0), seconds("DuckDB", 1.0), seconds("dask", 4.0), null),
        withDask(Format.CSV, Question.Q6, seconds("Partita", 1.0), seconds("DuckDB", 2.0),
            Measurement.without("dask", Measurement.Status.NA, "no median"), null),
        withDask(Format.CSV, Question.Q7, seconds("Partita", 1.0), seconds("DuckDB", 1.0), seconds("dask", 1.0),
            "row 0"),
        withDask(Format.PARQUET, Question.Q1, seconds("Partita", 1.0), seconds("DuckDB", 1.0), parquet, null));
    String md = Report.markdown(o, outcomes, "v0", Map.of("dask", "dask 1, pandas 2 (python3)"), 1024,
        ZonedDateTime.now());
    assertTrue(md.contains("- dask 1, pandas 2 (python3), a Python process per question"), md);
    assertTrue(md.contains("| question | Partita s | DuckDB s | ratio | dask s | Partita/dask | answers |\n"
        + "|---|---:|---:|---:|---:|---:|---|\n"), md);
    assertTrue(md.contains("| q1 sum v1 by id1 | 1.000 | 1.000 | 1.00 | 4.000 | 0.25 | match |"), md);
    assertTrue(md.contains("| q6 median v3 sd v3 by id4 id5 | 1.000 | 2.000 | 0.50 | n/a [1] | n/a | match |"), md);
    assertTrue(md.contains("| q7 max v1 - min v2 by id3 | 1.000 | 1.000 | 1.00 | 1.000 | 1.00"
        + " | **dask MISMATCH** [2] |"), md);
    assertTrue(md.contains("(3 of 3 questions) | | | **0.79** | | **0.50** (2 of 3) | |\n"), md);
    assertTrue(md.contains("| q1 sum v1 by id1 | 1.000 | 1.000 | 1.00 | not run | n/a | match |"), md);
    assertTrue(md.contains("(1 of 1 questions) | | | **1.00** | | **n/a** (0 of 1) | |\n"), md);
    assertTrue(md.contains("[1] q6, dask: no median"), md);
    assertTrue(md.contains("[2] q7, dask's answer differs from DuckDB's: row 0"), md);
    assertEquals("dask's answer differs from DuckDB's: row 0", outcomes.get(2).failure());
    assertFalse(outcomes.get(1).failed());
  }
}
