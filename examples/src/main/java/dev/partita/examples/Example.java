package dev.partita.examples;

import dev.partita.graph.Graph;
import dev.partita.graph.Schedulers;
import dev.partita.graph.Task;
import java.util.List;
import java.util.Map;

/**
 * The smallest task graph, built both with the builder and in dask's dictionary style.
 *
 * <pre>{@code
 * Graph g = Graph.builder().value("x", 1).task("y", Example::inc, "x").task("z", Example::add, "x", "y").build();
 * Object z = Schedulers.local().get(g, "z");   // 3
 * }</pre>
 */
public final class Example {
    private Example() {
    }

    /** {@code x + 1}. */
    public static int inc(int x) {
        return x + 1;
    }

    /** {@code x + y}. */
    public static int add(int x, int y) {
        return x + y;
    }

    /** The builder-style graph {@code x = 1, y = inc(x), z = add(x, y)}. */
    public static Graph builderGraph() {
        return Graph.builder().value("x", 1).task("y", Example::inc, "x").task("z", Example::add, "x", "y").build();
    }

    /** The same graph in dictionary style. */
    public static Graph dictGraph() {
        return Graph.of(Map.of("x", 1, "y", Task.of(Example::inc, "x"), "z", Task.of(Example::add, "x", "y")));
    }

    /** Prints z and {y, z} computed from both graphs. */
    public static void main(String[] args) {
        for (Graph g : List.of(builderGraph(), dictGraph())) {
            Object z = Schedulers.local().get(g, "z");
            Map<String, Object> r = Schedulers.local().get(g, List.of("y", "z"));
            System.out.println("z = " + z + ", " + r);
        }
    }
}
