package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dask on 100,000 rows of CSV, one run, a few questions (a plain aggregate, the shuffled median, q10's
 * answer through Parquet, a global count), its answers compared with DuckDB's. Skipped where no Python
 * imports dask, as on CI.
 */
class DaskSmokeTest {

  @TempDir Path dir;

  @Test
  void daskAnswersLikeDuckDb() throws Exception {
    Options o = Options.parse("--rows", "1e5", "--runs", "1", "--warmup", "0", "--format", "csv", "--threads", "2",
        "--only", "q1,q6,q10,count", "--engines", "duckdb,dask", "--data-dir", dir.toString(), "--no-write");
    List<Outcome> outcomes;
    try (Python dask = daskOrSkip(o)) {
      outcomes = Compare.run(o, List.of(dask), new PrintStream(OutputStream.nullOutputStream()));
    }

    assertEquals(4, outcomes.size());
    for (Outcome x : outcomes) {
      String where = x.question().id + ": ";
      assertTrue(x.duckdb().ok(), where + x.duckdb().reason());
      Measurement dask = x.peers().get("dask");
      assertTrue(dask.ok(), where + dask.reason());
      assertEquals(x.duckdb().rows(), dask.rows(), where + "rows");
      assertTrue(x.matched(), where + x.peerMismatches());
      assertTrue(Double.isNaN(x.peerRatio("dask")), where + "Partita did not run");
    }
  }

  private static Python daskOrSkip(Options o) throws Exception {
    try {
      return Python.open(Python.Kind.DASK, o.python(), o.threads());
    } catch (Python.Unavailable e) {
      return abort(e.getMessage());
    }
  }
}
