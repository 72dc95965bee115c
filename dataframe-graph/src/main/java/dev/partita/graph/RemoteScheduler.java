package dev.partita.graph;

/**
 * A scheduler whose tasks run in other processes: planning, listeners and the outcome are the base
 * scheduler's, the tasks the executor's. A cache of task results is not supported: its entries are read and
 * written where tasks run, so it would need a directory every process shares, which nothing checks yet.
 */
final class RemoteScheduler extends BaseScheduler {
    private final RemoteExecutor executor;

    RemoteScheduler(RemoteExecutor executor, Listeners listeners) {
        super(listeners, null);
        this.executor = executor;
    }

    @Override
    public Scheduler withListener(SchedulerListener listener) {
        return new RemoteScheduler(executor, listeners.with(listener));
    }

    @Override
    public Scheduler withCache(TaskCache cache) {
        throw new UnsupportedOperationException("a task cache is not supported on a remote scheduler: its tasks run "
                + "in other processes, which would need a directory they all share");
    }

    @Override
    void execute(Plan plan, Results results, Evaluator evaluator) {
        try {
            executor.execute(new RemoteRun(plan, results, evaluator.notifier()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(e);
        } catch (Exception e) {
            throw unchecked(e, "The remote run failed");
        }
    }
}
