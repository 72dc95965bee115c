package dev.partita;

/**
 * A user error found before anything runs: an unknown column, an aggregation of the wrong type, a
 * badly typed expression. It says what is wrong, where, and what to do.
 *
 * <pre>{@code
 * try { df.col("fair").mean(); }
 * catch (AnalysisException e) { e.problem(); e.hint(); }   // "column 'fair' not found", "did you mean 'fare'? ..."
 * }</pre>
 */
public class AnalysisException extends RuntimeException {

  private final String problem;
  private final String hint;

  /** {@code hint} may be null when there is nothing more to say. */
  public AnalysisException(String problem, String hint) {
    super(hint == null ? problem : problem + "; " + hint);
    this.problem = problem;
    this.hint = hint;
  }

  /** What is wrong, e.g. {@code column 'fair' not found}. */
  public String problem() {
    return problem;
  }

  /** What to do about it, or null. */
  public String hint() {
    return hint;
  }
}
