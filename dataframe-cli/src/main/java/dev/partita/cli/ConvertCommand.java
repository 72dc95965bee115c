package dev.partita.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code partita convert}: CSV to Parquet or back, streaming, to one file or a directory of parts. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = {"Convert CSV to Parquet or Parquet to CSV, streaming.",
        "OUT ending in .parquet or .csv is one file; otherwise a directory of parts in the other format.",
        "Example: partita convert data.csv data.parquet"})
final class ConvertCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "IN", description = "CSV or Parquet input: a file, directory or glob.")
  String in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output file (.parquet, .csv) or directory.")
  String out;

  @Option(names = "--dtype", paramLabel = "COL=TYPE", converter = Dtype.Converter.class,
      description = Dtype.HELP)
  List<Dtype> dtypes = new ArrayList<>();

  @Mixin WriteOptions write;

  @Override
  void run(Session session) throws Exception {
    Outputs.Target target = Outputs.target(out, Inputs.isParquet(in));
    long rows = Outputs.write(Inputs.open(List.of(in), dtypes), target, session.compute(), write.mode);
    session.endProgress();
    session.out.printf(Locale.ROOT, "wrote %,d rows to %s%n", rows, target.path());
  }
}
