package dev.partita.cli;

import dev.partita.graph.Graph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code partita graph}: the task graph a query lowers to, as Graphviz DOT or SVG. */
@Command(name = "graph", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write the task graph of a query (same options as 'query').",
        "Example: partita graph data.csv --groupby id1 --agg 'sum(v1)' --svg graph.svg"})
final class GraphCommand extends BaseCommand {
  @Mixin QueryOptions query;

  @ArgGroup(exclusive = true, multiplicity = "1") Target target;

  static final class Target {
    @Option(names = "--dot", paramLabel = "OUT.dot", required = true, description = "Write Graphviz DOT text.")
    Path dot;

    @Option(names = "--svg", paramLabel = "OUT.svg", required = true,
        description = "Write SVG (needs Graphviz's 'dot' on the PATH).")
    Path svg;
  }

  @Override
  void run(Session session) throws Exception {
    Graph graph = query.frame().graph();
    Path file = target.dot != null ? target.dot : target.svg;
    if (target.dot != null) {
      Files.writeString(file, graph.toDot(), StandardCharsets.UTF_8);
    } else {
      Path dot = Graphviz.find(System.getenv("PATH")).orElseThrow(Graphviz::missing);
      Graphviz.svg(dot, graph.toDot(), file);
    }
    session.out.println("wrote the graph of " + RunRecorder.runnable(graph) + " tasks to " + file);
  }
}
