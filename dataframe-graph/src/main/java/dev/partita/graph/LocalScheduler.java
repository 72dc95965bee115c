package dev.partita.graph;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the plan on a pool of daemon threads started for one {@code get} call and joined before it returns.
 * Workers pull ready tasks from one priority queue guarded by one lock.
 */
final class LocalScheduler extends BaseScheduler {
    private static final AtomicLong RUNS = new AtomicLong();

    private final int threads;

    LocalScheduler(int threads, Listeners listeners, TaskCache cache) {
        super(listeners, cache);
        this.threads = threads;
    }

    @Override
    public Scheduler withListener(SchedulerListener listener) {
        return new LocalScheduler(threads, listeners.with(listener), cache);
    }

    @Override
    public Scheduler withCache(TaskCache cache) {
        return new LocalScheduler(threads, listeners, cache);
    }

    @Override
    void execute(Plan plan, Results results, Evaluator evaluator) {
        new Run(plan, results, evaluator, threads).execute();
    }

    /** The state of one run. Every field below {@code lock} is guarded by it. */
    private static final class Run implements Evaluator.FailureSink {
        private final Graph graph;
        private final int[] order;
        private final int[] rank;
        private final int[] dependentStart;
        private final int[] dependentIds;
        private final Results results;
        private final Evaluator evaluator;
        private final Thread[] workers;
        private final int total;

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition workAvailable = lock.newCondition();
        private final Condition runOver = lock.newCondition();
        /** Per node: how many of its computed dependencies have not finished. */
        private final int[] waiting;
        /** Ranks (positions in {@code order}) of tasks whose dependencies have all finished. */
        private final IntHeap ready;
        /** Per worker: whether it is running a task (so it is interrupted on failure). */
        private final boolean[] running;
        private int finished;
        private int idle;
        private boolean stopped;
        private Throwable failure;

        Run(Plan plan, Results results, Evaluator evaluator, int threads) {
            this.graph = plan.graph;
            this.order = plan.order;
            this.results = results;
            this.evaluator = evaluator;
            int n = graph.size();
            rank = new int[n];
            waiting = new int[n];
            dependentStart = new int[n + 1];
            int computed = 0;
            int edges = 0;
            for (int r = 0; r < order.length; r++) {
                int id = order[r];
                rank[id] = r;
                if (plan.computed(id)) {
                    computed++;
                    for (int dep : graph.deps(id)) {
                        if (plan.computed(dep)) {
                            waiting[id]++;
                            dependentStart[dep + 1]++;
                            edges++;
                        }
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                dependentStart[i + 1] += dependentStart[i];
            }
            dependentIds = new int[edges];
            int[] fill = new int[n];
            ready = new IntHeap(Math.min(order.length, 1024));
            for (int r = 0; r < order.length; r++) {
                int id = order[r];
                if (plan.computed(id)) {
                    for (int dep : graph.deps(id)) {
                        if (plan.computed(dep)) {
                            dependentIds[dependentStart[dep] + fill[dep]++] = id;
                        }
                    }
                    if (waiting[id] == 0) {
                        ready.add(r);
                    }
                }
            }
            total = computed;
            workers = new Thread[Math.min(threads, Math.max(total, 1))];
            running = new boolean[workers.length];
        }

        void execute() {
            if (total == 0) {
                return;
            }
            long run = RUNS.incrementAndGet();
            boolean interrupted = false;
            lock.lock();
            try {
                startWorkers(run);
                while (!stopped) {
                    runOver.await();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                abort(cancelled(e));
            } finally {
                lock.unlock();
            }
            for (Thread t : workers) {
                while (t != null && t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw unchecked(failure, "The run failed");
            }
        }

        /** Starts the workers (under the lock); when one cannot start, the run ends with why. */
        private void startWorkers(long run) {
            try {
                for (int w = 0; w < workers.length; w++) {
                    int worker = w;
                    Thread t = new Thread(() -> work(worker), "partita-local-" + run + "-" + w);
                    t.setDaemon(true);
                    t.start();
                    workers[w] = t;
                }
            } catch (Throwable e) {
                abort(e);
            }
        }

        /**
         * Runs tasks until the run is over. Anything thrown, by a task or by the bookkeeping around it, ends the
         * run: a worker that died without stopping it would leave {@link #execute} waiting forever.
         */
        private void work(int worker) {
            lock.lock();
            try {
                for (int id = next(worker); id >= 0; id = next(worker)) {
                    Object value;
                    lock.unlock();
                    try {
                        value = evaluator.run(id, worker, results.values, this);
                    } finally {
                        lock.lock();
                    }
                    running[worker] = false;
                    complete(id, value);
                    closeUnheld(id);
                }
            } catch (Throwable e) {
                abort(e);
            } finally {
                lock.unlock();
            }
        }

        /** The next task for {@code worker}, waiting for one if need be; -1 once the run is over. */
        private int next(int worker) {
            while (!stopped) {
                if (!ready.isEmpty()) {
                    running[worker] = true;
                    return order[ready.poll()];
                }
                idle++;
                try {
                    workAvailable.await();
                } catch (InterruptedException e) {
                    // Only stop() interrupts workers; the loop condition sees it.
                } finally {
                    idle--;
                }
            }
            return -1;
        }

        /** Closes, outside the lock, the values whose last holder {@code id}'s completion released. */
        private void closeUnheld(int id) {
            List<AutoCloseable> unheld = results.takeUnheld();
            if (unheld.isEmpty()) {
                return;
            }
            lock.unlock();
            Throwable error;
            try {
                error = ValueHolds.close(unheld);
            } finally {
                lock.lock();
            }
            if (error != null) {
                abort(new TaskFailedException(graph.key(id), error));
            }
        }

        private void complete(int id, Object value) {
            if (stopped) {
                results.discard(value);
                return;
            }
            results.store(id, value);
            finished++;
            for (int i = dependentStart[id]; i < dependentStart[id + 1]; i++) {
                int dependent = dependentIds[i];
                if (--waiting[dependent] == 0) {
                    ready.add(rank[dependent]);
                }
            }
            if (finished == total) {
                stop();
                return;
            }
            for (int wake = Math.min(ready.size() - 1, idle); wake > 0; wake--) {
                workAvailable.signal();
            }
        }

        /**
         * Called by the failing worker before the listeners hear of the failure: once one has, only
         * tasks other workers had already taken may still begin.
         */
        @Override
        public void failed(TaskFailedException failure) {
            lock.lock();
            try {
                abort(failure);
            } finally {
                lock.unlock();
            }
        }

        /** Ends the run with {@code error} unless it already failed; called under the lock. */
        private void abort(Throwable error) {
            if (failure == null) {
                failure = error;
            }
            stop();
        }

        private void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            for (int w = 0; w < workers.length; w++) {
                if (running[w] && workers[w] != Thread.currentThread()) {
                    workers[w].interrupt();
                }
            }
            workAvailable.signalAll();
            runOver.signal();
        }
    }
}
