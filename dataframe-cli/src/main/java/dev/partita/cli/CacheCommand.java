package dev.partita.cli;

import dev.partita.graph.TaskCache;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code partita cache info|clear DIR}: what a {@code --cache} directory holds, or emptying it. */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Show what a --cache directory holds (info) or delete its entries (clear).")
final class CacheCommand extends BaseCommand {
  enum Action { info, clear }

  @Parameters(index = "0", paramLabel = "info|clear", description = "info or clear.") Action action;

  @Parameters(index = "1", paramLabel = "DIR", description = "The cache directory.") Path dir;

  @Override
  void run(Session session) throws Exception {
    TaskCache cache = TaskCache.at(dir);
    if (action == Action.clear) {
      session.out.println("deleted " + cache.clear() + " entries from " + dir);
      return;
    }
    TaskCache.Info info = cache.info();
    session.out.println("entries  " + info.entries());
    session.out.println("size     " + Sizes.format(info.bytes()) + " (" + info.bytes() + " bytes)");
    session.out.println("oldest   " + time(info.oldest()));
    session.out.println("newest   " + time(info.newest()));
  }

  private static String time(Optional<Instant> t) {
    return t.map(Instant::toString).orElse("-");
  }
}
