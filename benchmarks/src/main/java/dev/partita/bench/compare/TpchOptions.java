package dev.partita.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The settings of one TPC-H run, parsed from the command line.
 *
 * <pre>{@code
 * TpchOptions o = TpchOptions.parse("--sf", "0.01", "--layout", "parquet", "--runs", "1");
 * List<TpchOutcome> outcomes = Tpch.run(o, List.of(), System.err);
 * }</pre>
 *
 * @param sf the scale factor
 * @param layouts the data layouts to answer from, in order
 * @param warmups the untimed runs per query and engine before the timed ones
 * @param runs the timed runs per query and engine
 * @param threads the worker threads of every engine
 * @param queries the queries to run, in order
 * @param engines the engines to run: {@code partita}, {@code duckdb}, {@code sql} (Partita's SQL front end on the
 *     queries' SQL texts), {@code polars}, {@code dask}
 * @param dataDir where the generated data is kept
 * @param results a markdown file whose TPC-H section is rewritten, or null
 * @param isolate whether each query runs in a fresh child JVM per engine (per-query peak RSS)
 * @param xmx the child JVMs' {@code -Xmx}, or null for the JVM default
 * @param memory the Java engines' memory limit (e.g. {@code 512m}), or null for their defaults
 * @param python the Python that runs Polars and dask, or null for {@code python3}
 * @param command the command line, as recorded in the results
 */
record TpchOptions(double sf, List<TpchData.Layout> layouts, int warmups, int runs, int threads,
    List<TpchQuery> queries, List<String> engines, Path dataDir, Path results, boolean isolate, String xmx,
    String memory, String python, String command) {

  static final String POLARS = "polars";
  static final String SQL = "sql";
  static final List<String> KNOWN_ENGINES = List.of(Options.PARTITA, Options.DUCKDB, SQL, POLARS, Options.DASK);

  static final String USAGE = """
      Usage: Tpch [--sf 1] [--layout parquet,parquet-duckdb,csv] [--warmup 1] [--runs 3] [--threads 2]
                  [--only 1,3,...] [--engines partita,duckdb[,sql][,polars][,dask]] [--data-dir benchmarks/target/data]
                  [--results FILE] [--isolate] [--xmx 1g] [--memory 512m] [--python /work/venv/bin/python3]
      --xmx implies --isolate (it sizes the child JVMs). Polars and dask run where --python imports them.""";

  /** Parses command-line arguments; unknown flags and malformed values throw {@link IllegalArgumentException}. */
  static TpchOptions parse(String... args) {
    double sf = 1;
    List<TpchData.Layout> layouts = List.of(TpchData.Layout.PARQUET, TpchData.Layout.PARQUET_DUCKDB,
        TpchData.Layout.CSV);
    int warmups = 1;
    int runs = 3;
    int threads = 2;
    List<TpchQuery> queries = TpchQuery.all();
    List<String> engines = List.of(Options.PARTITA, Options.DUCKDB);
    Path dataDir = Path.of("benchmarks", "target", "data");
    Path results = null;
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
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--sf" -> sf = Double.parseDouble(value);
        case "--layout" -> layouts = split(value).stream().map(TpchData.Layout::parse).toList();
        case "--warmup" -> warmups = Integer.parseInt(value);
        case "--runs" -> runs = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--only" -> queries = split(value).stream().map(TpchQuery::parse).toList();
        case "--engines" -> engines = split(value).stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        case "--data-dir" -> dataDir = Path.of(value);
        case "--results" -> results = Path.of(value);
        case "--xmx" -> {
          xmx = value;
          isolate = true;
        }
        case "--memory" -> memory = value;
        case "--python" -> python = value;
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    for (String e : engines) {
      if (!KNOWN_ENGINES.contains(e)) {
        throw new IllegalArgumentException("unknown engine " + e + "; known: " + String.join(", ", KNOWN_ENGINES));
      }
    }
    if (!(sf > 0) || runs < 1 || threads < 1 || warmups < 0) {
      throw new IllegalArgumentException("the scale factor, runs and threads must be positive, warm-ups not"
          + " negative\n" + USAGE);
    }
    return new TpchOptions(sf, layouts, warmups, runs, threads, queries, engines, dataDir, results, isolate, xmx,
        memory, python, "Tpch " + String.join(" ", args));
  }

  /** The arguments that make a child JVM run one query on one engine and layout with these settings. */
  List<String> childArgs(TpchQuery q, String engine, TpchData.Layout layout) {
    List<String> args = new ArrayList<>(List.of("--sf", TpchData.scale(sf), "--layout", layout.id,
        "--warmup", Integer.toString(warmups), "--runs", Integer.toString(runs),
        "--threads", Integer.toString(threads), "--only", q.id(), "--engines", engine,
        "--data-dir", dataDir.toString()));
    if (memory != null) {
      args.addAll(List.of("--memory", memory));
    }
    return args;
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }
}
