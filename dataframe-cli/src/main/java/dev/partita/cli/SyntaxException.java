package dev.partita.cli;

/**
 * A {@code --where} or {@code --agg} text that does not parse. The message names the problem and its
 * 1-based column, then shows the text with a caret under that column.
 */
final class SyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int column;

  SyntaxException(String what, String text, int offset, String problem) {
    super(problem + " at column " + (offset + 1) + " of " + what + "\n  " + text + "\n  "
        + " ".repeat(offset) + "^");
    this.column = offset + 1;
  }

  /** The 1-based column of the offending character. */
  int column() {
    return column;
  }
}
