package dev.partita.cli;

import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.sql.Partita;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code partita sql}: runs a SQL query over files, printing the result or writing it. */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a SQL query over CSV or Parquet files (tables by --table, or quoted paths in FROM);",
        "without a query, an interactive shell.",
        "Example: partita sql \"SELECT id1, sum(v1) AS s FROM 'data/*.csv' GROUP BY 1 ORDER BY s DESC LIMIT 5\""})
final class SqlCommand extends BaseCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
      description = "The SELECT query; without one, an interactive shell (queries end with ;).")
  String query;

  @Option(names = "--table", paramLabel = "NAME=PATH",
      description = "A table for FROM: a file, directory or glob of CSV or Parquet files (repeatable).")
  Map<String, String> tables = new LinkedHashMap<>();

  @Option(names = "--head", paramLabel = "N", description = "Only the first N rows (default: all).")
  Integer head;

  @Mixin OutputOptions output;

  @Override
  void run(Session session) throws Exception {
    Map<String, DataFrame> frames = new LinkedHashMap<>();
    tables.forEach((name, path) -> frames.put(name, Inputs.open(List.of(path), List.of())));
    if (query == null) {
      main.quiet = true; // a progress bar would write over the prompt
      try (Session shell = main.session(); Terminal terminal = TerminalBuilder.builder().system(true).build()) {
        new SqlShell(terminal, frames, shell.compute(),
            Path.of(System.getProperty("user.home"), ".partita_history")).run();
      }
      return;
    }
    DataFrame df = Partita.sql(query, frames);
    if (output.write(df, session)) {
      return;
    }
    try (Table table = head != null ? df.head(head, session.compute()) : df.compute(session.compute())) {
      session.endProgress();
      session.out.print(table);
    }
  }
}
