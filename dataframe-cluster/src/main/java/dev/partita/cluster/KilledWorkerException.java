package dev.partita.cluster;

import java.util.List;

/**
 * A task was running on members that all left the cluster, as many times as a task may be tried: it may be
 * what kills them (it runs out of memory, crashes the JVM), so it is not tried again. The cause of the
 * run's {@link dev.partita.graph.TaskFailedException}, as dask's {@code KilledWorker}.
 *
 * <pre>{@code
 * catch (TaskFailedException e) { if (e.getCause() instanceof KilledWorkerException k) log(k.members()); }
 * }</pre>
 */
public final class KilledWorkerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> members;

    KilledWorkerException(String key, List<String> members) {
        super("task '" + key + "' was running on " + members.size() + " members that left the cluster ("
                + String.join(", ", members) + "); it is not tried again");
        this.members = List.copyOf(members);
    }

    /** The addresses of the members that left while running the task, in order. */
    public List<String> members() {
        return members;
    }
}
