package dev.partita.cli;

import dev.partita.AnalysisException;
import dev.partita.io.DataException;
import dev.partita.io.MissingJvmOptionException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Tells user errors (bad input, bad arguments: exit 2, one line, no stack trace unless {@code --debug})
 * from internal errors (exit 1 with the stack trace). A user error may arrive wrapped, e.g. in a
 * {@code TaskFailedException}; the cause chain is searched for it.
 */
final class Errors {
  static final int USER = 2;
  static final int INTERNAL = 1;

  private Errors() {}

  /** Prints {@code failure} on {@code err} and returns the exit code. */
  static int report(Throwable failure, PrintStream err, boolean debug) {
    String message = userMessage(failure);
    if (message != null) {
      err.println("partita: " + message);
      if (debug) {
        failure.printStackTrace(err);
      }
      err.flush();
      return USER;
    }
    err.println("partita: internal error: " + failure);
    failure.printStackTrace(err);
    err.flush();
    return INTERNAL;
  }

  /** The message to show for a user error somewhere in the cause chain of {@code t}, else null. */
  static String userMessage(Throwable t) {
    Throwable io = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = describe(c);
      if (m != null) {
        return m;
      }
      if (io == null && (c instanceof IOException || c instanceof UncheckedIOException)) {
        io = c;
      }
      if (io != null && (c instanceof UnknownHostException || c instanceof SocketException
          || c instanceof SocketTimeoutException)) {
        return abbreviate(io.getMessage()) + ". Check the address (for S3, fs.s3a.endpoint and the bucket's"
            + " region), the network and the credentials";
      }
    }
    return null;
  }

  /** A remote store's message can run to a paragraph per wrapped exception; the first 400 characters say it. */
  private static String abbreviate(String m) {
    return m == null || m.length() <= 400 ? m : m.substring(0, 397) + "...";
  }

  private static String describe(Throwable c) {
    if (c instanceof DataException || c instanceof AnalysisException || c instanceof SyntaxException
        || c instanceof UsageException || c instanceof MissingJvmOptionException) {
      return c.getMessage();
    }
    if (c instanceof NoSuchFileException e) {
      return "no such file or directory: " + e.getFile();
    }
    if (c instanceof FileNotFoundException) {
      return c.getMessage();
    }
    if (c instanceof AccessDeniedException e) {
      return "permission denied: " + e.getFile();
    }
    if (c instanceof FileAlreadyExistsException e) {
      return e.getReason() != null ? e.getMessage()
          : "already exists: " + e.getFile() + "; remove it, choose another output or use --mode overwrite";
    }
    if (c instanceof NotDirectoryException e) {
      return "not a directory: " + e.getFile();
    }
    if (c instanceof OutOfMemoryError) {
      boolean direct = String.valueOf(c.getMessage()).contains("Direct buffer");
      return "out of memory (" + c.getMessage() + ", " + (direct ? "direct memory" : "a heap of "
          + Sizes.format(Runtime.getRuntime().maxMemory())) + "). Give the JVM more, e.g. PARTITA_JAVA_OPTS="
          + (direct ? "-XX:MaxDirectMemorySize=4g" : "-Xmx4g") + ", or use fewer --threads";
    }
    if (c.getClass().getName().equals("org.apache.arrow.memory.OutOfMemoryException")) {
      return "out of memory: " + c.getMessage()
          + ". Give Partita more memory (--memory, PARTITA_JAVA_OPTS) or use fewer --threads";
    }
    return null;
  }
}
