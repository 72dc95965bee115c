package dev.partita.graph;

import java.io.Serializable;

/**
 * A serializable task function of four arguments; it may throw checked exceptions.
 *
 * <pre>{@code
 * F4<Integer, Integer, Integer, Integer, Integer> add4 = (a, b, c, d) -> a + b + c + d;
 * Task t = Task.of(add4, "w", "x", "y", 4);
 * }</pre>
 */
@FunctionalInterface
public interface F4<A, B, C, D, R> extends Serializable {
    /** Runs the function. */
    R apply(A a, B b, C c, D d) throws Exception;
}
