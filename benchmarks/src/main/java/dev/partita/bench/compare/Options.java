package dev.partita.bench.compare;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The settings of one comparison run, parsed from the command line.
 *
 * <pre>{@code
 * Options o = Options.parse("--rows", "1e5", "--format", "csv,parquet", "--runs", "1", "--no-write");
 * List<Outcome> outcomes = Compare.run(o, null, System.err);
 * }</pre>
 *
 * @param task the db-benchmark task: groupby (G1 data) or join (J1 data)
 * @param rows N, the number of generated rows
 * @param formats the file formats to answer from, in order
 * @param warmups the untimed runs per question and engine before the timed ones
 * @param runs the timed runs per question and engine
 * @param threads the worker threads of both engines
 * @param questions the questions to ask, in order
 * @param engines the engines to run ({@code partita}, {@code duckdb}, {@code dask}, and for joins {@code polars})
 * @param dataDir where generated data files are cached
 * @param results the markdown file whose section of the task is rewritten, or null to write nothing
 * @param isolate whether every question runs in a fresh child JVM per engine (per-question peak RSS)
 * @param xmx the child JVMs' {@code -Xmx}, or null for the JVM default
 * @param memory the engines' memory limit (e.g. {@code 512m}), or null for their defaults
 * @param python the Python that runs dask and Polars, or null for {@code /usr/bin/python3} when it imports
 *     them, else {@code python3}
 * @param command the command line, as recorded in the results
 */
record Options(
    Question.Task task,
    long rows,
    List<Format> formats,
    int warmups,
    int runs,
    int threads,
    List<Question> questions,
    List<String> engines,
    Path dataDir,
    Path results,
    boolean isolate,
    String xmx,
    String memory,
    String python,
    String command) {

  static final int K = 100;
  static final long SEED = 42;
  static final String PARTITA = "partita";
  static final String DUCKDB = "duckdb";
  static final String DASK = "dask";

  static final String USAGE = """
      Usage: Compare [--task groupby|join] [--rows 1e7] [--format csv,parquet] [--warmup 1] [--runs 3] [--threads 2]
                     [--only q1,q3,...] [--engines partita,duckdb[,dask][,polars]] [--data-dir benchmarks/target/data]
                     [--results benchmarks/RESULTS.md | --no-write] [--isolate] [--xmx 1g] [--memory 512m]
                     [--python /usr/bin/python3]
      Questions: groupby %s; join %s. --xmx implies --isolate (it sizes the child JVMs).
      dask and Polars run in the Python of --python (default: /usr/bin/python3 if it imports them, else
      python3), and are skipped with one line where it does not; dask's groupby reads the CSV only, and Polars
      runs the join task only.""";

  /** Parses command-line arguments; unknown flags and malformed values throw {@link IllegalArgumentException}. */
  static Options parse(String... args) {
    Question.Task task = Question.Task.GROUPBY;
    long rows = 10_000_000;
    List<Format> formats = List.of(Format.CSV, Format.PARQUET);
    int warmups = 1;
    int runs = 3;
    int threads = 2;
    List<String> only = null;
    List<String> engines = List.of(PARTITA, DUCKDB);
    Path dataDir = Path.of("benchmarks", "target", "data");
    Path results = Path.of("benchmarks", "RESULTS.md");
    boolean isolate = false;
    String xmx = null;
    String memory = null;
    String python = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--isolate")) {
        isolate = true;
        continue;
      }
      if (flag.equals("--no-write")) {
        results = null;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + usage());
      }
      String value = args[++i];
      switch (flag) {
        case "--task" -> task = parseTask(value);
        case "--rows" -> rows = parseCount(value);
        case "--format" -> formats = split(value).stream().map(Format::parse).toList();
        case "--warmup" -> warmups = Integer.parseInt(value);
        case "--runs" -> runs = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--only" -> only = split(value);
        case "--engines" -> engines = split(value).stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        case "--data-dir" -> dataDir = Path.of(value);
        case "--results" -> results = Path.of(value);
        case "--xmx" -> {
          xmx = value;
          isolate = true;
        }
        case "--memory" -> memory = value;
        case "--python" -> python = value;
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
      }
    }
    for (String e : engines) {
      if (!TpchOptions.KNOWN_ENGINES.contains(e)) {
        throw new IllegalArgumentException("unknown engine " + e + "; known: " + String.join(", ",
            TpchOptions.KNOWN_ENGINES));
      }
    }
    if (task == Question.Task.GROUPBY && engines.contains(TpchOptions.POLARS)) {
      throw new IllegalArgumentException("polars runs the join task and TPC-H only here; leave it out of --engines");
    }
    Question.Task t = task;
    List<Question> questions = only == null ? Question.of(task)
        : only.stream().map(id -> Question.byId(t, id)).toList();
    if (task == Question.Task.JOIN && rows < 1_000) {
      throw new IllegalArgumentException("the join task needs at least 1,000 rows\n" + usage());
    }
    if (rows < 1 || runs < 1 || threads < 1 || warmups < 0) {
      throw new IllegalArgumentException("rows, runs and threads must be positive, warm-ups not negative\n"
          + usage());
    }
    return new Options(task, rows, formats, warmups, runs, threads, questions, engines, dataDir, results, isolate, xmx,
        memory, python, "Compare " + String.join(" ", args));
  }

  static String usage() {
    return String.format(Locale.ROOT, USAGE, String.join(", ", Question.ids(Question.Task.GROUPBY)),
        String.join(", ", Question.ids(Question.Task.JOIN)));
  }

  private static Question.Task parseTask(String s) {
    try {
      return Question.Task.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown task " + s + "; known: groupby, join", e);
    }
  }

  /** Parses {@code 1e7}, {@code 10000000} or {@code 10_000_000}. */
  static long parseCount(String s) {
    try {
      return new BigDecimal(s.replace("_", "").trim()).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number of rows: " + s, e);
    }
  }

  /** The memory limit in bytes ({@code 512m}, {@code 2g}, {@code 1000k} or plain bytes). */
  static long bytes(String size) {
    String s = size.trim().toLowerCase(Locale.ROOT);
    char unit = s.charAt(s.length() - 1);
    long scale = switch (unit) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    return Long.parseLong(scale == 1 ? s : s.substring(0, s.length() - 1)) * scale;
  }

  /** The arguments that make a child JVM run one question on one engine and format with these settings. */
  List<String> childArgs(Question q, String engine, Format format) {
    List<String> args = new ArrayList<>(List.of(
        "--task", task.id(), "--rows", Long.toString(rows), "--format", format.extension, "--warmup", Integer.toString(warmups),
        "--runs", Integer.toString(runs),
        "--threads", Integer.toString(threads), "--only", q.id, "--engines", engine,
        "--data-dir", dataDir.toString(), "--no-write"));
    if (memory != null) {
      args.addAll(List.of("--memory", memory));
    }
    return args;
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }
}
