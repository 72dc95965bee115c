package dev.partita.cli;

import dev.partita.cli.RunRecorder.TaskRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Renders a {@link RunRecorder} as one self-contained HTML page: a summary, a task stream (one row per
 * worker, one bar per task run, coloured by kind, with the key and duration on hover) and a table per
 * kind that also counts the results read from a cache.
 * Everything is inline; the page fetches nothing.
 */
final class HtmlReport {
  private static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#2ca02c"
  };
  private static final int WIDTH = 1100;
  private static final int LABEL = 70;
  private static final int ROW = 26;

  private HtmlReport() {}

  /**
   * Writes the report to {@code file} (via a temporary file and a rename).
   *
   * @param bytesRead bytes read from storage, if known
   * @param peakMemory peak allocator memory in bytes, if known
   */
  static void write(Path file, String command, RunRecorder runs, OptionalLong bytesRead,
      OptionalLong peakMemory) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling(abs.getFileName() + ".partial");
    Files.writeString(tmp, render(command, runs, bytesRead, peakMemory), StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String render(String command, RunRecorder runs, OptionalLong bytesRead, OptionalLong peakMemory) {
    List<TaskRun> tasks = runs.tasks();
    Map<String, long[]> kinds = runs.byKind();
    Map<String, String> colours = new LinkedHashMap<>();
    for (String kind : kinds.keySet()) {
      colours.put(kind, PALETTE[colours.size() % PALETTE.length]);
    }
    int workers = tasks.stream().mapToInt(TaskRun::worker).max().orElse(-1) + 1;
    long wall = Math.max(runs.wallNanos(), tasks.stream().mapToLong(t -> t.start() + t.nanos()).max().orElse(0));

    StringBuilder h = new StringBuilder(4096 + tasks.size() * 160);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Partita run report</title>\n")
        .append("<style>\n")
        .append("body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#fff}\n")
        .append("h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}\n")
        .append("code{background:#f3f3f3;padding:1px 4px;border-radius:3px}\n")
        .append(".summary{display:flex;gap:28px;margin:12px 0}.summary div b{display:block;font-size:20px}\n")
        .append("table{border-collapse:collapse}td,th{padding:4px 12px;border-bottom:1px solid #ddd;text-align:right}\n")
        .append("td:first-child,th:first-child{text-align:left}.sw{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px}\n")
        .append("rect.task{stroke:#fff;stroke-width:.5}rect.failed{stroke:#d00;stroke-width:2}")
        .append("rect.task:hover{stroke:#000;stroke-width:1}#hover{height:20px;color:#555;font-family:monospace}\n")
        .append("</style></head><body>\n");
    h.append("<h1>Partita run report</h1>\n<p><code>").append(escape(command)).append("</code></p>\n");
    h.append("<div class=\"summary\">")
        .append(stat("wall time", millis(wall)))
        .append(stat("tasks", String.format(Locale.ROOT, "%,d", tasks.stream().filter(t -> !t.cached()).count())))
        .append(stat("workers", Integer.toString(workers)));
    long failed = tasks.stream().filter(TaskRun::failed).count();
    if (failed > 0) {
      h.append(stat("failed", Long.toString(failed)));
    }
    long cached = tasks.stream().filter(TaskRun::cached).count();
    if (cached > 0) {
      h.append(stat("read from cache", Long.toString(cached)));
    }
    bytesRead.ifPresent(b -> h.append(stat("bytes read", Sizes.format(b))));
    peakMemory.ifPresent(b -> h.append(stat("peak memory", Sizes.format(b))));
    h.append("</div>\n");

    h.append("<h2>Task stream</h2>\n<div id=\"hover\"></div>\n");
    int height = Math.max(1, workers) * ROW + 24;
    double scale = wall == 0 ? 0 : (WIDTH - LABEL - 10) / (double) wall;
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">\n");
    for (int w = 0; w < workers; w++) {
      h.append("<text x=\"0\" y=\"").append(w * ROW + 17).append("\" font-size=\"12\">worker ").append(w)
          .append("</text>\n");
    }
    for (int i = 0; i <= 4; i++) {
      double x = LABEL + i * (WIDTH - LABEL - 10) / 4.0;
      h.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#777\"%s>%s</text>%n",
          x, x, workers * ROW, x, workers * ROW + 16, i == 4 ? " text-anchor=\"end\"" : "", millis(wall * i / 4)));
    }
    for (TaskRun t : tasks) {
      if (t.cached()) {
        continue;
      }
      double x = LABEL + t.start() * scale;
      double w = Math.max(1.0, t.nanos() * scale);
      h.append(String.format(Locale.ROOT,
          "<rect class=\"task%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>%s — %s</title></rect>%n",
          t.failed() ? " failed" : "", x, t.worker() * ROW + 3, w, ROW - 6, colours.get(t.kind()),
          escape(t.key()), millis(t.nanos())));
    }
    h.append("</svg>\n");

    h.append("<h2>Tasks by kind</h2>\n<table><thead><tr><th>kind</th><th>tasks</th><th>total time</th>")
        .append("<th>mean</th><th>max</th><th>from cache</th></tr></thead><tbody>\n");
    for (Map.Entry<String, long[]> e : kinds.entrySet()) {
      long[] c = e.getValue();
      h.append("<tr class=\"kind\"><td><span class=\"sw\" style=\"background:").append(colours.get(e.getKey()))
          .append("\"></span>").append(escape(e.getKey())).append("</td><td>").append(c[0]).append("</td><td>")
          .append(millis(c[1])).append("</td><td>").append(c[0] == 0 ? "" : millis(c[1] / c[0]))
          .append("</td><td>").append(millis(c[2])).append("</td><td>").append(c[3]).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
    h.append("<script>\nconst hover=document.getElementById('hover');\n")
        .append("document.querySelectorAll('rect.task').forEach(r=>{")
        .append("r.addEventListener('mouseenter',()=>{hover.textContent=r.querySelector('title').textContent;});")
        .append("r.addEventListener('mouseleave',()=>{hover.textContent='';});});\n</script>\n");
    return h.append("</body></html>\n").toString();
  }

  private static String stat(String label, String value) {
    return "<div>" + label + "<b>" + escape(value) + "</b></div>";
  }

  static String millis(long nanos) {
    double ms = nanos / 1e6;
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
    return String.format(Locale.ROOT, ms >= 10 ? "%.0f ms" : "%.2f ms", ms);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case '&': sb.append("&amp;"); break;
        case '"': sb.append("&quot;"); break;
        default: sb.append(c);
      }
    }
    return sb.toString();
  }
}
