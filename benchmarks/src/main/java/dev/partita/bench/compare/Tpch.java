package dev.partita.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * TPC-H on Partita and DuckDB side by side (and Polars and dask where asked for and importable), from the
 * same generated files: every query's median time, the ratios, and every answer compared with DuckDB's
 * (the same rows, and each engine's rows in the query's ORDER BY order).
 *
 * <pre>{@code
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx2g -cp benchmarks/target/benchmarks.jar \
 *     dev.partita.bench.compare.Tpch --sf 1 --layout parquet,csv --runs 3 --threads 2
 * }</pre>
 *
 * <p>Exits 1 when an answer differs or an engine fails, 2 on bad arguments.
 */
public final class Tpch {

  private Tpch() {}

  /** Runs the comparison the arguments describe; see the usage text. */
  public static void main(String[] args) throws Exception {
    if (ChildJvm.isChild(args)) {
      ChildJvm.write(args, child(TpchOptions.parse(ChildJvm.childArgs(args))));
      return;
    }
    TpchOptions o;
    try {
      o = TpchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<Python> peers = Python.open(o.engines(), o.python(), o.threads(), System.err);
    List<TpchOutcome> outcomes;
    try {
      outcomes = run(o, peers, System.err);
    } finally {
      for (Python p : peers) {
        p.close();
      }
    }
    String block = markdown(o, outcomes, peers, DuckDbEngine.version(), Machine.peakRssKiB(), ZonedDateTime.now());
    System.out.print(block);
    if (o.results() != null) {
      Report.write(o.results(), "## TPC-H", block);
      System.err.println("wrote " + o.results().toAbsolutePath());
    }
    List<TpchOutcome> failed = outcomes.stream().filter(x -> x.failure() != null).toList();
    for (TpchOutcome x : failed) {
      System.err.printf(Locale.ROOT, "FAILED %s %s: %s%n", x.layout().id, x.query().id(), x.failure());
    }
    System.exit(failed.isEmpty() ? 0 : 1);
  }

  /**
   * Generates the data if needed and runs every query on every selected engine and layout, logging progress
   * to {@code log}; one outcome per layout and query, in order.
   */
  static List<TpchOutcome> run(TpchOptions o, List<Python> peers, PrintStream log) throws Exception {
    log.printf(Locale.ROOT, "TPC-H SF %s: preparing the data%n", TpchData.scale(o.sf()));
    Path root = TpchData.ensure(o.dataDir(), o.sf(), o.threads());
    List<TpchOutcome> outcomes = new ArrayList<>();
    for (TpchData.Layout layout : o.layouts()) {
      try (TpchEngine partita = !o.isolate() && o.engines().contains(Options.PARTITA)
              ? new TpchEngine.Partita(root, layout, o.threads(), o.memory()) : null;
          TpchEngine duckdb = !o.isolate() && o.engines().contains(Options.DUCKDB)
              ? new TpchEngine.DuckDb(root, layout, o.threads(), o.memory()) : null;
          TpchEngine sql = !o.isolate() && o.engines().contains(TpchOptions.SQL)
              ? new TpchEngine.PartitaSql(root, layout, o.threads(), o.memory()) : null) {
        for (TpchQuery q : o.queries()) {
          Map<String, Measurement> by = new LinkedHashMap<>();
          by.put("Partita", o.isolate() ? isolated(o, Options.PARTITA, "Partita", q, layout)
              : measure(partita, "Partita", q, o));
          by.put("DuckDB", o.isolate() ? isolated(o, Options.DUCKDB, "DuckDB", q, layout)
              : measure(duckdb, "DuckDB", q, o));
          if (o.engines().contains(TpchOptions.SQL)) {
            by.put("Partita SQL", o.isolate() ? isolated(o, TpchOptions.SQL, "Partita SQL", q, layout)
                : measure(sql, "Partita SQL", q, o));
          }
          for (Python p : peers) {
            by.put(p.name(), p.tpch(q, root, layout, o.warmups(), o.runs()));
          }
          TpchOutcome x = TpchOutcome.compare(layout, q, by);
          outcomes.add(x);
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %-4s", layout.id, q.id()));
          x.measurements().forEach((name, m) -> line.append(' ').append(name).append(' ').append(brief(m)));
          log.println(line.append(x.failure() != null ? " " + x.failure() : x.matched() ? " match" : ""));
        }
      }
    }
    return outcomes;
  }

  /**
   * {@code o.warmups()} untimed runs, then {@code o.runs()} timed ones, each from the files to the answer in
   * Java objects; the peak RSS so far; the last answer, checked for its ORDER BY order (a wrong order is an
   * error).
   */
  static Measurement measure(TpchEngine engine, String name, TpchQuery q, TpchOptions o) {
    if (engine == null) {
      return Measurement.without(name, Measurement.Status.SKIPPED, "not selected");
    }
    try {
      List<Double> seconds = new ArrayList<>();
      Rows rows = null;
      for (int i = 0; i < o.warmups() + o.runs(); i++) {
        long start = System.nanoTime();
        rows = engine.ask(q);
        if (i >= o.warmups()) {
          seconds.add((System.nanoTime() - start) / 1e9);
        }
      }
      long peak = Machine.peakRssKiB();
      Optional<String> order = rows.outOfOrder(q.orderBy);
      if (order.isPresent()) {
        return Measurement.without(name, Measurement.Status.ERROR, "answer out of order: " + order.get());
      }
      return Measurement.ok(name, seconds, rows.answer()).withPeakRss(peak);
    } catch (UnsupportedOperationException e) {
      return Measurement.without(name, Measurement.Status.NA, e.getMessage());
    } catch (Exception | OutOfMemoryError e) {
      return Measurement.without(name, Measurement.Status.ERROR, Compare.describe(e));
    }
  }

  private static Measurement isolated(TpchOptions o, String engine, String name, TpchQuery q,
      TpchData.Layout layout) throws IOException, InterruptedException {
    if (!o.engines().contains(engine)) {
      return Measurement.without(name, Measurement.Status.SKIPPED, "not selected");
    }
    return ChildJvm.measure(Tpch.class, o.childArgs(q, engine, layout), o.xmx(), name);
  }

  private static Measurement child(TpchOptions o) throws Exception {
    Path root = TpchData.root(o.dataDir(), o.sf());
    TpchData.Layout layout = o.layouts().get(0);
    try (TpchEngine engine = switch (o.engines().get(0)) {
      case Options.PARTITA -> new TpchEngine.Partita(root, layout, o.threads(), o.memory());
      case TpchOptions.SQL -> new TpchEngine.PartitaSql(root, layout, o.threads(), o.memory());
      default -> new TpchEngine.DuckDb(root, layout, o.threads(), o.memory());
    }) {
      return measure(engine, engine.name(), o.queries().get(0), o);
    }
  }

  private static String brief(Measurement m) {
    return m.ok() ? String.format(Locale.ROOT, "%.3fs", m.median()) : m.status().name().toLowerCase(Locale.ROOT);
  }

  /** The results as markdown: how they were measured, then a table per layout, then the notes. */
  static String markdown(TpchOptions o, List<TpchOutcome> outcomes, List<Python> peers, String duckdbVersion,
      long processPeakKiB, ZonedDateTime when) {
    StringBuilder md = new StringBuilder();
    md.append("Command (from the repository root, after `mvn -B -q -pl benchmarks -am package -DskipTests`):\n\n")
        .append("```\njava --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx2g -cp benchmarks/target/benchmarks.jar ")
        .append("dev.partita.bench.compare.").append(o.command()).append("\n```\n\n");
    md.append("- Date: ").append(when.withZoneSameInstant(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT))).append('\n');
    md.append("- Machine: ").append(Machine.describe()).append('\n');
    md.append("- DuckDB ").append(duckdbVersion).append(" over JDBC in the same JVM (the specification's SQL texts"
        + " over views of the files); every engine with ").append(o.threads()).append(" thread(s)");
    md.append(o.memory() != null ? ", Java engines' memory limit " + o.memory() : "").append('\n');
    for (Python p : peers) {
      md.append("- ").append(p.describe()).append(": a Python process per query, every run reading the files"
          + " afresh (Parquet with its own reader; CSV with its CSV reader), the query written as in the Polars"
          + " TPC-H suite / the dask benchmarks\n");
    }
    md.append(String.format(Locale.ROOT, "- Data: TPC-H scale factor %s generated by io.trino.tpch 1.2 (dbgen's"
        + " port): identifiers BIGINT, money DECIMAL(15,2), dates DATE; Parquet written by Partita's sink or by"
        + " DuckDB (122,880-row groups); CSV with a header%n", TpchData.scale(o.sf())));
    md.append("- Seconds are the median of ").append(o.runs()).append(" run(s) after ").append(o.warmups())
        .append(" warm-up(s), from the files to the answer held in the process; ratio = Partita / DuckDB, below 1"
            + " means Partita is faster. Every answer is compared with DuckDB's: the same rows (integers, strings"
            + " and decimals exactly, doubles to a relative 1e-9) and, where the query orders, each engine's rows"
            + " in that order.\n");
    md.append(o.isolate() ? "- Peak RSS: VmHWM of a fresh child JVM per query and engine"
        + (o.xmx() != null ? " (-Xmx" + o.xmx() + ")" : "") + ".\n"
        : String.format(Locale.ROOT, "- Peak RSS of the whole harness process: %.0f MiB (per query: `--isolate`).%n",
            processPeakKiB / 1024.0));
    List<String> notes = new ArrayList<>();
    for (TpchData.Layout layout : o.layouts()) {
      List<TpchOutcome> rows = outcomes.stream().filter(x -> x.layout() == layout).toList();
      if (!rows.isEmpty()) {
        table(md, layout, rows, o.isolate(), notes);
      }
    }
    for (int i = 0; i < notes.size(); i++) {
      md.append('\n').append('[').append(i + 1).append("] ").append(notes.get(i)).append('\n');
    }
    return md.toString();
  }

  private static void table(StringBuilder md, TpchData.Layout layout, List<TpchOutcome> rows, boolean isolate,
      List<String> notes) {
    List<String> peers = rows.get(0).measurements().keySet().stream().skip(2).toList();
    md.append("\n### ").append(layout.id).append("\n\n| query | Partita s | DuckDB s | ratio |");
    peers.forEach(p -> md.append(' ').append(p).append(" s | Partita/").append(p).append(" |"));
    md.append(" answers |").append(isolate ? " Partita peak RSS MiB | DuckDB peak RSS MiB |" : "").append('\n');
    md.append("|---|---:|---:|---:|").append("---:|---:|".repeat(peers.size())).append("---|")
        .append(isolate ? "---:|---:|" : "").append('\n');
    List<Double> ratios = new ArrayList<>();
    List<List<Double>> peerRatios = new ArrayList<>();
    peers.forEach(p -> peerRatios.add(new ArrayList<>()));
    for (TpchOutcome x : rows) {
      Measurement partita = x.measurements().get("Partita");
      Measurement duckdb = x.measurements().get("DuckDB");
      md.append("| ").append(x.query().id()).append(" | ").append(cell(partita, x, notes)).append(" | ")
          .append(cell(duckdb, x, notes)).append(" | ").append(ratio(partita, duckdb, ratios));
      for (int i = 0; i < peers.size(); i++) {
        Measurement m = x.measurements().get(peers.get(i));
        md.append(" | ").append(cell(m, x, notes)).append(" | ").append(ratio(partita, m, peerRatios.get(i)));
      }
      String verdict = x.mismatches().isEmpty() ? (x.matched() ? "match" : "—")
          : "**MISMATCH** " + note(notes, x.query().id() + ": " + String.join("; ", x.mismatches()));
      md.append(" | ").append(verdict).append(" |");
      if (isolate) {
        md.append(' ').append(Report.rss(partita)).append(" | ").append(Report.rss(duckdb)).append(" |");
      }
      md.append('\n');
    }
    md.append(String.format(Locale.ROOT, "| **geometric mean** (%d of %d) | | | **%s** |", ratios.size(), rows.size(),
        Report.geometricMean(ratios)));
    for (List<Double> r : peerRatios) {
      md.append(String.format(Locale.ROOT, " | **%s** (%d) |", Report.geometricMean(r), r.size()));
    }
    md.append(" |").append(isolate ? " | |" : "").append('\n');
  }

  private static String cell(Measurement m, TpchOutcome x, List<String> notes) {
    return switch (m.status()) {
      case OK -> String.format(Locale.ROOT, "%.3f", m.median());
      case SKIPPED -> "not run";
      case NA -> "n/a " + note(notes, x.query().id() + ", " + m.engine() + ": " + m.reason());
      case ERROR -> "error " + note(notes, x.query().id() + ", " + m.engine() + " failed: " + m.reason());
    };
  }

  /** {@code a}'s median over {@code b}'s, formatted, and kept in {@code ratios} for the geometric mean. */
  private static String ratio(Measurement a, Measurement b, List<Double> ratios) {
    if (!a.ok() || !b.ok()) {
      return "n/a";
    }
    ratios.add(a.median() / b.median());
    return Report.ratio(a.median() / b.median());
  }

  /** The footnote's mark; a text already noted (the same n/a on every layout) keeps its first number. */
  private static String note(List<String> notes, String text) {
    String clean = text.replace("|", "\\|").replace("\n", " ");
    if (!notes.contains(clean)) {
      notes.add(clean);
    }
    return "[" + (notes.indexOf(clean) + 1) + "]";
  }
}
