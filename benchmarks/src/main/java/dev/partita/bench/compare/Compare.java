package dev.partita.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The db-benchmark groupby or join questions on Partita and on DuckDB (and, with {@code --engines
 * partita,duckdb,dask,polars}, on dask and Polars where a Python imports them), end-to-end from the same CSV
 * or Parquet files, side by side: medians, ratios, answers compared with DuckDB's, a table in RESULTS.md.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.partita.bench.compare.Compare --rows 1e7 --format csv,parquet --runs 3 --threads 2
 * }</pre>
 *
 * <p>Exits 1 when the engines' answers differ or an engine fails, 2 on bad arguments. A Python engine that
 * cannot be imported is skipped with one line saying why.
 */
public final class Compare {

  private Compare() {}

  /** Runs the comparison the arguments describe; see {@code --help}. */
  public static void main(String[] args) throws Exception {
    if (ChildJvm.isChild(args)) {
      ChildJvm.write(args, child(Options.parse(ChildJvm.childArgs(args))));
      return;
    }
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.usage());
      System.exit(2);
      return;
    }
    List<Python> peers = Python.open(o.engines(), o.python(), o.threads(), System.err);
    List<Outcome> outcomes;
    try {
      outcomes = run(o, peers, System.err);
    } finally {
      for (Python p : peers) {
        p.close();
      }
    }
    Map<String, String> versions = new LinkedHashMap<>();
    peers.forEach(p -> versions.put(p.name(), p.describe()));
    String block = Report.markdown(o, outcomes, DuckDbEngine.version(), versions, Machine.peakRssKiB(),
        ZonedDateTime.now());
    System.out.print(block);
    if (o.results() != null) {
      Report.write(o.results(), Report.heading(o.task()), block);
      System.err.println("wrote " + o.results().toAbsolutePath());
    }
    List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
    for (Outcome x : failed) {
      System.err.printf(Locale.ROOT, "FAILED %s %s: %s%n", x.format().extension, x.question().id, x.failure());
    }
    System.exit(failed.isEmpty() ? 0 : 1);
  }

  /**
   * Generates the data if needed and asks every question of the engines on every format, logging
   * progress to {@code log}; returns one outcome per format and question, in order. The Python engines
   * {@code peers} run each question too: dask's groupby from the CSV only, the joins from either format.
   */
  static List<Outcome> run(Options o, List<Python> peers, PrintStream log) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    boolean inProcess = !o.isolate();
    try (Engine partita = inProcess && o.engines().contains(Options.PARTITA)
            ? new PartitaEngine(o.threads(), o.memory()) : null;
        Engine duckdb = inProcess && o.engines().contains(Options.DUCKDB)
            ? new DuckDbEngine(o.threads(), o.memory()) : null) {
      for (Format format : o.formats()) {
        log.printf(Locale.ROOT, "%s: preparing %,d rows%n", format.title, o.rows());
        Path file = DataFiles.ensure(o.dataDir(), o.task(), o.rows(), format);
        for (Question q : o.questions()) {
          Path pOut = AnswerFiles.dir(o, Options.PARTITA, q, format);
          Path dOut = AnswerFiles.dir(o, Options.DUCKDB, q, format);
          Measurement p = inProcess ? measure(partita, "Partita", q, file, format, o, pOut)
              : isolated(o, Options.PARTITA, "Partita", q, format);
          Measurement d = inProcess ? measure(duckdb, "DuckDB", q, file, format, o, dOut)
              : isolated(o, Options.DUCKDB, "DuckDB", q, format);
          String mismatch = firstDifference(q, p, pOut, d, dOut, UnaryOperator.identity());
          Map<String, Measurement> peerMeasurements = new LinkedHashMap<>();
          Map<String, String> peerMismatches = new LinkedHashMap<>();
          StringBuilder peerLog = new StringBuilder();
          for (Python peer : peers) {
            Path out = AnswerFiles.dir(o, peer.name(), q, format);
            Measurement k = q.task == Question.Task.JOIN ? peer.join(q, file, o.warmups(), o.runs(), out)
                : format != Format.CSV ? Measurement.without(peer.name(), Measurement.Status.SKIPPED, "reads CSV only")
                : peer.groupby(q, file, o.warmups(), o.runs(), out);
            // pandas has no null float: its NaN stands for SQL's NULL (a sample deviation of one value).
            String differs = firstDifference(q, k, out, d, dOut,
                peer.name().equals(Options.DASK) ? Answer::nullsAsNaN : UnaryOperator.identity());
            if (differs != null) {
              peerMismatches.put(peer.name(), differs);
            }
            AnswerFiles.delete(out);
            peerMeasurements.put(peer.name(), k.withoutAnswer());
            peerLog.append(String.format(Locale.ROOT, " %s %-10s", peer.name(), brief(k)));
          }
          AnswerFiles.delete(pOut);
          AnswerFiles.delete(dOut);
          Outcome x = new Outcome(format, q, p.withoutAnswer(), d.withoutAnswer(), mismatch, peerMeasurements,
              peerMismatches);
          outcomes.add(x);
          log.printf(Locale.ROOT, "%-8s %-5s Partita %-10s DuckDB %-10s%s %s%n", format.extension, q.id,
              brief(p), brief(d), peerLog, x.failure() != null ? x.failure() : x.matched() ? "match" : "");
        }
      }
    }
    return outcomes;
  }

  /**
   * {@code o.warmups()} untimed runs, {@code o.runs()} timed runs, the peak RSS so far, then one more run
   * converted into an answer for comparison (after reading the peak, so the conversion's Java objects are
   * not in it). A {@link Question#written()} question is instead written to {@code out} every time, and
   * the last run's files are the answer.
   */
  static Measurement measure(Engine engine, String name, Question q, Path file, Format format, Options o,
      Path out) {
    if (engine == null) {
      return Measurement.without(name, Measurement.Status.SKIPPED, "not selected");
    }
    try {
      long rows = 0;
      List<Double> seconds = new ArrayList<>(o.runs());
      // A join's timed run computes its check (rows, columns, sums) already: the last one is the answer,
      // instead of one more untimed run (which doubled the cost of the 10^8 runs).
      boolean joinCheck = q.task == Question.Task.JOIN;
      Answer last = null;
      for (int i = 0; i < o.warmups() + o.runs(); i++) {
        if (q.written()) {
          AnswerFiles.delete(out);
          Files.createDirectories(out.getParent());
        }
        long start = System.nanoTime();
        if (q.written()) {
          rows = engine.write(q, file, format, out);
        } else if (joinCheck) {
          last = engine.answer(q, file, format);
        } else {
          engine.run(q, file, format);
        }
        if (i >= o.warmups()) {
          seconds.add((System.nanoTime() - start) / 1e9);
        }
      }
      long peakRssKiB = Machine.peakRssKiB();
      Measurement m = q.written() ? Measurement.written(name, seconds, rows)
          : Measurement.ok(name, seconds, joinCheck ? last : engine.answer(q, file, format));
      return m.withPeakRss(peakRssKiB);
    } catch (UnsupportedOperationException e) {
      return Measurement.without(name, Measurement.Status.NA, "throws UnsupportedOperationException: "
          + e.getMessage());
    } catch (Exception | OutOfMemoryError e) {
      return Measurement.without(name, Measurement.Status.ERROR, describe(e));
    }
  }

  /**
   * The first row where the answer of {@code m} (or its files in {@code out}) differs from DuckDB's, as
   * {@code asEngine} puts DuckDB's in the engine's form, or null when they agree or either did not answer.
   */
  private static String firstDifference(Question q, Measurement m, Path out, Measurement duckdb, Path duckdbOut,
      UnaryOperator<Answer> asEngine) throws SQLException {
    if (!m.ok() || !duckdb.ok()) {
      return null;
    }
    return (q.written() ? AnswerFiles.firstDifference(q, m.engine(), out, duckdb.engine(), duckdbOut)
        : m.answer().firstDifference(asEngine.apply(duckdb.answer()))).orElse(null);
  }

  /** The exception and, when it wraps others, its root cause and where that was thrown. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    StackTraceElement[] at = root.getStackTrace();
    return root == e ? e.toString()
        : e + "; root cause " + root + (at.length > 0 ? " at " + at[0] : "");
  }

  private static Measurement isolated(Options o, String engine, String name, Question q, Format format)
      throws IOException, InterruptedException {
    if (!o.engines().contains(engine)) {
      return Measurement.without(name, Measurement.Status.SKIPPED, "not selected");
    }
    return ChildJvm.measure(Compare.class, o.childArgs(q, engine, format), o.xmx(), name);
  }

  private static Measurement child(Options o) throws Exception {
    Question q = o.questions().get(0);
    Format format = o.formats().get(0);
    Path file = DataFiles.path(o.dataDir(), o.task(), o.rows(), format);
    boolean partita = o.engines().get(0).equals(Options.PARTITA);
    Measurement m;
    try (Engine engine = partita ? new PartitaEngine(o.threads(), o.memory())
        : new DuckDbEngine(o.threads(), o.memory())) {
      Path answer = AnswerFiles.dir(o, o.engines().get(0), q, format);
      m = measure(engine, engine.name(), q, file, format, o, answer);
    }
    return m;
  }

  private static String brief(Measurement m) {
    return m.ok() ? String.format(Locale.ROOT, "%.3fs", m.median()) : m.status().name().toLowerCase(Locale.ROOT);
  }
}
