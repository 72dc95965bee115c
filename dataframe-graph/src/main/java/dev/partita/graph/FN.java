package dev.partita.graph;

import java.io.Serializable;
import java.util.List;

/**
 * A serializable task function of a list of arguments (any number); it may throw checked exceptions.
 *
 * <pre>{@code
 * FN<Integer> sum = args -> args.stream().mapToInt(a -> (Integer) a).sum();
 * Task t = Task.ofN(sum, List.of("x", "y", 3));
 * }</pre>
 */
@FunctionalInterface
public interface FN<R> extends Serializable {
    /** Runs the function. */
    R apply(List<Object> args) throws Exception;
}
