package dev.partita.cli;

/** A user mistake found by the command line itself, such as an output path with an unknown extension. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
