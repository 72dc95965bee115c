package dev.partita.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand: runs {@link #run(Session)} inside a {@link Session} and exits 0 when it returns. */
abstract class BaseCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (Session session = main.session()) {
      run(session);
    }
    return 0;
  }

  abstract void run(Session session) throws Exception;
}
