package dev.partita.graph;

import java.io.Serializable;

/**
 * A serializable task function of no argument; it may throw checked exceptions.
 *
 * <pre>{@code
 * F0<Integer> answer = () -> 42;
 * Graph.builder().task("answer", answer);
 * }</pre>
 */
@FunctionalInterface
public interface F0<R> extends Serializable {
    /** Runs the function. */
    R apply() throws Exception;
}
