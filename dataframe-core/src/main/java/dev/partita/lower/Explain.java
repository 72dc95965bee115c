package dev.partita.lower;

import java.util.List;
import java.util.Locale;

/**
 * How a plan was lowered, as a tree of lines: each node says what it became (tasks, strategy, partitions,
 * estimates); its children are the stages it reads. {@code explain()} prints it indented.
 *
 * <pre>{@code
 * Explain e = new Explain("Join inner on k = k: broadcast right", List.of(left.explain(), right.explain()));
 * String text = e.render();
 * }</pre>
 */
record Explain(String line, List<Explain> children) {

  Explain {
    children = List.copyOf(children);
  }

  static Explain leaf(String line) {
    return new Explain(line, List.of());
  }

  static Explain of(String line, Explain... children) {
    return new Explain(line, List.of(children));
  }

  /** The indented text, two spaces per level. */
  String render() {
    StringBuilder sb = new StringBuilder();
    render(0, sb);
    return sb.toString();
  }

  private void render(int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(line).append('\n');
    for (Explain c : children) {
      c.render(depth + 1, sb);
    }
  }

  static String bytes(long n) {
    if (n >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
    }
    if (n >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }
    return n >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0) : n + " B";
  }
}
