package dev.partita.cli;

import dev.partita.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code partita describe}: count, mean, std, min and max of every numeric column, in one pass. */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Summary statistics of the numeric columns (count, mean, std, min, max).")
final class DescribeCommand extends BaseCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE_OR_GLOB") List<String> inputs;

  @Option(names = "--dtype", paramLabel = "COL=TYPE", converter = Dtype.Converter.class,
      description = Dtype.HELP)
  List<Dtype> dtypes = new ArrayList<>();

  @Override
  void run(Session session) {
    try (Table t = Inputs.open(inputs, dtypes).describe(session.compute())) {
      session.endProgress();
      session.out.print(t);
    }
  }
}
