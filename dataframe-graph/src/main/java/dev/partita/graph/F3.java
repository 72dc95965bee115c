package dev.partita.graph;

import java.io.Serializable;

/**
 * A serializable task function of three arguments; it may throw checked exceptions.
 *
 * <pre>{@code
 * F3<Integer, Integer, Integer, Integer> add3 = (a, b, c) -> a + b + c;
 * Task t = Task.of(add3, "x", "y", 3);
 * }</pre>
 */
@FunctionalInterface
public interface F3<A, B, C, R> extends Serializable {
    /** Runs the function. */
    R apply(A a, B b, C c) throws Exception;
}
