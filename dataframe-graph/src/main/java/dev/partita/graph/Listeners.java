package dev.partita.graph;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** An immutable list of listeners; {@link #open()} gives the notifier of one run. */
final class Listeners {
    static final Listeners NONE = new Listeners(new SchedulerListener[0]);

    private final SchedulerListener[] all;

    private Listeners(SchedulerListener[] all) {
        this.all = all;
    }

    Listeners with(SchedulerListener listener) {
        SchedulerListener[] more = Arrays.copyOf(all, all.length + 1);
        more[all.length] = Objects.requireNonNull(listener, "listener");
        return new Listeners(more);
    }

    Notifier open() {
        return new Notifier(all);
    }

    /**
     * Calls the listeners of one run, recording the first exception any of them throws. An {@link Error} is
     * also rethrown at once: it ends the run (an exception does not, a listener being an observer), except
     * from {@link #taskEnd} of a failed task and from {@link #finish}, when the run is ending anyway.
     */
    static final class Notifier {
        private final SchedulerListener[] all;
        private final boolean releaseObserved;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        final boolean active;

        private Notifier(SchedulerListener[] all) {
            this.all = all;
            this.active = all.length > 0;
            this.releaseObserved = Arrays.stream(all).anyMatch(l -> l instanceof ReleaseListener);
        }

        void start(Graph graph, List<String> keys) {
            for (SchedulerListener l : all) {
                try {
                    l.onStart(graph, keys);
                } catch (Throwable e) {
                    failed(e);
                }
            }
        }

        void taskStart(String key, int worker) {
            for (SchedulerListener l : all) {
                try {
                    l.onTaskStart(key, worker);
                } catch (Throwable e) {
                    failed(e);
                }
            }
        }

        void taskEnd(String key, int worker, long nanos, Throwable error) {
            for (SchedulerListener l : all) {
                try {
                    l.onTaskEnd(key, worker, nanos, error);
                } catch (Throwable e) {
                    if (error == null) {
                        failed(e);
                    } else {
                        record(e);
                    }
                }
            }
        }

        void cacheHit(String key, int worker, long nanos) {
            for (SchedulerListener l : all) {
                try {
                    l.onCacheHit(key, worker, nanos);
                } catch (Throwable e) {
                    failed(e);
                }
            }
        }

        void cacheProblem(String key, Path entry, String problem) {
            for (SchedulerListener l : all) {
                try {
                    l.onCacheProblem(key, entry, problem);
                } catch (Throwable e) {
                    failed(e);
                }
            }
        }

        void finish(Throwable error) {
            for (SchedulerListener l : all) {
                try {
                    l.onFinish(error);
                } catch (Throwable e) {
                    record(e);
                }
            }
        }

        void released(String key) {
            if (releaseObserved) {
                for (SchedulerListener l : all) {
                    if (l instanceof ReleaseListener) {
                        try {
                            ((ReleaseListener) l).onRelease(key);
                        } catch (Throwable e) {
                            failed(e);
                        }
                    }
                }
            }
        }

        Throwable failure() {
            return failure.get();
        }

        private void record(Throwable e) {
            failure.compareAndSet(null, e);
        }

        private void failed(Throwable e) {
            record(e);
            if (e instanceof Error) {
                throw (Error) e;
            }
        }
    }
}
