package dev.partita.cli;

import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar of tasks done over tasks planned, with elapsed time and ETA, on a terminal's stderr. It
 * appears only once a run has lasted {@link #DELAY}, so quick commands print nothing. Create it only when
 * stderr is a terminal: the bar library probes the terminal as soon as a bar exists. {@link #end} ends a
 * run's bar; {@link #close} also stops the timer thread.
 */
final class ProgressListener implements SchedulerListener, AutoCloseable {
  static final Duration DELAY = Duration.ofSeconds(1);

  private final PrintStream err;
  private final Duration delay;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "partita-progress");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong planned = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private volatile long started;
  private ProgressBar bar;
  private ScheduledFuture<?> pending;

  ProgressListener(PrintStream err) {
    this(err, DELAY);
  }

  /** A listener showing its bar after {@code delay} (or when {@link #show} is called). */
  ProgressListener(PrintStream err, Duration delay) {
    this.err = err;
    this.delay = delay;
  }

  @Override
  public synchronized void onStart(Graph graph, List<String> keys) {
    planned.addAndGet(RunRecorder.runnable(graph));
    if (bar != null) {
      bar.maxHint(planned.get());
    } else if (pending == null) {
      started = System.nanoTime();
      pending = timer.schedule(this::show, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
    step();
  }

  @Override
  public void onCacheHit(String key, int worker, long nanos) {
    step();
  }

  private void step() {
    long n = done.incrementAndGet();
    ProgressBar b;
    synchronized (this) {
      b = bar;
    }
    if (b != null) {
      b.stepTo(n);
    }
  }

  /** Tasks a cache made unnecessary never report; a finished run counts as planned what it did. */
  @Override
  public synchronized void onFinish(Throwable failure) {
    if (failure == null) {
      planned.set(done.get());
    }
    if (bar != null) {
      bar.maxHint(planned.get());
      bar.stepTo(done.get());
    }
  }

  /** Shows the bar of the current run, if there is one and it is not shown yet. */
  synchronized void show() {
    if (bar != null || pending == null) {
      return;
    }
    bar = new ProgressBarBuilder()
        .setTaskName("partita")
        .setInitialMax(planned.get())
        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .setUpdateIntervalMillis(200)
        .setUnit(" tasks", 1)
        .startsFrom(done.get(), Duration.ofNanos(System.nanoTime() - started))
        .build();
  }

  /**
   * Finishes the bar's line, if a bar was shown, before the command prints; the next run starts a new
   * bar (after its own delay).
   */
  synchronized void end() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    if (bar != null) {
      bar.stepTo(done.get());
      bar.close();
      bar = null;
    }
    planned.set(0);
    done.set(0);
  }

  /** Ends the bar and stops the timer thread; the listener is not used after. */
  @Override
  public void close() {
    end();
    timer.shutdownNow();
  }
}
