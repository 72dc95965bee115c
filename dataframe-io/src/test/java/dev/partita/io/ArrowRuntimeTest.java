package dev.partita.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without the JVM option, the check names it in one line; with it (as surefire runs), it passes. */
class ArrowRuntimeTest {

  /** Run in a child JVM started without the option. */
  public static void main(String[] args) {
    try {
      ArrowRuntime.requireNioAccess();
      System.out.print("accessible");
    } catch (MissingJvmOptionException e) {
      System.out.print(e.getMessage());
    }
  }

  @Test
  void thisJvmHasTheOption() {
    assertTrue(ArrowRuntime.nioAccessible());
    ArrowRuntime.requireNioAccess();
  }

  @Test
  void aJvmWithoutItIsToldWhichOptionToAdd() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ArrowRuntimeTest.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertTrue(out.contains("add the JVM option " + ArrowRuntime.JVM_OPTION), out);
    assertEquals(1, out.lines().count(), out);
  }
}
