package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  @Test
  void rewritesOnlyTheGeneratedBlockOfItsSection() throws Exception {
    Path file = dir.resolve("RESULTS.md");
    Files.writeString(file, "# Results\n\n## Scheduler\n\nkeep me\n\n## db-benchmark groupby\n\nold notes\n"
        + Report.BEGIN + "\nold table\n" + Report.END + "\n\n### Profile\n\nhot loop\n\n## CSV read\n\nkeep too\n");
    Report.write(file, "new table\n");
    assertEquals("# Results\n\n## Scheduler\n\nkeep me\n\n## db-benchmark groupby\n\nold notes\n"
        + Report.BEGIN + "\nnew table\n" + Report.END + "\n\n### Profile\n\nhot loop\n\n## CSV read\n\nkeep too\n",
        Files.readString(file));
  }

  @Test
  void appendsTheSectionWhenAbsent() throws Exception {
    Path file = dir.resolve("RESULTS.md");
    Files.writeString(file, "# Results\n\n## Scheduler\n\nkeep me\n");
    Report.write(file, "table\n");
    assertEquals("# Results\n\n## Scheduler\n\nkeep me\n\n" + Report.HEADING + "\n\n" + Report.BEGIN + "\ntable\n"
        + Report.END + "\n", Files.readString(file));
  }

  @Test
  void tablesShowNotAvailableWithAFootnoteAndTheGeometricMeanOfAnsweredRatios() {
    Options o = Options.parse("--rows", "1e5", "--format", "csv", "--runs", "1", "--no-write");
    Answer answer = new Answer(List.of("x"), List.of());
    List<Outcome> outcomes = List.of(
        new Outcome(Format.CSV, Question.Q1, Measurement.ok("Partita", List.of(2.0), answer),
            Measurement.ok("DuckDB", List.of(1.0), answer), null),
        new Outcome(Format.CSV, Question.Q3, Measurement.ok("Partita", List.of(1.0), answer),
            Measurement.ok("DuckDB", List.of(2.0), answer), null),
        new Outcome(Format.CSV, Question.Q6, Measurement.without("Partita", Measurement.Status.NA, "no median"),
            Measurement.ok("DuckDB", List.of(1.0), answer), null));
    String md = Report.markdown(o, outcomes, "v0", 1024, ZonedDateTime.now());
    assertTrue(md.contains("| q1 sum v1 by id1 | 2.000 | 1.000 | 2.00 | match |"), md);
    assertTrue(md.contains("| q6 median v3 sd v3 by id4 id5 | n/a [1] | 1.000 | n/a | — |"), md);
    assertTrue(md.contains("[1] q6, Partita: no median"), md);
    assertTrue(md.contains("(2 of 3 questions) | | | **1.00** |"), md);
  }
}
