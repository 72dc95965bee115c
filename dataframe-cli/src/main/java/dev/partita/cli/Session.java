package dev.partita.cli;

import dev.partita.ComputeOptions;
import dev.partita.cluster.ClusterScheduler;
import dev.partita.exec.Memory;
import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one command run needs besides its own options: the output streams, the global options and the
 * scheduler listeners they ask for (progress bar, report recorder, cache warnings). Closing it ends the progress bar and
 * writes the {@code --report} file.
 */
final class Session implements AutoCloseable {
  final PrintStream out;
  final PrintStream err;
  final Main options;
  private final RunRecorder recorder;
  private final ProgressListener progress;
  /** The cluster of {@code --cluster}, connected on first use; null until then or without it. */
  private ClusterScheduler cluster;

  Session(Main options, PrintStream out, PrintStream err, boolean terminal) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.recorder = options.report != null ? new RunRecorder() : null;
    this.progress = terminal && !options.quiet ? new ProgressListener(err) : null;
  }

  /** The listeners every scheduler run of this command should notify. */
  List<SchedulerListener> listeners() {
    List<SchedulerListener> all = new ArrayList<>(3);
    if (options.cache != null) {
      all.add(new SchedulerListener() {
        @Override
        public void onCacheProblem(String key, Path entry, String problem) {
          err.println("partita: cache entry " + entry.getFileName() + ": " + problem + " (recomputing)");
        }
      });
    }
    if (recorder != null) {
      all.add(recorder);
    }
    if (progress != null) {
      all.add(progress);
    }
    return all;
  }

  /** One listener forwarding to {@link #listeners()}. */
  SchedulerListener listener() {
    List<SchedulerListener> all = listeners();
    return new SchedulerListener() {
      @Override
      public void onStart(Graph graph, List<String> keys) {
        all.forEach(l -> l.onStart(graph, keys));
      }

      @Override
      public void onTaskStart(String key, int worker) {
        all.forEach(l -> l.onTaskStart(key, worker));
      }

      @Override
      public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
        all.forEach(l -> l.onTaskEnd(key, worker, nanos, failure));
      }

      @Override
      public void onCacheHit(String key, int worker, long nanos) {
        all.forEach(l -> l.onCacheHit(key, worker, nanos));
      }

      @Override
      public void onCacheProblem(String key, Path entry, String problem) {
        all.forEach(l -> l.onCacheProblem(key, entry, problem));
      }

      @Override
      public void onFinish(Throwable failure) {
        all.forEach(l -> l.onFinish(failure));
      }
    };
  }

  /**
   * How to compute: the global options' threads and memory limit, notifying {@link #listeners()}; with
   * {@code --cluster}, on that cluster, as many tasks at once as its workers have threads.
   */
  ComputeOptions compute() {
    if (options.threads < 1) {
      throw new UsageException("--threads must be at least 1, got " + options.threads);
    }
    ComputeOptions o = ComputeOptions.defaults().threads(options.threads);
    if (options.memory != null) {
      o = o.memoryLimit(options.memory);
    }
    if (options.cluster != null) {
      if (options.cache != null) {
        throw new UsageException("--cache does not work with --cluster: the workers would need a directory they"
            + " all share");
      }
      if (cluster == null) {
        cluster = ClusterScheduler.connect(options.cluster);
      }
      o = o.scheduler(cluster).threads(Math.max(1, cluster.threads()));
    }
    if (options.cache != null) {
      o = o.cache(options.cache, options.cacheMax == null ? 0 : options.cacheMax);
    } else if (options.cacheMax != null) {
      throw new UsageException("--cache-max needs --cache DIR");
    }
    return listeners().isEmpty() ? o : o.listener(listener());
  }

  /** Ends the progress bar's line before a command prints its results. */
  void endProgress() {
    if (progress != null) {
      progress.end();
    }
  }

  @Override
  public void close() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    if (progress != null) {
      progress.close();
    }
    if (recorder != null) {
      HtmlReport.write(options.report, options.commandLine(), recorder, OptionalLong.empty(),
          OptionalLong.of(Memory.root().getPeakMemoryAllocation()));
    }
  }
}
