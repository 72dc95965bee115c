package dev.partita.graph;

import java.util.List;

/** Functions used by the tests' graphs. */
final class Fns {
    private Fns() {
    }

    static int inc(int x) {
        return x + 1;
    }

    static int add(int x, int y) {
        return x + y;
    }

    static long sum(List<Object> args) {
        long total = 0;
        for (Object a : args) {
            total += ((Number) a).longValue();
        }
        return total;
    }

    static Object identity(Object x) {
        return x;
    }
}
