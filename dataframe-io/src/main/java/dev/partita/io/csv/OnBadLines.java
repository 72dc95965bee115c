package dev.partita.io.csv;

/**
 * What to do with a line that is not a row: a CSV row whose field count differs from the header's,
 * a JSON line that is not one JSON object. A value that does not fit its column's type is always
 * an error, whose message names the option that fixes it.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().onBadLines(OnBadLines.WARN);
 * JsonOptions j = JsonOptions.defaults().onBadLines(OnBadLines.SKIP);
 * }</pre>
 */
public enum OnBadLines {
  /** Fail with a {@link dev.partita.io.DataException} naming file, line and what is wrong. */
  ERROR,
  /** Drop the line silently. */
  SKIP,
  /** Drop the line; log one slf4j warning per partition read with the count and the first example. */
  WARN
}
