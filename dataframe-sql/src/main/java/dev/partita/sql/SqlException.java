package dev.partita.sql;

import dev.partita.AnalysisException;

/**
 * SQL that cannot be translated: a syntax error, an unknown table or column, or a construct Partita does
 * not support. The message starts with {@code line:column} of the offending text and names the construct.
 *
 * <pre>{@code
 * try { Partita.sql("SELECT a FROM t WINDOW w AS ()", tables); }
 * catch (SqlException e) { e.line(); e.column(); e.problem(); }
 * }</pre>
 */
public final class SqlException extends AnalysisException {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  SqlException(int line, int column, String problem, String hint) {
    super("line " + line + ":" + column + ": " + problem, hint);
    this.line = line;
    this.column = column;
  }

  /** The 1-based line of the offending text. */
  public int line() {
    return line;
  }

  /** The 1-based column of the offending text. */
  public int column() {
    return column;
  }
}
