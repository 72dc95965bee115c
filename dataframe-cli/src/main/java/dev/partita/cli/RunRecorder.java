package dev.partita.cli;

import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import dev.partita.graph.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records the tasks of every scheduler run of one command, for the HTML report. Thread-safe: workers call
 * {@link #onTaskEnd} concurrently. Times are nanoseconds since the first run started.
 */
final class RunRecorder implements SchedulerListener {
  /** A graph key's kind is what precedes its token: a 32-hex-digit hash or, failing that, a number. */
  private static final Pattern TOKEN = Pattern.compile("^(.*?)[-_,( ]+(?:[0-9a-f]{32}|\\d+\\)?$)");

  record TaskRun(String key, String kind, int worker, long start, long nanos, boolean failed, boolean cached) {}

  private final ConcurrentLinkedQueue<TaskRun> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicLong origin = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong end = new AtomicLong();
  private final AtomicLong planned = new AtomicLong();

  @Override
  public void onStart(Graph graph, List<String> keys) {
    origin.compareAndSet(Long.MIN_VALUE, System.nanoTime());
    planned.addAndGet(runnable(graph));
  }

  @Override
  public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
    long now = System.nanoTime() - origin.get();
    tasks.add(new TaskRun(key, kind(key), worker, Math.max(0, now - nanos), nanos, failure != null, false));
  }

  @Override
  public void onCacheHit(String key, int worker, long nanos) {
    long now = System.nanoTime() - origin.get();
    tasks.add(new TaskRun(key, kind(key), worker, Math.max(0, now - nanos), nanos, false, true));
  }

  @Override
  public void onFinish(Throwable failure) {
    end.accumulateAndGet(System.nanoTime() - origin.get(), Math::max);
  }

  /** The number of nodes of {@code graph} the scheduler runs (tasks, aliases and lists; not literals). */
  static long runnable(Graph graph) {
    long n = 0;
    for (String key : graph.keys()) {
      Object node = graph.node(key);
      if (node instanceof Task || node instanceof List || (node instanceof String s && graph.contains(s))) {
        n++;
      }
    }
    return n;
  }

  /** The kind of a task key, e.g. {@code chunk} for {@code chunk-<token>}. */
  static String kind(String key) {
    Matcher m = TOKEN.matcher(key);
    return m.find() && !m.group(1).isEmpty() ? m.group(1) : key;
  }

  /** The recorded tasks, by start time. */
  List<TaskRun> tasks() {
    List<TaskRun> all = new ArrayList<>(tasks);
    all.sort(Comparator.comparingLong(TaskRun::start));
    return all;
  }

  /** Nanoseconds from the first run's start to the last run's end (0 when nothing ran). */
  long wallNanos() {
    return end.get();
  }

  /** Tasks in the graphs run so far. */
  long planned() {
    return planned.get();
  }

  /**
   * Per kind, by kind name: tasks run, their summed and their longest nanoseconds, and results read from
   * the cache instead.
   */
  Map<String, long[]> byKind() {
    Map<String, long[]> out = new TreeMap<>();
    for (TaskRun t : tasks) {
      long[] c = out.computeIfAbsent(t.kind(), k -> new long[4]);
      if (t.cached()) {
        c[3]++;
      } else {
        c[0]++;
        c[1] += t.nanos();
        c[2] = Math.max(c[2], t.nanos());
      }
    }
    return out;
  }
}
