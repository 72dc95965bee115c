package dev.partita.graph;

import java.io.Serializable;

/**
 * A serializable task function of one argument; it may throw checked exceptions.
 *
 * <pre>{@code
 * F1<Integer, Integer> inc = x -> x + 1;
 * Graph.builder().value("x", 1).task("y", inc, "x");
 * }</pre>
 */
@FunctionalInterface
public interface F1<A, R> extends Serializable {
    /** Runs the function. */
    R apply(A a) throws Exception;
}
