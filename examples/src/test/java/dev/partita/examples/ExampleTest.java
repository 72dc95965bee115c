package dev.partita.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.partita.graph.F1;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.Schedulers;
import dev.partita.graph.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleTest {
    @Test
    void builderAndDictGraphsComputeZ() {
        for (Scheduler s : List.of(Schedulers.sync(), Schedulers.local())) {
            assertEquals(3, s.get(Example.builderGraph(), "z"));
            assertEquals(3, s.get(Example.dictGraph(), "z"));
            assertEquals(Map.of("y", 2, "z", 3), s.get(Example.builderGraph(), List.of("y", "z")));
        }
    }

    @Test
    void methodReferencesAndLambdasNeedNoCasts() {
        Task byReference = Task.of(Example::inc, "x");
        Task byLambda = Task.of((Integer x) -> x * 10, "x");
        F1<Integer, Integer> typed = x -> x - 1;
        Graph g = Graph.builder().value("x", 5).task("a", byReference).task("b", byLambda).task("c", typed, "x")
                .task("d", (Integer x, Integer y) -> x * y, "a", "b").build();
        assertEquals(Map.of("a", 6, "b", 50, "c", 4, "d", 300), Schedulers.local(2).get(g, List.of("a", "b", "c", "d")));
        assertEquals("inc", byReference.name());
    }
}
