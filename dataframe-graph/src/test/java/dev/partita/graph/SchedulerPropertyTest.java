package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property: on random DAGs (random size, fan-in, literals and requested keys), every scheduler agrees. */
class SchedulerPropertyTest {
    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void localSchedulersAgreeWithSyncOnRandomDags(long seed) {
        Random random = new Random(seed);
        int size = 1 + random.nextInt(200);
        int maxFanIn = random.nextInt(7);
        Graph.Builder b = Graph.builder();
        List<String> requested = new ArrayList<>();
        FN<Long> sum = Fns::sum;
        for (int i = 0; i < size; i++) {
            String key = "n" + i;
            if (i == 0 || random.nextInt(5) == 0) {
                b.value(key, (long) random.nextInt(1000));
            } else {
                List<Object> args = new ArrayList<>();
                int fanIn = random.nextInt(maxFanIn + 1);
                for (int j = 0; j < fanIn; j++) {
                    args.add("n" + random.nextInt(i));
                }
                args.add((long) i);
                b.taskN(key, sum, args);
            }
            if (random.nextInt(4) == 0) {
                requested.add(key);
            }
        }
        requested.add("n" + (size - 1));
        Graph g = b.build();
        Map<String, Object> expected = Schedulers.sync().get(g, requested);
        for (int threads = 1; threads <= 4; threads++) {
            assertEquals(expected, Schedulers.local(threads).get(g, requested), "seed=" + seed + " threads=" + threads);
        }
    }
}
