package dev.partita.graph;

/**
 * Runs the tasks of a {@link RemoteRun} in other processes; what {@link Schedulers#remote} builds a scheduler
 * from. {@link #execute} returns once every computed node of the run has {@linkplain RemoteRun#finished
 * finished}, or throws what ended the run (a {@link RemoteRun#failed} task's exception, a lost cluster).
 *
 * <pre>{@code
 * Scheduler s = Schedulers.remote(run -> cluster.runAll(run));
 * Object z = s.get(graph, "z");
 * }</pre>
 */
@FunctionalInterface
public interface RemoteExecutor {
    /** Runs every computed node of {@code run}. */
    void execute(RemoteRun run) throws Exception;
}
