package dev.partita.io.csv;

/**
 * What to do with a row whose field count differs from the header's.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().onBadLines(OnBadLines.WARN);
 * }</pre>
 */
public enum OnBadLines {
  /** Fail with a {@link dev.partita.io.DataException} naming file, line and field counts. */
  ERROR,
  /** Drop the row silently. */
  SKIP,
  /** Drop the row; log one slf4j warning per partition read with the count and the first example. */
  WARN
}
