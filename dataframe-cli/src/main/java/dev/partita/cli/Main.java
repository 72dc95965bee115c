package dev.partita.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
    description = "Out-of-core dataframes over CSV and Parquet files.")
public final class Main implements Runnable {

  /**
   * The subcommands, in the order the usage lists them. Picocli builds a command's model by reflection
   * when it is added (about 25 ms a command on a class-data-sharing start, 60-85 ms for all of them), so
   * {@link #run} adds only the one the arguments name, and all of them when they name none.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("demo", DemoCommand::new);
    COMMANDS.put("sql", SqlCommand::new);
    COMMANDS.put("query", QueryCommand::new);
    COMMANDS.put("schema", SchemaCommand::new);
    COMMANDS.put("head", HeadCommand::new);
    COMMANDS.put("describe", DescribeCommand::new);
    COMMANDS.put("convert", ConvertCommand::new);
    COMMANDS.put("graph", GraphCommand::new);
    COMMANDS.put("cache", CacheCommand::new);
    COMMANDS.put("worker", WorkerCommand::new);
    COMMANDS.put("help", CommandLine.HelpCommand::new);
  }

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
    String named = subcommand(cl.getCommandSpec(), args);
    for (Map.Entry<String, Supplier<Object>> c : COMMANDS.entrySet()) {
      if (named == null || named.equals(c.getKey())) {
        cl.addSubcommand(c.getKey(), c.getValue().get());
      }
    }
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
   * The subcommand the arguments name: their first word that is not an option of {@code spec} or an option's
   * value, if it is a subcommand other than {@code help} (whose usage lists them all); else null.
   */
  static String subcommand(CommandSpec spec, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      CommandLine.Model.OptionSpec option = spec.findOption(a);
      if (option != null && option.arity().max > 0) {
        i++;
      } else if (!a.startsWith("-")) {
        return COMMANDS.containsKey(a) && !a.equals("help") ? a : null;
      }
    }
    return null;
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
