package dev.partita.cli;

import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.datasets.GroupByData;
import dev.partita.exec.Memory;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.fs.Storage;
import dev.partita.io.sink.WriteMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code partita demo}: generates db-benchmark's groupby data once (CSV, and Parquet written by Partita),
 * then runs representative queries on it with a heap smaller than the data.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generate db-benchmark groupby data (once) and run a few queries on it, out of core.",
        "The data goes to ./partita-demo/ (10M rows: about 0.5 GB of CSV)."})
final class DemoCommand extends BaseCommand {
  static final int GROUPS = 100;
  static final long SEED = 20_240_601L;

  @Option(names = "--rows", paramLabel = "N", description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows = 10_000_000L;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the data goes (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("partita-demo");

  @Override
  void run(Session session) throws Exception {
    PrintStream out = session.out;
    String name = GroupByData.name(rows, GROUPS);
    Path csv = dir.resolve(name + ".csv");
    Path parquet = dir.resolve(name + ".parquet");
    if (!Files.isRegularFile(csv)) {
      out.printf(Locale.ROOT, "Generating %s: %,d rows of db-benchmark groupby data (once)...%n", csv, rows);
      long t0 = System.nanoTime();
      GroupByData.writeCsv(csv, rows, GROUPS, SEED);
      out.printf(Locale.ROOT, "  done in %s%n", HtmlReport.millis(System.nanoTime() - t0));
    }
    if (!Files.isRegularFile(parquet.resolve("_SUCCESS"))) {
      out.printf(Locale.ROOT, "Converting it to Parquet with Partita: %s/ (once)...%n", parquet);
      long t0 = System.nanoTime();
      toParquet(session, csv, parquet);
      out.printf(Locale.ROOT, "  done in %s%n", HtmlReport.millis(System.nanoTime() - t0));
    }
    long csvBytes = Files.size(csv);
    long parquetBytes = size(parquet);
    long heap = Runtime.getRuntime().maxMemory();
    out.printf(Locale.ROOT, "%nData: %,d rows; %s of CSV, %s of Parquet. JVM heap limit: %s%s%n%n", rows,
        Sizes.format(csvBytes), Sizes.format(parquetBytes), Sizes.format(heap),
        heap < csvBytes ? " (smaller than the data: it is streamed, never loaded whole)" : "");

    String c = relative(csv);
    String p = relative(parquet);
    Path result = dir.resolve("sum_v1_by_id3.parquet");
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("Mean of v3 over the CSV", List.of(c), null, "mean(v3)", null));
    steps.add(new Step("Sum of v1 by id1 (100 groups), from Parquet", List.of(p), "id1", "sum(v1)", null));
    steps.add(new Step("Sum of v1 and mean of v3 by id1, id2 (10,000 groups), filtered", List.of(p), "id1,id2",
        "sum(v1), mean(v3)", "v2 > 5"));
    steps.add(new Step("Sum of v1 and mean of v3 by id3 (" + String.format(Locale.ROOT, "%,d", rows / GROUPS)
        + " groups), written to Parquet", List.of(p), "id3", "sum(v1), mean(v3)", null));
    long total = System.nanoTime();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      boolean write = i == steps.size() - 1;
      out.printf(Locale.ROOT, "[%d/%d] %s%n  $ %s%n", i + 1, steps.size(), s.title(),
          s.command(write ? relative(result) : null));
      long t0 = System.nanoTime();
      if (write) {
        long n = Outputs.write(s.options().frame(), Outputs.target(result.toString(), false), session.compute(),
            WriteMode.OVERWRITE);
        long elapsed = System.nanoTime() - t0;
        session.endProgress();
        out.printf(Locale.ROOT, "wrote %,d rows to %s; its first rows:%n", n, result);
        try (Table t = DataFrame.readParquet(result.toString()).head(5, session.compute())) {
          session.endProgress();
          out.print(t);
        }
        out.printf(Locale.ROOT, "  time: %s%n%n", HtmlReport.millis(elapsed));
      } else {
        try (Table t = s.options().frame().compute(session.compute())) {
          long elapsed = System.nanoTime() - t0;
          session.endProgress();
          out.print(t);
          out.printf(Locale.ROOT, "  time: %s%n%n", HtmlReport.millis(elapsed));
        }
      }
    }
    out.printf(Locale.ROOT, "%d queries in %s; JVM heap limit %s, peak Arrow (off-heap) memory %s.%n",
        steps.size(), HtmlReport.millis(System.nanoTime() - total), Sizes.format(heap),
        Sizes.format(Memory.root().getPeakMemoryAllocation()));
    out.printf(Locale.ROOT, "Try: ./partita query %s --groupby id4 --agg 'max(v1), min(v2)' --report run.html%n", p);
  }

  /** One demo query, in the words of {@code partita query}. */
  record Step(String title, List<String> inputs, String groupBy, String agg, String where) {
    QueryOptions options() {
      QueryOptions q = new QueryOptions();
      q.inputs = inputs;
      q.agg = agg;
      q.where = where;
      if (groupBy != null) {
        q.groupBy = List.of(groupBy.split(","));
      }
      return q;
    }

    String command(String out) {
      StringBuilder sb = new StringBuilder("partita query ").append(String.join(" ", inputs));
      if (where != null) {
        sb.append(" --where '").append(where).append('\'');
      }
      if (groupBy != null) {
        sb.append(" --groupby ").append(groupBy);
      }
      sb.append(" --agg '").append(agg).append('\'');
      if (out != null) {
        sb.append(" --out ").append(out);
      }
      return sb.toString();
    }
  }

  /** Writes the Parquet copy next to its final name, then renames it, so an interrupted run redoes it. */
  private static void toParquet(Session session, Path csv, Path parquet) throws IOException {
    Path tmp = parquet.resolveSibling("." + parquet.getFileName() + ".partial");
    Storage.deleteRecursively(tmp.toString());
    Storage.deleteRecursively(parquet.toString());
    DataFrame.readCsv(csv.toString(), CsvOptions.defaults())
        .write().options(session.compute()).parquet(tmp.toString());
    session.endProgress();
    Files.move(tmp, parquet, StandardCopyOption.ATOMIC_MOVE);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static String relative(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }
}
