package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main} with captured output, for tests. */
record Cli(int exit, String out, String err) {
  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed without writing to stderr. */
  static Cli ok(String... args) {
    Cli r = run(args);
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    return r;
  }

  /** Runs a command that must fail as a user error: exit 2 and a {@code partita: } message, no stack trace. */
  static Cli userError(String... args) {
    Cli r = run(args);
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().startsWith("partita: "), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    return r;
  }
}
