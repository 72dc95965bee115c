package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.graph.Graph;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  /** 8 chunk tasks on two workers, 2 combines and a final sum; one chunk failed, one read from a cache. */
  static RunRecorder sampleRun() throws InterruptedException {
    RunRecorder r = new RunRecorder();
    Graph g = Graph.builder().value("x", 1).task("sum-" + TOKEN, (Integer x) -> x, "x").build();
    r.onStart(g, List.of("sum-" + TOKEN));
    for (int i = 0; i < 8; i++) {
      r.onTaskStart("sum-chunk-" + TOKEN + "-" + i, i % 2);
      Thread.sleep(2);
      r.onTaskEnd("sum-chunk-" + TOKEN + "-" + i, i % 2, TimeUnit.MILLISECONDS.toNanos(2), i == 5 ? new RuntimeException() : null);
    }
    for (int i = 0; i < 2; i++) {
      r.onTaskEnd("sum-combine-" + TOKEN + "-" + i, i, TimeUnit.MICROSECONDS.toNanos(300), null);
    }
    r.onTaskEnd("sum-" + TOKEN, 0, TimeUnit.MICROSECONDS.toNanos(100), null);
    r.onCacheHit("sum-chunk-" + TOKEN + "-8", 1, TimeUnit.MICROSECONDS.toNanos(50));
    r.onFinish(null);
    return r;
  }

  @Test
  void kindIsTheKeyBeforeItsToken() {
    assertEquals("sum-chunk", RunRecorder.kind("sum-chunk-" + TOKEN + "-12"));
    assertEquals("sum", RunRecorder.kind("sum-" + TOKEN));
    assertEquals("read-csv", RunRecorder.kind("read-csv-3"));
    assertEquals("x", RunRecorder.kind("x"));
  }

  @Test
  void drawsOneBarPerTaskAndOneTableRowPerKind() throws Exception {
    String html = HtmlReport.render("partita query g.csv --agg 'sum(v1)'", sampleRun(),
        OptionalLong.of(5L << 20), OptionalLong.of(3L << 20));
    assertEquals(11, count(html, "<rect class=\"task"));
    assertEquals(1, count(html, "<rect class=\"task failed\""));
    assertTrue(html.contains("<div>read from cache<b>1</b></div>"));
    assertFalse(html.contains("-8 — "), "a result read from the cache is no bar");
    assertTrue(html.contains("<div>failed<b>1</b></div>"), "failed tasks counted");
    Matcher rows = Pattern.compile("<tr class=\"kind\"><td><span[^>]*></span>([^<]+)</td><td>(\\d+)</td>")
        .matcher(html);
    StringBuilder kinds = new StringBuilder();
    while (rows.find()) {
      kinds.append(rows.group(1)).append('=').append(rows.group(2)).append(' ');
    }
    assertEquals("sum=1 sum-chunk=8 sum-combine=2 ", kinds.toString());
    assertTrue(html.contains("<td>2.00 ms</td><td>1</td></tr>"), "sum-chunk: max, then 1 from cache");
    assertTrue(html.contains("5.0 MiB") && html.contains("3.0 MiB"), "bytes read and peak memory shown");
    assertTrue(html.contains("<title>sum-chunk-" + TOKEN + "-3 — 2.00 ms</title>"));
    assertTrue(html.contains("worker 0") && html.contains("worker 1") && !html.contains("worker 2"));
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "fetches nothing");
    assertTrue(html.contains("--agg &#39;sum(v1)&#39;") || html.contains("--agg 'sum(v1)'"));
  }

  @Test
  void writesTheFileInPlace() throws Exception {
    Path file = dir.resolve("sub/run.html");
    HtmlReport.write(file, "partita demo", sampleRun(), OptionalLong.empty(), OptionalLong.empty());
    String html = Files.readString(file);
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>\n"));
    assertFalse(html.contains("bytes read"));
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void rendersInHeadlessChromium() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "skipped: " + CHROMIUM + " is absent; install chromium to render the report to a PNG");
    Path html = dir.resolve("run.html");
    HtmlReport.write(html, "partita demo", sampleRun(), OptionalLong.of(123_456_789), OptionalLong.empty());
    Path png = dir.resolve("run.png");
    Path profile = Files.createDirectory(dir.resolve("profile"));
    Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1200,800",
        html.toUri().toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
    assertTrue(Files.size(png) > 10_000, "PNG of " + Files.size(png) + " bytes");
    BufferedImage image = ImageIO.read(png.toFile());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 5, colours.size() + " colours");
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
