package dev.partita.cli;

import dev.partita.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code partita head}: the first rows of files, reading only as many partitions as needed. */
@Command(name = "head", mixinStandardHelpOptions = true, description = "Print the first rows.")
final class HeadCommand extends BaseCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE_OR_GLOB") List<String> inputs;

  @Option(names = {"-n", "--rows"}, paramLabel = "N", description = "How many rows (default: ${DEFAULT-VALUE}).")
  int rows = 10;

  @Option(names = "--dtype", paramLabel = "COL=TYPE", converter = Dtype.Converter.class,
      description = Dtype.HELP)
  List<Dtype> dtypes = new ArrayList<>();

  @Override
  void run(Session session) {
    try (Table t = Inputs.open(inputs, dtypes).head(rows, session.compute())) {
      session.endProgress();
      session.out.print(t);
    }
  }
}
