package dev.partita.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Renders DOT text to SVG with Graphviz's {@code dot}, found on the {@code PATH}. */
final class Graphviz {
  private Graphviz() {}

  /** The {@code dot} executable on {@code path} (a PATH-style list), if any. */
  static Optional<Path> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path dot = Path.of(dir.isEmpty() ? "." : dir, "dot");
      if (Files.isExecutable(dot)) {
        return Optional.of(dot);
      }
    }
    return Optional.empty();
  }

  /** Writes {@code dot} as SVG to {@code out} using the {@code dot} executable {@code exe}. */
  static void svg(Path exe, String dot, Path out) throws IOException, InterruptedException {
    Path log = Files.createTempFile("partita-dot", ".log");
    try {
      Process p = new ProcessBuilder(exe.toString(), "-Tsvg", "-o", out.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      IOException writeFailure = null;
      try (var in = p.getOutputStream()) {
        in.write(dot.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        writeFailure = e;
      }
      if (p.waitFor() != 0) {
        throw new UsageException("Graphviz 'dot' failed: " + Files.readString(log).strip());
      }
      if (writeFailure != null) {
        throw writeFailure;
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The error for a missing {@code dot}. */
  static UsageException missing() {
    return new UsageException("--svg needs Graphviz's 'dot' on the PATH: install graphviz "
        + "(e.g. 'apt-get install graphviz' or 'brew install graphviz'), or write DOT with --dot");
  }
}
