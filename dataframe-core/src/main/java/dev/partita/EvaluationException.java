package dev.partita;

/**
 * A user error met while computing a value: a string that does not convert to the type it is cast to, an
 * integer overflow, a modulo by zero. It names the value and what to do, as DuckDB's conversion and
 * out-of-range errors do.
 *
 * <pre>{@code
 * try { df.select(col("s").cast("bigint")).compute(); }
 * catch (EvaluationException e) { e.getMessage(); }   // cannot cast 'abc' to int64; ...
 * }</pre>
 */
public class EvaluationException extends RuntimeException {

  public EvaluationException(String problem, String hint) {
    super(hint == null ? problem : problem + "; " + hint);
  }
}
