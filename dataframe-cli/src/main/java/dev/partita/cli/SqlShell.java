package dev.partita.cli;

import dev.partita.AnalysisException;
import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.sql.Partita;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.arrow.vector.types.pojo.Field;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive {@code partita sql} shell: JLine line editing and history, queries ending in {@code ;}
 * (several lines allowed), results as aligned tables, {@code .tables}, {@code .schema NAME},
 * {@code .timer on|off}, {@code .quit}. Ctrl-C during a query interrupts the thread computing it, which
 * stops the run; at the prompt it clears the line.
 */
final class SqlShell {

  private final Terminal terminal;
  private final Map<String, DataFrame> tables;
  private final ComputeOptions options;
  private final Path history;
  private boolean timer;
  /** The thread computing the current query, null at the prompt; Ctrl-C interrupts it. */
  private volatile Thread running;
  private volatile boolean cancelled;

  SqlShell(Terminal terminal, Map<String, DataFrame> tables, ComputeOptions options, Path history) {
    this.terminal = terminal;
    this.tables = tables;
    this.options = options;
    this.history = history;
  }

  void run() {
    LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("partita")
        .variable(LineReader.HISTORY_FILE, history).build();
    PrintWriter out = terminal.writer();
    // Installed for the whole session, so that no Ctrl-C falls between two handlers and ends the JVM;
    // at the prompt JLine handles it (UserInterruptException).
    terminal.handle(Terminal.Signal.INT, s -> {
      Thread worker = running;
      if (worker != null) {
        cancelled = true;
        worker.interrupt();
      }
    });
    StringBuilder pending = new StringBuilder();
    while (true) {
      String line;
      try {
        line = reader.readLine(pending.length() == 0 ? "partita> " : "     ...> ");
      } catch (UserInterruptException e) {
        pending.setLength(0);
        continue;
      } catch (EndOfFileException e) {
        return;
      }
      String trimmed = line.trim();
      if (pending.length() == 0 && trimmed.startsWith(".")) {
        if (!command(trimmed, out)) {
          return;
        }
        continue;
      }
      pending.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = pending.toString().trim();
        pending.setLength(0);
        execute(sql.substring(0, sql.length() - 1), out);
      }
      out.flush();
    }
  }

  /** Runs a dot command; false for {@code .quit}. */
  private boolean command(String line, PrintWriter out) {
    String[] words = line.split("\\s+");
    switch (words[0]) {
      case ".quit": case ".exit":
        return false;
      case ".tables":
        new TreeSet<>(tables.keySet()).forEach(out::println);
        break;
      case ".schema":
        DataFrame df = words.length == 2 ? tables.get(words[1]) : null;
        if (df == null) {
          out.println("Error: .schema NAME, with NAME one of " + new TreeSet<>(tables.keySet()));
          break;
        }
        for (Field f : df.schema().getFields()) {
          out.println(f.getName() + "  " + f.getType());
        }
        break;
      case ".timer":
        if (words.length != 2 || !(words[1].equals("on") || words[1].equals("off"))) {
          out.println("Error: .timer on|off");
          break;
        }
        timer = words[1].equals("on");
        break;
      default:
        out.println("Error: unknown command " + words[0] + "; known: .tables, .schema NAME, .timer on|off, .quit");
    }
    out.flush();
    return true;
  }

  private void execute(String sql, PrintWriter out) {
    long start = System.nanoTime();
    FutureTask<Table> task = new FutureTask<>(() -> Partita.sql(sql, tables).compute(options));
    Thread worker = new Thread(task, "partita-sql-query");
    cancelled = false;
    running = worker;
    worker.start();
    try (Table result = task.get()) {
      out.print(result);
    } catch (ExecutionException e) {
      out.println(cancelled ? "Cancelled." : "Error: " + message(e.getCause()));
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
    } finally {
      running = null;
    }
    if (timer) {
      out.printf(Locale.ROOT, "Run Time: %.3f s%n", (System.nanoTime() - start) / 1e9);
    }
    out.flush();
  }

  private static String message(Throwable t) {
    while (t.getCause() != null && !(t instanceof AnalysisException)) {
      t = t.getCause();
    }
    return t instanceof AnalysisException ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
