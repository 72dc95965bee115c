package dev.partita.sql;

import dev.partita.DataFrame;
import java.util.Map;

/**
 * SQL over DataFrames: the query is parsed by JSqlParser and translated into the same plan the DataFrame
 * API builds, so the result is a lazy {@link DataFrame} ({@code explain()}, {@code write()},
 * {@code compute()}). Tables are the frames in {@code tables} (names compare case-insensitively), CTEs, or
 * a quoted path or glob read with {@link DataFrame#read}: {@code FROM 'data/*.parquet'}.
 *
 * <p>It lives in this module, not beside {@code dev.partita.Partita#compute}, because the core cannot
 * depend on the SQL front end: a service hook there would turn a missing jar into a run-time error.
 *
 * <pre>{@code
 * DataFrame top = Partita.sql("SELECT vendor, sum(fare) AS total FROM trips GROUP BY 1 ORDER BY total DESC LIMIT 3",
 *     Map.of("trips", DataFrame.read("trips/*.parquet")));
 * }</pre>
 */
public final class Partita {

  private Partita() {}

  /**
   * The DataFrame {@code query} describes. Uncorrelated scalar subqueries (and the null check of a
   * {@code NOT IN (SELECT ...)}) are computed here, before it returns.
   *
   * @throws SqlException for a syntax error, an unknown name or an unsupported construct, with its position
   */
  public static DataFrame sql(String query, Map<String, DataFrame> tables) {
    return new Translator(query, tables).translate();
  }

  /** {@link #sql(String, Map)} with tables named only by quoted paths in FROM. */
  public static DataFrame sql(String query) {
    return sql(query, Map.of());
  }
}
