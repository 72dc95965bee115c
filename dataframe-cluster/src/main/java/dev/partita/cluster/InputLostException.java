package dev.partita.cluster;

import java.util.UUID;

/**
 * A task's input could not be fetched because the member holding it left or no longer has it: the client
 * computes the input again (or reads another copy) and runs the task again, which is not the task's failure.
 */
final class InputLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int node;
    final UUID holder;

    InputLostException(int node, UUID holder, Throwable cause) {
        super("input " + node + " is no longer held by member " + holder, cause);
        this.node = node;
        this.holder = holder;
    }

    /** The input loss in {@code t}'s cause chain, or null. */
    static InputLostException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InputLostException) {
                return (InputLostException) c;
            }
        }
        return null;
    }
}
