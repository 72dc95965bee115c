package dev.partita.io;

/**
 * The JVM was started without an option Partita needs (on Java 17, Arrow needs
 * {@code java.nio} opened to it). The message names the option to add; nothing else is wrong.
 *
 * <pre>{@code
 * catch (MissingJvmOptionException e) { System.err.println(e.getMessage()); }   // one line, what to add
 * }</pre>
 */
public class MissingJvmOptionException extends IllegalStateException {

  /** {@code option} is the exact JVM option to add. */
  public MissingJvmOptionException(String option, String why) {
    super(why + ": add the JVM option " + option
        + " to the java command line (or to JDK_JAVA_OPTIONS)");
  }
}
