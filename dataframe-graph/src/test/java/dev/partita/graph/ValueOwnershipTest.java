package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A run closes the closeable values it no longer needs, hands requested ones over, and closes all on failure. */
class ValueOwnershipTest {

    /** A closeable value that counts how often it was closed. */
    static final class Resource implements AutoCloseable {
        final String name;
        final AtomicInteger closed = new AtomicInteger();

        Resource(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    static Stream<Scheduler> schedulers() {
        return Stream.of(Schedulers.sync(), Schedulers.local(1), Schedulers.local(3));
    }

    static final Resource A = new Resource("a");
    static final Resource B = new Resource("b");

    static Resource a() {
        return A;
    }

    static Resource b() {
        return B;
    }

    static String read(Resource r) {
        assertEquals(0, r.closed.get(), r.name + " was closed while a dependent still needed it");
        return r.name;
    }

    static String both(Resource r, Resource s) {
        return read(r) + read(s);
    }

    static String boom(Resource r, Resource s) {
        throw new IllegalStateException("boom after " + r.name + " and " + s.name);
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void releasedValuesAreClosedOnceAndRequestedOnesAreHandedOver(Scheduler s) {
        A.closed.set(0);
        B.closed.set(0);
        Graph g = Graph.builder()
            .task("a", Task.of(ValueOwnershipTest::a))
            .task("b", Task.of(ValueOwnershipTest::b))
            .task("x", Task.of(ValueOwnershipTest::read, "a"))
            .task("y", Task.of(ValueOwnershipTest::both, "a", "b"))
            .value("ab", List.of("a", "b"))
            .build();
        Map<String, Object> out = s.get(g, List.of("x", "y", "b"));
        assertEquals("aab", out.get("x") + (String) out.get("y"));
        assertEquals(1, A.closed.get(), "a is needed by nobody after x and y");
        assertEquals(0, B.closed.get(), "b was requested: the caller owns it");
        assertTrue(out.get("b") == B);
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void aFailedRunClosesEverythingItHeld(Scheduler s) {
        A.closed.set(0);
        B.closed.set(0);
        Graph g = Graph.builder()
            .task("a", Task.of(ValueOwnershipTest::a))
            .task("b", Task.of(ValueOwnershipTest::b))
            .task("z", Task.of(ValueOwnershipTest::boom, "a", "b"))
            .build();
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> s.get(g, List.of("b", "z")));
        assertEquals("z", e.key());
        assertEquals(1, A.closed.get());
        assertFalse(B.closed.get() > 1, "closed twice");
        assertEquals(1, B.closed.get(), "a requested value is closed when the run fails");
    }
}
