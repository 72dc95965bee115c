package dev.partita.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * dask, the optional third engine: a Python process per question runs {@code dask_groupby.py} (a resource
 * of this module, written to a temporary file) on the CSV and prints its timings; its answer, written as
 * CSV, is read back through DuckDB so that it compares with DuckDB's by the same rules as Partita's.
 *
 * <pre>{@code
 * try (Dask dask = Dask.open(null, 2)) {
 *   Measurement m = dask.measure(Question.Q1, csv, 1, 3, answerDir);
 * }
 * }</pre>
 */
final class Dask implements AutoCloseable {

  static final String NAME = "dask";
  private static final String SCRIPT = "dask_groupby.py";
  private static final String DEFAULT_PYTHON = "/usr/bin/python3";
  private static final String FALLBACK_PYTHON = "python3";
  private static final long PROBE_SECONDS = 60;
  private static final String PROBE =
      "import dask, pandas; print(f'dask {dask.__version__}, pandas {pandas.__version__}')";

  private final String python;
  private final String version;
  private final Path script;
  private final int threads;

  /** Why dask cannot run here; from {@link #open}, one line that also says what to do. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  Dask(String python, String version, Path script, int threads) {
    this.python = python;
    this.version = version;
    this.script = script;
    this.threads = threads;
  }

  /**
   * Checks that {@code python} (when null: {@code /usr/bin/python3} if it imports dask, else {@code python3})
   * imports dask and pandas, and writes the script where it can run.
   */
  static Dask open(String python, int threads) throws Unavailable, IOException, InterruptedException {
    List<String> candidates = python != null ? List.of(python) : List.of(DEFAULT_PYTHON, FALLBACK_PYTHON);
    String why = null;
    for (String candidate : candidates) {
      String version;
      try {
        version = probe(candidate);
      } catch (Unavailable e) {
        why = e.getMessage();
        continue;
      }
      return new Dask(candidate, version, script(), threads);
    }
    throw new Unavailable("dask is not importable by " + String.join(" nor ", candidates) + " (" + why
        + "): install Debian's python3-dask and python3-pandas, pass --python with a Python that imports dask,"
        + " or leave dask out of --engines");
  }

  /** The script, copied from the class path to a temporary file. */
  private static Path script() throws IOException {
    Path script = Files.createTempFile("partita-" + SCRIPT.replace(".py", "-"), ".py");
    try (InputStream in = Dask.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is not on the class path: rebuild the benchmarks module");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  /** The versions of dask and pandas and the Python that runs them, for the report. */
  String describe() {
    return version + " (" + python + ")";
  }

  /** The command that times {@code q} on {@code csv} and writes the last answer to {@code answer}. */
  List<String> command(Question q, Path csv, int warmups, int runs, Path answer) {
    return List.of(python, script.toString(), "--csv", csv.toAbsolutePath().toString(), "--question", q.id,
        "--warmup", Integer.toString(warmups), "--runs", Integer.toString(runs),
        "--threads", Integer.toString(threads), "--answer", answer.toAbsolutePath().toString());
  }

  /**
   * Times {@code q} on {@code csv} in a Python process and reads its answer back through DuckDB: into an
   * {@link Answer}, or for a {@link Question#written()} question into a Parquet file in {@code out}, the
   * directory that also holds the process's output. NA when this dask cannot answer the question.
   */
  Measurement measure(Question q, Path csv, int warmups, int runs, Path out) throws InterruptedException {
    try {
      AnswerFiles.delete(out);
      Files.createDirectories(out);
      Path answer = out.resolve("answer.csv");
      Path stdout = out.resolve("stdout.txt");
      Path stderr = out.resolve("stderr.txt");
      int exit = execute(command(q, csv, warmups, runs, answer), stdout, stderr, Long.MAX_VALUE);
      List<Double> seconds = seconds(Files.readAllLines(stdout), exit, lastLine(stderr), runs);
      String read = "SELECT * FROM read_csv(" + DuckDbEngine.literal(answer) + ", header = true)";
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
        if (q.written()) {
          long rows = st.executeUpdate("COPY (" + read + ") TO "
              + DuckDbEngine.literal(out.resolve("answer.parquet")) + " (FORMAT parquet)");
          return Measurement.written(NAME, seconds, rows);
        }
        try (ResultSet rs = st.executeQuery(read)) {
          return Measurement.ok(NAME, seconds, Answer.of(rs));
        }
      }
    } catch (UnsupportedOperationException e) {
      return Measurement.without(NAME, Measurement.Status.NA, e.getMessage());
    } catch (IllegalStateException e) {
      return Measurement.without(NAME, Measurement.Status.ERROR, e.getMessage());
    } catch (IOException | SQLException e) {
      return Measurement.without(NAME, Measurement.Status.ERROR, e.toString());
    }
  }

  /**
   * The timed runs' seconds from the script's output: one {@code seconds S} line per run. Throws
   * {@link UnsupportedOperationException} for an {@code n/a REASON} line and {@link IllegalStateException}
   * when the script failed or printed fewer timings than {@code runs}.
   */
  static List<Double> seconds(List<String> stdout, int exit, String stderrTail, int runs) {
    List<Double> seconds = new ArrayList<>(runs);
    for (String line : stdout) {
      if (line.startsWith("n/a ")) {
        throw new UnsupportedOperationException(line.substring("n/a ".length()));
      }
      if (line.startsWith("seconds ")) {
        try {
          seconds.add(Double.parseDouble(line.substring("seconds ".length()).trim()));
        } catch (NumberFormatException e) {
          throw new IllegalStateException(SCRIPT + " printed an unreadable timing: " + line, e);
        }
      }
    }
    if (exit != 0) {
      throw new IllegalStateException(SCRIPT + " exited with " + exit + ": " + stderrTail);
    }
    if (seconds.size() != runs) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s printed %d timings for %d runs",
          SCRIPT, seconds.size(), runs));
    }
    return seconds;
  }

  /** The versions {@code python} prints when it imports dask and pandas; else throws why not. */
  private static String probe(String python) throws Unavailable, InterruptedException {
    try {
      Path out = Files.createTempFile("partita-dask-probe", ".out");
      Path err = Files.createTempFile("partita-dask-probe", ".err");
      try {
        int exit = execute(List.of(python, "-c", PROBE), out, err, PROBE_SECONDS);
        if (exit != 0) {
          throw new Unavailable(lastLine(err));
        }
        return Files.readString(out).trim();
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  /**
   * Runs {@code command} with its output in {@code out} and its errors in {@code err}; its exit code. A
   * process still running after {@code timeoutSeconds} is killed and throws {@link IOException}.
   */
  private static int execute(List<String> command, Path out, Path err, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
      }
      return p.exitValue();
    } finally {
      p.destroyForcibly();
    }
  }

  /** The last line of {@code file} that is not blank (a Python traceback's exception), or "no message". */
  private static String lastLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return lines.get(i).trim();
      }
    }
    return "no message";
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(script);
  }
}
