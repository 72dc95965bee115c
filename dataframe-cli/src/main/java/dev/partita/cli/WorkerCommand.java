package dev.partita.cli;

import dev.partita.cluster.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code partita worker}: a cluster member running the tasks of {@code --cluster} commands until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start a cluster worker: it runs the tasks of commands given --cluster HOST:PORT, until stopped.",
        "Example: partita worker --port 5701 --threads 4 & partita worker --port 5702 --join 127.0.0.1:5701 &",
        "         partita query 'data/*.csv' --groupby id1 --agg 'sum(v1)' --cluster 127.0.0.1:5701"})
final class WorkerCommand extends BaseCommand {

  @Option(names = "--host", paramLabel = "HOST",
      description = "Interface to listen on (default: 127.0.0.1, this machine only).")
  String host = "127.0.0.1";

  @Option(names = "--port", paramLabel = "N", description = "Port (default: the first free one from 5701).")
  int port;

  @Option(names = "--join", paramLabel = "HOST:PORT", split = ",",
      description = "Workers to join, comma-separated.")
  List<String> join = new ArrayList<>();

  @Option(names = "--spill-dir", paramLabel = "DIR", description = "Where runs write temporary files here.")
  Path spillDir;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A Hazelcast YAML or XML file for network and discovery (e.g. Kubernetes) instead of"
          + " --host, --port and --join.")
  Path config;

  @Override
  void run(Session session) throws Exception {
    if (main.threads < 1) {
      throw new UsageException("--threads must be at least 1, got " + main.threads);
    }
    Worker.Builder b = Worker.builder().host(host).port(port).join(join.toArray(new String[0]))
        .threads(main.threads).spillDir(spillDir).config(config);
    if (main.memory != null) {
      b.memoryLimit(main.memory);
    }
    try (Worker w = b.start()) {
      session.out.println("partita worker listening on " + w.address() + ", " + main.threads
          + (main.threads == 1 ? " thread" : " threads") + ", in a cluster of " + w.clusterSize());
      session.out.flush();
      w.await();
    }
  }
}
