package dev.partita.graph;

/**
 * Thrown by {@link Scheduler#get} when a task throws; {@link #getCause()} is the task's own exception.
 *
 * <pre>{@code
 * try { scheduler.get(graph, "z"); }
 * catch (TaskFailedException e) { log(e.key(), e.getCause()); }
 * }</pre>
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /** An exception for the task {@code key} that threw {@code cause}. */
    public TaskFailedException(String key, Throwable cause) {
        super("Task '" + key + "' failed: " + cause, cause);
        this.key = key;
    }

    /** The key of the task that failed. */
    public String key() {
        return key;
    }
}
