package dev.partita.graph;

import java.io.Serializable;

/**
 * A serializable task function of two arguments; it may throw checked exceptions.
 *
 * <pre>{@code
 * F2<Integer, Integer, Integer> add = Integer::sum;
 * Graph.builder().value("x", 1).value("y", 2).task("z", add, "x", "y");
 * }</pre>
 */
@FunctionalInterface
public interface F2<A, B, R> extends Serializable {
    /** Runs the function. */
    R apply(A a, B b) throws Exception;
}
