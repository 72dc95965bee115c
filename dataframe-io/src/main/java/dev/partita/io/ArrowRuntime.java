package dev.partita.io;

/**
 * Checks, once, that the JVM lets Arrow reach {@code java.nio} internals, which Arrow IPC and
 * {@code ArrowBuf.nioBuffer()} need on Java 17. Without the option Arrow fails with a bare
 * {@code UnsupportedOperationException} deep inside a read; this says which option to add instead.
 *
 * <pre>{@code
 * ArrowRuntime.requireNioAccess();   // before writing or reading Arrow IPC
 * }</pre>
 */
public final class ArrowRuntime {

  /** The JVM option Arrow needs on Java 17. */
  public static final String JVM_OPTION = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private static final boolean NIO_OPEN =
      Object.class.getModule().isOpen("java.nio", ArrowRuntime.class.getModule());

  private ArrowRuntime() {}

  /** True when {@code java.nio} is open to Partita's (unnamed) module. */
  public static boolean nioAccessible() {
    return NIO_OPEN;
  }

  /** Throws a one-line explanation when {@link #nioAccessible()} is false. */
  public static void requireNioAccess() {
    if (!NIO_OPEN) {
      throw new MissingJvmOptionException(JVM_OPTION,
          "Arrow reaches java.nio internals on Java 17+ and this JVM does not open them");
    }
  }
}
