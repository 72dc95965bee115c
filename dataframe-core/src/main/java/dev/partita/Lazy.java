package dev.partita;

import dev.partita.exec.ExecContext;
import dev.partita.graph.Graph;
import dev.partita.lower.Lowering;
import dev.partita.optimize.Optimizer;
import dev.partita.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A value not computed yet: a {@link DataFrame} or a {@link Scalar}. It can show its task graph
 * and optimized plan, and {@link Partita#compute} computes several in one run.
 *
 * <pre>{@code
 * System.out.println(df.col("fare").mean().explain());
 * df.visualize(Path.of("graph.svg"));
 * }</pre>
 */
public abstract class Lazy {

  Lazy() {}

  /** The logical plan of this value. */
  abstract Plan plan();

  /** The name its graph keys start with, e.g. {@code mean} or {@code groupby}. */
  abstract String label();

  /** Turns the computed table into this value's result. */
  abstract Object result(Table table);

  /** True when the result is the table itself; otherwise the table is closed after {@link #result}. */
  abstract boolean keepsTable();

  final Lowering.Lowered lower(ExecContext ctx, ComputeOptions options) {
    return Lowering.compute(List.of(Optimizer.optimize(plan())), ctx, Runner.lowerOptions(options));
  }

  /** The lowered task graph (built for display: it cannot be run by a scheduler directly). */
  public Graph graph() {
    return lower(ExecContext.display(), ComputeOptions.defaults()).graph();
  }

  /**
   * The logical plan, the optimized plan, and what it is lowered to (stages, strategies, partition counts,
   * estimates), as indented text. Nothing is read to build it but file metadata, and for a group-by whose
   * number of groups decides its plan, a sample of its first partition.
   */
  public String explain() {
    Plan optimized = Optimizer.optimize(plan());
    return "== Logical plan ==\n" + tree(plan()) + "== Optimized plan ==\n" + tree(optimized)
        + "== Physical plan ==\n" + lower(ExecContext.display(), ComputeOptions.defaults()).explain();
  }

  /**
   * Writes the task graph: Graphviz DOT for a {@code .dot} path; SVG or PNG (by extension) when
   * Graphviz's {@code dot} is on the PATH. Without {@code dot}, writes the DOT text next to the
   * requested file with a {@code .dot} extension. Returns the file actually written.
   */
  public Path visualize(Path file) {
    String dotText = graph().toDot();
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    try {
      if (ext.equals("svg") || ext.equals("png")) {
        try {
          Process p = new ProcessBuilder("dot", "-T" + ext, "-o", file.toString())
              .redirectErrorStream(true).start();
          p.getOutputStream().write(dotText.getBytes(StandardCharsets.UTF_8));
          p.getOutputStream().close();
          p.getInputStream().readAllBytes();
          if (p.waitFor() == 0) {
            return file;
          }
        } catch (IOException e) {
          // No Graphviz on the PATH: fall through to writing the DOT text.
        }
        file = file.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".dot");
      }
      Files.writeString(file, dotText);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running Graphviz", e);
    }
  }

  static String tree(Plan p) {
    StringBuilder sb = new StringBuilder();
    tree(p, 0, sb);
    return sb.toString();
  }

  private static void tree(Plan p, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(p.describe()).append('\n');
    for (Plan c : p.children()) {
      tree(c, depth + 1, sb);
    }
  }
}
