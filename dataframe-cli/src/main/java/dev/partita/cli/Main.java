package dev.partita.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code partita} command: queries, conversions and a demo over CSV and Parquet files, out of core.
 *
 * <pre>{@code
 * partita query data.csv --groupby id1 --agg 'sum(v1), mean(v3)'
 * int exit = Main.run(new String[] {"schema", "data.parquet"}, System.out, System.err);
 * }</pre>
 */
@Command(name = "partita", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = "Out-of-core dataframes over CSV and Parquet files.",
    subcommands = {DemoCommand.class, SqlCommand.class, QueryCommand.class, SchemaCommand.class, HeadCommand.class,
        DescribeCommand.class, ConvertCommand.class, GraphCommand.class, CacheCommand.class, WorkerCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @Option(names = "--threads", paramLabel = "N", scope = ScopeType.INHERIT,
      description = "Worker threads (default: the number of processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--memory", paramLabel = "SIZE", converter = Sizes.class, scope = ScopeType.INHERIT,
      description = "Limit on Arrow (off-heap) memory, e.g. 512m or 2g.")
  Long memory;

  @Option(names = "--report", paramLabel = "FILE.html", scope = ScopeType.INHERIT,
      description = "Write an HTML report of the run: task stream, time per task kind.")
  Path report;

  @Option(names = "--cache", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Keep task results in DIR: a killed run resumes, a re-run recomputes only changed files.")
  Path cache;

  @Option(names = "--cache-max", paramLabel = "SIZE", converter = Sizes.class, scope = ScopeType.INHERIT,
      description = "Cap on the --cache directory, e.g. 10g; least recently used results go first.")
  Long cacheMax;

  @Option(names = "--cluster", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
      description = "Run the tasks on the cluster of the 'partita worker' at HOST:PORT instead of here.")
  String cluster;

  @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress bar.")
  boolean quiet;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Stack traces for user errors too.")
  boolean debug;

  @Spec CommandSpec spec;

  private String[] args = {};
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command, e.g. 'partita demo'.");
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line with {@code out} for results and {@code err} for messages.
   *
   * @return 0 on success, 2 for a usage or data error, 1 for an internal error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Main main = new Main();
    main.args = args.clone();
    main.out = out;
    main.err = err;
    CommandLine cl = new CommandLine(main);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> Errors.report(e, err, main.debug));
    cl.setParameterExceptionHandler((e, badArgs) -> {
      err.println("partita: " + e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
      return Errors.USER;
    });
    return cl.execute(args);
  }

  /**
   * A session for one subcommand run. The progress bar needs the real stderr on a terminal; picocli's
   * own test of that is {@code System.console()}, which needs stdout on a terminal too.
   */
  Session session() {
    boolean terminal = err == System.err && System.console() != null;
    return new Session(this, out, err, terminal);
  }

  /** The command line as typed, for the report's title. */
  String commandLine() {
    StringBuilder sb = new StringBuilder("partita");
    for (String a : args) {
      boolean plain = !a.isEmpty() && !a.matches(".*[\\s'\"*?$|&;<>()].*");
      sb.append(' ').append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"partita " + (v == null ? "(development build)" : v)};
    }
  }
}
