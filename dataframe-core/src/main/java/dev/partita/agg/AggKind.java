package dev.partita.agg;

/**
 * The aggregations, with SQL (DuckDB) semantics; see {@link Aggregations#outputField} for types.
 *
 * <pre>{@code
 * new AggCall(AggKind.SUM, "v1", "v1_sum");
 * new AggCall(AggKind.COUNT_ALL, null, "n");
 * }</pre>
 */
public enum AggKind {
  /** Number of rows, {@code count(*)}. */
  COUNT_ALL,
  /** Number of non-null values. */
  COUNT,
  /** Sum of non-null values; null when there are none. */
  SUM,
  /** Arithmetic mean of non-null values as float64; null when there are none. */
  MEAN,
  /** Smallest non-null value; strings by UTF-8 bytes, NaN above every number. */
  MIN,
  /** Largest non-null value; strings by UTF-8 bytes, NaN above every number. */
  MAX,
  /** Sample variance (n - 1); null when fewer than two non-null values. */
  VAR,
  /** Sample standard deviation (n - 1); null when fewer than two non-null values. */
  STD,
  /** Number of distinct non-null values. */
  NUNIQUE,
  /** The value of the first row in partition-then-row order, null included (DuckDB's {@code first}). */
  FIRST,
  /** The value of the last row in partition-then-row order, null included (DuckDB's {@code last}). */
  LAST,
  /** Exact quantile {@code param} with linear interpolation (SQL {@code quantile_cont}) as float64. */
  QUANTILE,
  /**
   * Approximate quantile {@code param} from a t-digest (compression 200) as float64: the rank error is
   * far below 1% everywhere and smallest near the tails (t-digest's accuracy scales with q(1 - q)).
   */
  APPROX_QUANTILE,
  /** The {@code param} largest non-null values per group, one result row each, largest first. */
  TOP_N,
  /** Pearson correlation of two columns over rows where both are non-null (DuckDB's {@code corr}). */
  CORR,
  /** Sample covariance (n - 1) of two columns over rows where both are non-null ({@code covar_samp}). */
  COVAR
}
