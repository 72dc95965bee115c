package dev.partita.cli;

import dev.partita.DataFrame;
import dev.partita.expr.DType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code partita schema}: the column names and types of files, without reading their data. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Print column names and types (CSV types are inferred from a sample).")
final class SchemaCommand extends BaseCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE_OR_GLOB") List<String> inputs;

  @Option(names = "--dtype", paramLabel = "COL=TYPE", converter = Dtype.Converter.class,
      description = Dtype.HELP)
  List<Dtype> dtypes = new ArrayList<>();

  @Override
  void run(Session session) {
    DataFrame df = Inputs.open(inputs, dtypes);
    List<Field> fields = df.schema().getFields();
    int width = fields.stream().mapToInt(f -> f.getName().length()).max().orElse(0);
    for (Field f : fields) {
      session.out.println(f.getName() + " ".repeat(width - f.getName().length() + 2) + DType.label(f));
    }
  }
}
