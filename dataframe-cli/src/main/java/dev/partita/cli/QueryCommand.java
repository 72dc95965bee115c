package dev.partita.cli;

import dev.partita.DataFrame;
import dev.partita.Table;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code partita query}: filter, group and aggregate files, printing the result or writing it. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Filter, group and aggregate CSV or Parquet files.",
        "Example: partita query 'data/*.csv' --where 'v1 > 2' --groupby id1 --agg 'sum(v1), mean(v3)'"})
final class QueryCommand extends BaseCommand {
  static final int DEFAULT_ROWS = 20;

  @Mixin QueryOptions query;

  @Option(names = "--head", paramLabel = "N",
      description = "Only the first N rows (default without --agg: " + DEFAULT_ROWS + ").")
  Integer head;

  @Option(names = "--out", paramLabel = "PATH",
      description = "Write the result instead: a .parquet or .csv file, or a directory for a partitioned write.")
  String out;

  @Mixin WriteOptions write;

  @Override
  void run(Session session) throws Exception {
    DataFrame df = query.frame();
    if (out != null) {
      long rows = Outputs.write(df, Outputs.target(out, false), session.compute(), write.mode);
      session.endProgress();
      session.out.printf(Locale.ROOT, "wrote %,d rows to %s%n", rows, out);
      return;
    }
    Table table;
    if (head != null) {
      table = df.head(head, session.compute());
    } else if (query.aggregates()) {
      table = df.compute(session.compute());
    } else {
      table = df.head(DEFAULT_ROWS, session.compute());
    }
    try (table) {
      session.endProgress();
      session.out.print(table);
    }
  }
}
