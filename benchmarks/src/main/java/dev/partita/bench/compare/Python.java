package dev.partita.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An optional Python engine, dask or Polars: a Python process per question runs one of this module's scripts
 * (resources, copied to a temporary directory), which prints its timings and writes its last answer to a
 * file; the answer is read back through DuckDB so that it compares with DuckDB's by the same rules as
 * Partita's.
 *
 * <pre>{@code
 * try (Python dask = Python.open(Python.Kind.DASK, null, 2)) {
 *   Measurement m = dask.groupby(Question.Q1, csv, 1, 3, answerDir);
 * }
 * }</pre>
 */
final class Python implements AutoCloseable {

  private static final String DEFAULT_PYTHON = "/usr/bin/python3";
  private static final String FALLBACK_PYTHON = "python3";
  private static final long PROBE_SECONDS = 60;
  private static final List<String> SCRIPTS = List.of("dask_groupby.py", "dask_join.py", "polars_join.py",
      "dask_tpch.py", "polars_tpch.py");

  /** The Python engines: their name, how to tell they are importable, and how to install them. */
  enum Kind {
    DASK(Options.DASK, "import dask, pandas; print(f'dask {dask.__version__}, pandas {pandas.__version__}')",
        "Debian's python3-dask and python3-pandas, or pip's dask[dataframe] and pyarrow"),
    POLARS(TpchOptions.POLARS, "import polars; print(f'polars {polars.__version__}')", "pip's polars");

    final String id;
    private final String probe;
    private final String install;

    Kind(String id, String probe, String install) {
      this.id = id;
      this.probe = probe;
      this.install = install;
    }
  }

  /** Why an engine cannot run here; from {@link #open}, one line that also says what to do. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  private final Kind kind;
  private final String python;
  private final String version;
  private final Path scripts;
  private final int threads;

  Python(Kind kind, String python, String version, Path scripts, int threads) {
    this.kind = kind;
    this.python = python;
    this.version = version;
    this.scripts = scripts;
    this.threads = threads;
  }

  /**
   * Checks that {@code python} (when null: {@code /usr/bin/python3} if it imports the engine, else
   * {@code python3}) imports the engine, and writes the scripts where they can run.
   */
  static Python open(Kind kind, String python, int threads) throws Unavailable, IOException, InterruptedException {
    List<String> candidates = python != null ? List.of(python) : List.of(DEFAULT_PYTHON, FALLBACK_PYTHON);
    String why = null;
    for (String candidate : candidates) {
      try {
        return new Python(kind, candidate, probe(candidate, kind.probe), scripts(), threads);
      } catch (Unavailable e) {
        why = e.getMessage();
      }
    }
    throw new Unavailable(kind.id + " is not importable by " + String.join(" nor ", candidates) + " (" + why
        + "): install " + kind.install + ", pass --python with a Python that imports it, or leave " + kind.id
        + " out of --engines");
  }

  /** The selected Python engines that can run here, in {@code engines}' order; each one that cannot is a line in {@code log}. */
  static List<Python> open(List<String> engines, String python, int threads, PrintStream log)
      throws IOException, InterruptedException {
    List<Python> open = new ArrayList<>();
    for (String e : engines) {
      for (Kind kind : Kind.values()) {
        if (kind.id.equals(e)) {
          try {
            open.add(open(kind, python, threads));
          } catch (Unavailable u) {
            log.println(kind.id + " skipped: " + u.getMessage());
          }
        }
      }
    }
    return open;
  }

  private static Path scripts() throws IOException {
    Path dir = Files.createTempDirectory("partita-python-");
    for (String name : SCRIPTS) {
      try (InputStream in = Python.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(name + " is not on the class path: rebuild the benchmarks module");
        }
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  String name() {
    return kind.id;
  }

  /** The engine's versions and the Python that runs it, for the report. */
  String describe() {
    return version + " (" + python + ")";
  }

  /** The command that runs {@code script} with {@code args}, then the timing and thread flags. */
  List<String> command(String script, List<String> args, int warmups, int runs) {
    List<String> command = new ArrayList<>(List.of(python, scripts.resolve(script).toString()));
    command.addAll(args);
    command.addAll(List.of("--warmup", Integer.toString(warmups), "--runs", Integer.toString(runs),
        "--threads", Integer.toString(threads)));
    return command;
  }

  /**
   * dask's groupby question {@code q} on {@code csv}, its answer read back into an {@link Answer}, or for a
   * {@link Question#written()} question into a Parquet file in {@code out}, the directory that also holds
   * the process's output. NA when this dask cannot answer the question.
   */
  Measurement groupby(Question q, Path csv, int warmups, int runs, Path out) throws InterruptedException {
    return measure(out, answer -> command("dask_groupby.py", List.of("--csv", abs(csv), "--question", q.id,
        "--answer", abs(answer)), warmups, runs), runs, "answer.csv", (st, answer, seconds) -> {
          String read = "SELECT * FROM read_csv(" + DuckDbEngine.literal(answer) + ", header = true)";
          if (q.written()) {
            long rows = st.executeUpdate("COPY (" + read + ") TO "
                + DuckDbEngine.literal(out.resolve("answer.parquet")) + " (FORMAT parquet)");
            return Measurement.written(kind.id, seconds, rows);
          }
          try (ResultSet rs = st.executeQuery(read)) {
            return Measurement.ok(kind.id, seconds, Answer.of(rs));
          }
        });
  }

  /** The join question {@code q} from {@code x} and its right-hand table, answered by its check as Partita's is. */
  Measurement join(Question q, Path x, int warmups, int runs, Path out) throws InterruptedException {
    return measure(out, answer -> command(kind.id + "_join.py", List.of("--x", abs(x),
        "--y", abs(JoinData.right(x, q.right)), "--question", q.id, "--answer", abs(answer)), warmups, runs),
        runs, "answer.csv", (st, answer, seconds) -> {
          try (ResultSet rs = st.executeQuery("SELECT * FROM read_csv(" + DuckDbEngine.literal(answer)
              + ", header = true)")) {
            return Measurement.ok(kind.id, seconds, Answer.of(rs));
          }
        });
  }

  /** TPC-H query {@code q} over one layout's files; its answer, written as Parquet, checked for its order too. */
  Measurement tpch(TpchQuery q, Path root, TpchData.Layout layout, int warmups, int runs)
      throws InterruptedException, IOException {
    Path out = Files.createTempDirectory("partita-" + kind.id + "-" + q.id());
    try {
      return measure(out, answer -> command(kind.id + "_tpch.py", List.of("--data", abs(root.resolve(layout.id)),
          "--format", layout == TpchData.Layout.CSV ? "csv" : "parquet", "--query", Integer.toString(q.number()),
          "--answer", abs(answer)), warmups, runs), runs, "answer.parquet", (st, answer, seconds) -> {
            try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + DuckDbEngine.literal(answer) + ")")) {
              Rows rows = Rows.of(rs);
              Optional<String> order = rows.outOfOrder(q.orderBy);
              return order.isPresent()
                  ? Measurement.without(kind.id, Measurement.Status.ERROR, "answer out of order: " + order.get())
                  : Measurement.ok(kind.id, seconds, rows.answer());
            }
          });
    } finally {
      AnswerFiles.delete(out);
    }
  }

  private interface Reader {
    Measurement read(Statement st, Path answer, List<Double> seconds) throws SQLException;
  }

  private interface Command {
    List<String> of(Path answer);
  }

  private Measurement measure(Path out, Command command, int runs, String answerName, Reader reader)
      throws InterruptedException {
    try {
      AnswerFiles.delete(out);
      Files.createDirectories(out);
      Path answer = out.resolve(answerName);
      Path stdout = out.resolve("stdout.txt");
      Path stderr = out.resolve("stderr.txt");
      int exit = execute(command.of(answer), stdout, stderr, Long.MAX_VALUE);
      List<Double> seconds = seconds(Files.readAllLines(stdout), exit, lastLine(stderr), runs);
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
        return reader.read(st, answer, seconds);
      }
    } catch (UnsupportedOperationException e) {
      return Measurement.without(kind.id, Measurement.Status.NA, e.getMessage());
    } catch (IllegalStateException e) {
      return Measurement.without(kind.id, Measurement.Status.ERROR, e.getMessage());
    } catch (IOException | SQLException e) {
      return Measurement.without(kind.id, Measurement.Status.ERROR, e.toString());
    }
  }

  /**
   * The timed runs' seconds from a script's output: one {@code seconds S} line per run. Throws
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
          throw new IllegalStateException("the script printed an unreadable timing: " + line, e);
        }
      }
    }
    if (exit != 0) {
      throw new IllegalStateException("the script exited with " + exit + ": " + stderrTail);
    }
    if (seconds.size() != runs) {
      throw new IllegalStateException(String.format(Locale.ROOT, "the script printed %d timings for %d runs",
          seconds.size(), runs));
    }
    return seconds;
  }

  /** The versions {@code python} prints when it runs {@code probe}; else throws why not. */
  private static String probe(String python, String probe) throws Unavailable, InterruptedException {
    try {
      Path out = Files.createTempFile("partita-python-probe", ".out");
      Path err = Files.createTempFile("partita-python-probe", ".err");
      try {
        int exit = execute(List.of(python, "-c", probe), out, err, PROBE_SECONDS);
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

  private static String abs(Path p) {
    return p.toAbsolutePath().toString();
  }

  @Override
  public void close() throws IOException {
    AnswerFiles.delete(scripts);
  }
}
