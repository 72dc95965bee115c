package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphvizTest {
  @TempDir Path dir;

  private Path fakeDot(String body) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path dot = bin.resolve("dot");
    Files.writeString(dot, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dot;
  }

  @Test
  void findsDotOnThePathAndPipesTheGraphToIt() throws Exception {
    Path dot = fakeDot("test \"$1\" = -Tsvg && cat > \"$3\"");
    assertTrue(Graphviz.find(dir + File.pathSeparator + "/nonexistent").isEmpty());
    assertEquals(dot, Graphviz.find("/nonexistent" + File.pathSeparator + dot.getParent()).orElseThrow());
    Path out = dir.resolve("g.svg");
    Graphviz.svg(dot, "digraph partita {}\n", out);
    assertEquals("digraph partita {}\n", Files.readString(out));
  }

  @Test
  void aFailingDotIsAUserErrorWithItsMessage() throws Exception {
    Path dot = fakeDot("echo 'syntax error in line 1' >&2; exit 1");
    UsageException e = assertThrows(UsageException.class, () -> Graphviz.svg(dot, "x", dir.resolve("g.svg")));
    assertEquals("Graphviz 'dot' failed: syntax error in line 1", e.getMessage());
    assertTrue(Graphviz.missing().getMessage().contains("install graphviz"));
  }
}
