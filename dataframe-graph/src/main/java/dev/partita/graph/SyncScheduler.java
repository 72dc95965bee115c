package dev.partita.graph;

/** Runs the plan on the calling thread, one node after another in priority order. */
final class SyncScheduler extends BaseScheduler {
    SyncScheduler(Listeners listeners) {
        super(listeners);
    }

    @Override
    public Scheduler withListener(SchedulerListener listener) {
        return new SyncScheduler(listeners.with(listener));
    }

    @Override
    void execute(Plan plan, Results results, Listeners.Notifier notifier) {
        Graph graph = plan.graph;
        for (int id : plan.order) {
            if (!plan.computed(id)) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw cancelled(new InterruptedException());
            }
            String key = graph.key(id);
            long start = 0;
            if (notifier.active) {
                notifier.taskStart(key, 0);
                start = System.nanoTime();
            }
            Object value;
            try {
                value = Expr.eval(graph.expr(id), results.values);
            } catch (Throwable e) {
                if (notifier.active) {
                    notifier.taskEnd(key, 0, System.nanoTime() - start, e);
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw cancelled((InterruptedException) e);
                }
                throw new TaskFailedException(key, e);
            }
            if (notifier.active) {
                notifier.taskEnd(key, 0, System.nanoTime() - start, null);
            }
            results.store(id, value);
        }
    }
}
