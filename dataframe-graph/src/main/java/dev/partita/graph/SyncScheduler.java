package dev.partita.graph;

/** Runs the plan on the calling thread, one node after another in priority order. */
final class SyncScheduler extends BaseScheduler {
    SyncScheduler(Listeners listeners, TaskCache cache) {
        super(listeners, cache);
    }

    @Override
    public Scheduler withListener(SchedulerListener listener) {
        return new SyncScheduler(listeners.with(listener), cache);
    }

    @Override
    public Scheduler withCache(TaskCache cache) {
        return new SyncScheduler(listeners, cache);
    }

    @Override
    void execute(Plan plan, Results results, Evaluator evaluator) {
        for (int id : plan.order) {
            if (!plan.computed(id)) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw cancelled(new InterruptedException());
            }
            Object value;
            try {
                value = evaluator.run(id, 0, results.values, Evaluator.FailureSink.NONE);
            } catch (TaskFailedException e) {
                if (e.getCause() instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw cancelled((InterruptedException) e.getCause());
                }
                throw e;
            }
            results.store(id, value);
            Throwable closeFailure = ValueHolds.close(results.takeUnheld());
            if (closeFailure != null) {
                throw new TaskFailedException(plan.graph.key(id), closeFailure);
            }
        }
    }
}
