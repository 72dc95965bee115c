package dev.partita.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one measurement in a fresh JVM, so that its peak RSS is its own: the child is this class path's
 * {@code main} called with {@code --child-out FILE} before its arguments, and writes its {@link Measurement}
 * there with {@link #write}.
 *
 * <pre>{@code
 * Measurement m = ChildJvm.measure(Compare.class, List.of("--only", "q1", ...), "1g", "Partita");
 * }</pre>
 */
final class ChildJvm {

  static final String OUT = "--child-out";

  private ChildJvm() {}

  /** Whether {@code args} are a child's: {@code --child-out FILE ...}. */
  static boolean isChild(String[] args) {
    return args.length > 1 && args[0].equals(OUT);
  }

  /** A child's own arguments, after {@code --child-out FILE}. */
  static String[] childArgs(String[] args) {
    return List.of(args).subList(2, args.length).toArray(String[]::new);
  }

  /**
   * Runs {@code main} with {@code args} in a child JVM with {@code -Xmx xmx} (none when null), its errors on
   * this process's; the measurement it wrote, or an ERROR one named {@code name} when it wrote none.
   */
  static Measurement measure(Class<?> main, List<String> args, String xmx, String name)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("partita-child-" + name, ".ser");
    try {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-opens=java.base/java.nio=ALL-UNNAMED"));
      if (xmx != null) {
        command.add("-Xmx" + xmx);
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), OUT, out.toString()));
      command.addAll(args);
      Process child = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      int exit = child.waitFor();
      if (exit != 0 || Files.size(out) == 0) {
        return Measurement.without(name, Measurement.Status.ERROR, "child JVM exited with " + exit);
      }
      try (InputStream in = Files.newInputStream(out); ObjectInputStream objects = new ObjectInputStream(in)) {
        return (Measurement) objects.readObject();
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** What a child does last: writes its measurement where its parent reads it. */
  static void write(String[] args, Measurement m) throws IOException {
    try (OutputStream os = Files.newOutputStream(Path.of(args[1]));
        ObjectOutputStream objects = new ObjectOutputStream(os)) {
      objects.writeObject(m);
    }
  }
}
