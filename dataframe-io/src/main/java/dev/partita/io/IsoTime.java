package dev.partita.io;

/**
 * ISO-8601 dates and timestamps parsed from UTF-8 bytes without making Strings, for the text
 * readers (CSV fields, JSON string values); hand-written because {@code java.time} parses Strings
 * and throws on every non-match, and type inference tries every sampled value.
 *
 * <pre>{@code
 * long day = IsoTime.parseDate(b, 0, b.length);                 // IsoTime.BAD when not a date
 * long us = IsoTime.parseInstant(b, 0, b.length);               // 2024-01-02T03:04:05+02:00
 * }</pre>
 */
public final class IsoTime {

  /** Returned for malformed input. */
  public static final long BAD = Long.MIN_VALUE;

  private IsoTime() {}

  /** {@code yyyy-MM-dd} as days since 1970-01-01, or {@link #BAD}. */
  public static long parseDate(byte[] b, int off, int len) {
    return len == 10 ? date(b, off) : BAD;
  }

  private static long date(byte[] b, int off) {
    if (b[off + 4] != '-' || b[off + 7] != '-') {
      return BAD;
    }
    int y = digits(b, off, 4);
    int m = digits(b, off + 5, 2);
    int d = digits(b, off + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) {
      return BAD;
    }
    return epochDay(y, m, d);
  }

  /**
   * {@code yyyy-MM-dd HH:mm:ss} or with {@code T}, optionally {@code .f} with 1-9 digits (beyond
   * microseconds truncated), as microseconds since the epoch without a zone, or {@link #BAD}.
   */
  public static long parseTimestamp(byte[] b, int off, int len) {
    if (len < 19 || (len > 19 && (len == 20 || len > 29 || b[off + 19] != '.'))) {
      return BAD;
    }
    long day = date(b, off);
    byte sep = b[off + 10];
    if (day == BAD || (sep != ' ' && sep != 'T') || b[off + 13] != ':'
        || b[off + 16] != ':') {
      return BAD;
    }
    int h = digits(b, off + 11, 2);
    int mi = digits(b, off + 14, 2);
    int s = digits(b, off + 17, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
      return BAD;
    }
    long micros = 0;
    int fracDigits = len - 20;
    if (fracDigits > 0) {
      int frac = digits(b, off + 20, fracDigits);
      if (frac < 0) {
        return BAD;
      }
      micros = fracDigits <= 6 ? frac * POW10[6 - fracDigits] : frac / POW10[fracDigits - 6];
    }
    return (day * 86_400L + h * 3600L + mi * 60L + s) * 1_000_000L + micros;
  }

  private static final int[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000};

  /** The non-negative value of n decimal digits (n ≤ 9), or -1. */
  private static int digits(byte[] b, int off, int n) {
    int v = 0;
    for (int i = off; i < off + n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int monthLength(int y, int m) {
    if (m == 2) {
      return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    }
    return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long epochDay(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468;
  }

  /**
   * A timestamp as {@link #parseTimestamp} reads it, optionally followed by a zone: {@code Z},
   * {@code +HH:MM}, {@code +HHMM} or {@code +HH} (or {@code -}); as microseconds since the epoch in
   * UTC, a timestamp without a zone taken as UTC; or {@link #BAD}.
   */
  public static long parseInstant(byte[] b, int off, int len) {
    if (len > 19 && (b[off + len - 1] == 'Z' || b[off + len - 1] == 'z')) {
      return parseTimestamp(b, off, len - 1);
    }
    for (int zone : new int[] {6, 5, 3}) {
      int at = len - zone;
      if (at < 19 || (b[off + at] != '+' && b[off + at] != '-')) {
        continue;
      }
      int h = digits(b, off + at + 1, 2);
      int m = zone == 3 ? 0 : digits(b, off + len - 2, 2);
      if (h < 0 || h > 18 || m < 0 || m > 59 || (zone == 6 && b[off + at + 3] != ':')) {
        return BAD;
      }
      long t = parseTimestamp(b, off, at);
      if (t == BAD) {
        return BAD;
      }
      long shift = (h * 3600L + m * 60L) * 1_000_000L;
      return b[off + at] == '+' ? t - shift : t + shift;
    }
    return parseTimestamp(b, off, len);
  }
}
