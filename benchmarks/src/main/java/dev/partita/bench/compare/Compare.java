package dev.partita.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The db-benchmark groupby questions on Partita and on DuckDB (and, with {@code --engines
 * partita,duckdb,dask}, on dask from the CSV), end-to-end from the same CSV or Parquet file, side by
 * side: medians, ratios, answers compared with DuckDB's, a table in RESULTS.md.
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.partita.bench.compare.Compare --rows 1e7 --format csv,parquet --runs 3 --threads 2
 * }</pre>
 *
 * <p>Exits 1 when the engines' answers differ or an engine fails, 2 on bad arguments or when dask is
 * selected but cannot be imported.
 */
public final class Compare {

  private static final String CHILD_OUT = "--child-out";

  private Compare() {}

  /** Runs the comparison the arguments describe; see {@code --help}. */
  public static void main(String[] args) throws Exception {
    if (args.length > 1 && args[0].equals(CHILD_OUT)) {
      child(Path.of(args[1]), Options.parse(List.of(args).subList(2, args.length).toArray(String[]::new)));
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
    Dask dask;
    try {
      dask = o.engines().contains(Options.DASK) ? Dask.open(o.python(), o.threads()) : null;
    } catch (Dask.Unavailable e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<Outcome> outcomes;
    try (dask) {
      outcomes = run(o, dask, System.err);
    }
    String block = Report.markdown(o, outcomes, DuckDbEngine.version(), dask == null ? null : dask.describe(),
        Machine.peakRssKiB(), ZonedDateTime.now());
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
   * progress to {@code log}; returns one outcome per format and question, in order. dask runs when
   * {@code dask} is not null, on the CSV only.
   */
  static List<Outcome> run(Options o, Dask dask, PrintStream log) throws Exception {
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
          Path kOut = AnswerFiles.dir(o, Dask.NAME, q, format);
          Measurement p = inProcess ? measure(partita, "Partita", q, file, format, o, pOut)
              : isolated(o, Options.PARTITA, "Partita", q, format);
          Measurement d = inProcess ? measure(duckdb, "DuckDB", q, file, format, o, dOut)
              : isolated(o, Options.DUCKDB, "DuckDB", q, format);
          Measurement k = dask == null ? Measurement.without(Dask.NAME, Measurement.Status.SKIPPED, "not selected")
              : format != Format.CSV ? Measurement.without(Dask.NAME, Measurement.Status.SKIPPED, "reads CSV only")
              : dask.measure(q, file, o.warmups(), o.runs(), kOut);
          String mismatch = firstDifference(q, p, pOut, d, dOut, UnaryOperator.identity());
          String daskMismatch = firstDifference(q, k, kOut, d, dOut, Answer::nullsAsNaN);
          AnswerFiles.delete(pOut);
          AnswerFiles.delete(dOut);
          AnswerFiles.delete(kOut);
          Outcome x = new Outcome(format, q, p.withoutAnswer(), d.withoutAnswer(), mismatch, k.withoutAnswer(),
              daskMismatch);
          outcomes.add(x);
          log.printf(Locale.ROOT, "%-8s %-5s Partita %-10s DuckDB %-10s%s %s%n", format.extension, q.id,
              brief(p), brief(d), dask == null ? "" : String.format(Locale.ROOT, " dask %-10s", brief(k)),
              x.failure() != null ? x.failure() : x.matched() ? "match" : "");
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
      for (int i = 0; i < o.warmups() + o.runs(); i++) {
        if (q.written()) {
          AnswerFiles.delete(out);
          Files.createDirectories(out.getParent());
        }
        long start = System.nanoTime();
        if (q.written()) {
          rows = engine.write(q, file, format, out);
        } else {
          engine.run(q, file, format);
        }
        if (i >= o.warmups()) {
          seconds.add((System.nanoTime() - start) / 1e9);
        }
      }
      long peakRssKiB = Machine.peakRssKiB();
      Measurement m = q.written() ? Measurement.written(name, seconds, rows)
          : Measurement.ok(name, seconds, engine.answer(q, file, format));
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
  private static String describe(Throwable e) {
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
    Path out = Files.createTempFile("compare-" + q.id + "-" + engine, ".ser");
    try {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-opens=java.base/java.nio=ALL-UNNAMED"));
      if (o.xmx() != null) {
        command.add("-Xmx" + o.xmx());
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Compare.class.getName(),
          CHILD_OUT, out.toString()));
      command.addAll(o.childArgs(q, engine, format));
      Process child = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      int exit = child.waitFor();
      if (exit != 0 || Files.size(out) == 0) {
        return Measurement.without(name, Measurement.Status.ERROR, "child JVM exited with " + exit);
      }
      try (InputStream in = Files.newInputStream(out); ObjectInputStream objects = new ObjectInputStream(in)) {
        return (Measurement) objects.readObject();
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static void child(Path out, Options o) throws Exception {
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
    try (OutputStream os = Files.newOutputStream(out); ObjectOutputStream objects = new ObjectOutputStream(os)) {
      objects.writeObject(m);
    }
  }

  private static String brief(Measurement m) {
    return m.ok() ? String.format(Locale.ROOT, "%.3fs", m.median()) : m.status().name().toLowerCase(Locale.ROOT);
  }
}
