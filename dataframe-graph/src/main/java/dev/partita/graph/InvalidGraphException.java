package dev.partita.graph;

/**
 * Thrown when a graph is malformed: a requested key is missing, two merged graphs disagree on a key,
 * or the dependencies form a cycle (the message names every key on the cycle).
 *
 * <pre>{@code
 * Graph.builder().task("a", Example::inc, "b").task("b", Example::inc, "a").build();   // throws: a -> b -> a
 * }</pre>
 */
public class InvalidGraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public InvalidGraphException(String message) {
        super(message);
    }
}
