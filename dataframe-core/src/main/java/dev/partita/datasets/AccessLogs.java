package dev.partita.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Web server access logs in Apache's combined format, seeded and deterministic, for the log-parsing examples,
 * tests and benchmarks of bags:
 *
 * <pre>
 * 10.0.3.17 - - [01/Mar/2024:00:00:07 +0000] "GET /products/812 HTTP/1.1" 200 18231 "-" "curl/8.5.0"
 * </pre>
 *
 * <p>Split on spaces, field 0 is the client, 3 the time, 5 the method (with its quote), 6 the URL, 8 the
 * status and 9 the size ({@code -} for a 304). Clients and URLs are skewed (a few are most of the requests),
 * statuses are about 81% 200, 8% 404, 5% 304, 3% 301, 2% 403 and 1% 500.
 *
 * <pre>{@code
 * try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of("logs/access-0.log.gz")))) {
 *   AccessLogs.write(out, 100_000, 0);
 * }
 * }</pre>
 */
public final class AccessLogs {

  private static final int CLIENTS = 5_000;
  private static final int PAGES = 2_000;
  private static final String[] SECTIONS = {"products", "blog", "api/v1/items", "static/js", "static/css",
      "images", "docs", "search"};
  private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "GET", "POST", "HEAD"};
  private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/122.0", "curl/8.5.0", "Googlebot/2.1",
      "python-requests/2.31", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) Safari/604.1"};
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);
  private static final LocalDateTime START = LocalDateTime.of(2024, 3, 1, 0, 0);

  private AccessLogs() {}

  /** Writes {@code lines} newline-ended log lines to {@code out} (not closed); equal arguments write equal bytes. */
  public static void write(OutputStream out, long lines, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(256);
    long second = 0;
    String time = TIME.format(START);
    for (long i = 0; i < lines; i++) {
      int step = r.nextInt(3);
      if (step > 0) {
        second += step;
        time = TIME.format(START.plusSeconds(second));
      }
      sb.setLength(0);
      line(sb, r, time);
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void line(StringBuilder sb, SplittableRandom r, String time) {
    int client = skewed(r, CLIENTS);
    int status = status(r);
    sb.append("10.").append(client >> 16 & 255).append('.').append(client >> 8 & 255).append('.')
        .append(client & 255).append(" - - [").append(time)
        .append(" +0000] \"").append(METHODS[r.nextInt(METHODS.length)]).append(' ');
    int page = skewed(r, PAGES);
    sb.append('/').append(SECTIONS[page % SECTIONS.length]).append('/').append(page);
    if (page % 7 == 3) {
      sb.append("?page=").append(1 + r.nextInt(20));
    }
    sb.append(" HTTP/1.1\" ").append(status).append(' ');
    if (status == 304) {
      sb.append('-');
    } else {
      sb.append(status == 200 ? 200 + r.nextInt(60_000) : 150 + r.nextInt(400));
    }
    sb.append(" \"").append(r.nextInt(4) == 0 ? "https://example.com/" + SECTIONS[r.nextInt(SECTIONS.length)] : "-")
        .append("\" \"").append(AGENTS[skewed(r, AGENTS.length)]).append("\"\n");
  }

  /** An index in [0, n) where low indexes are much more likely (the cube of a uniform draw). */
  private static int skewed(SplittableRandom r, int n) {
    double u = r.nextDouble();
    return (int) (u * u * u * n);
  }

  private static int status(SplittableRandom r) {
    int p = r.nextInt(100);
    return p < 81 ? 200 : p < 89 ? 404 : p < 94 ? 304 : p < 97 ? 301 : p < 99 ? 403 : 500;
  }
}
