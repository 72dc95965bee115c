package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GraphTest {
    private static final Scheduler SYNC = Schedulers.sync();

    private static Graph example() {
        return Graph.builder().value("x", 1).task("y", Fns::inc, "x").task("z", Fns::add, "x", "y").build();
    }

    @Test
    void builderAndDictStyleGiveTheSameResults() {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("x", 1);
        dict.put("y", Task.of(Fns::inc, "x"));
        dict.put("z", Task.of(Fns::add, "x", "y"));
        Graph g = Graph.of(dict);
        assertEquals(3, SYNC.get(g, "z"));
        assertEquals(3, SYNC.get(example(), "z"));
        assertEquals(List.of("x", "y", "z"), new ArrayList<>(g.keys()));
        assertEquals(3, g.size());
        assertTrue(g.contains("y"));
        assertEquals(1, g.node("x"));
        assertEquals("inc", ((Task) g.node("y")).name());
    }

    @Test
    void lambdasAndMethodReferencesCompileWithoutCasts() {
        Task method = Task.of(Fns::inc, "x");
        Task lambda = Task.of((Integer a, Integer b) -> a * b, "x", 7);
        Task untyped = Task.of(a -> "v" + a, "x");
        Task three = Task.of((Integer a, Integer b, Integer c) -> a + b + c, "x", 1, 2);
        Task four = Task.of((Integer a, Integer b, Integer c, Integer d) -> a + b + c + d, "x", 1, 2, 3);
        Task none = Task.of(() -> 5);
        Graph g = Graph.builder().value("x", 2).task("m", method).task("l", lambda).task("u", untyped)
                .task("t3", three).task("t4", four).task("t0", none).task("b", (Integer x) -> x - 1, "x").build();
        Map<String, Object> r = SYNC.get(g, List.of("m", "l", "u", "t3", "t4", "t0", "b"));
        assertEquals(List.of(3, 14, "v2", 5, 8, 5, 1), new ArrayList<>(r.values()));
    }

    @Test
    void stringEqualToKeyIsReferenceOtherStringsAndLiteralsAreNot() {
        Graph g = Graph.builder().value("x", 10)
                .task("ref", Fns::identity, "x")
                .task("plain", Fns::identity, "not a key")
                .task("escaped", Fns::identity, Task.literal("x"))
                .task("escapedTask", Fns::identity, Task.literal(Task.of(Fns::inc, "x")))
                .build();
        Map<String, Object> r = SYNC.get(g, List.of("ref", "plain", "escaped", "escapedTask"));
        assertEquals(10, r.get("ref"));
        assertEquals("not a key", r.get("plain"));
        assertEquals("x", r.get("escaped"));
        assertTrue(r.get("escapedTask") instanceof Task);
        assertEquals(Set.of("x"), g.dependencies("ref"));
        assertEquals(Set.of(), g.dependencies("escaped"));
    }

    @Test
    void nestedTasksRunInlineAndListsAreSubstitutedRecursively() {
        Graph g = Graph.builder().value("x", 1).value("y", 2)
                .task("nested", Fns::add, Task.of(Fns::inc, "x"), Task.of(Fns::inc, Task.of(Fns::inc, "y")))
                .task("list", Fns::identity, List.of("x", List.of("y", "z"), Task.of(Fns::inc, "y")))
                .build();
        assertEquals(6, SYNC.get(g, "nested"));
        assertEquals(List.of(1, List.of(2, "z"), 3), SYNC.get(g, "list"));
        assertEquals(Set.of("x", "y"), g.dependencies("nested"));
        assertEquals(Set.of("x", "y"), g.dependencies("list"));
    }

    @Test
    void varargsTaskReceivesANewMutableList() {
        List<Object> args = new ArrayList<>(List.of("a", "b", 3));
        Graph g = Graph.builder().value("a", 1).value("b", 2)
                .taskN("s", l -> { l.add(100); return Fns.sum(l); }, args).build();
        assertEquals(106L, SYNC.get(g, "s"));
        assertEquals(List.of("a", "b", 3), args);
    }

    @Test
    void aliasNodeTakesTheValueOfTheKeyItNames() {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("x", 41);
        dict.put("y", Task.of(Fns::inc, "x"));
        dict.put("alias", "y");
        dict.put("text", "hello");
        dict.put("pair", List.of("x", "y"));
        Graph g = Graph.of(dict);
        assertEquals(Map.of("alias", 42, "text", "hello", "pair", List.of(41, 42)),
                SYNC.get(g, List.of("alias", "text", "pair")));
        assertEquals(Set.of("y"), g.dependencies("alias"));
    }

    @Test
    void dependenciesAndDependents() {
        Graph g = Graph.builder().value("x", 1).task("y", Fns::inc, "x").task("z", Fns::add, "x", "y")
                .task("w", Fns::add, "y", "y").build();
        assertEquals(List.of("x", "y"), new ArrayList<>(g.dependencies("z")));
        assertEquals(Set.of("y"), g.dependencies("w"));
        assertEquals(Set.of("y", "z"), g.dependents("x"));
        assertEquals(Set.of("z", "w"), g.dependents("y"));
        assertEquals(Set.of(), g.dependents("w"));
    }

    @Test
    void cullKeepsOnlyWhatTheKeysNeedInOriginalOrder() {
        Graph g = Graph.builder().value("a", 1).value("b", 2).task("c", Fns::inc, "a").task("d", Fns::inc, "b")
                .task("e", Fns::add, "c", "a").build();
        Graph culled = g.cull(List.of("e"));
        assertEquals(List.of("a", "c", "e"), new ArrayList<>(culled.keys()));
        assertEquals(List.of("b", "d"), new ArrayList<>(g.cull(List.of("d")).keys()));
        InvalidGraphException missing = assertThrows(InvalidGraphException.class, () -> g.cull(List.of("nope")));
        assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
    }

    @Test
    void mergeAcceptsEqualNodesAndRejectsConflicts() {
        Task y = Task.of(Fns::inc, "x");
        Graph a = Graph.builder().value("x", 1).task("y", y).build();
        Graph b = Graph.builder().value("x", 1).task("z", Fns::inc, "y").build();
        Graph merged = a.merge(b);
        assertEquals(List.of("x", "y", "z"), new ArrayList<>(merged.keys()));
        assertEquals(3, SYNC.get(merged, "z"));
        assertEquals(merged.keys(), Graph.merge(List.of(a, b, a)).keys());
        Graph conflict = Graph.builder().value("x", 2).build();
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> a.merge(conflict));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        Graph otherFunction = Graph.builder().task("y", Fns::identity, "x").build();
        assertThrows(InvalidGraphException.class, () -> a.merge(otherFunction));
    }

    @Test
    void missingRequestedKeyIsNamed() {
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> SYNC.get(example(), "nope"));
        assertTrue(e.getMessage().contains("Missing key 'nope'") && e.getMessage().contains("get()"), e.getMessage());
        assertThrows(InvalidGraphException.class, () -> example().node("nope"));
    }

    @Test
    void cycleMessageNamesEveryKeyOnTheCycle() {
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> Graph.builder()
                .value("start", 0).task("a", Fns::add, "start", "c").task("b", Fns::inc, "a")
                .task("c", Fns::inc, "b").task("outside", Fns::inc, "a").build());
        String msg = e.getMessage();
        for (String key : List.of("\"a\"", "\"b\"", "\"c\"")) {
            assertTrue(msg.contains(key), msg);
        }
        assertTrue(!msg.contains("start") && !msg.contains("outside"), msg);
        InvalidGraphException self = assertThrows(InvalidGraphException.class,
                () -> Graph.builder().task("s", Fns::inc, "s").build());
        assertTrue(self.getMessage().contains("\"s\" -> \"s\""), self.getMessage());
        Graph left = Graph.builder().task("p", Fns::inc, "q").build();
        Graph right = Graph.builder().task("q", Fns::inc, "p").build();
        assertThrows(InvalidGraphException.class, () -> left.merge(right));
    }

    @Test
    void duplicateKeyInBuilderIsRejected() {
        assertThrows(InvalidGraphException.class, () -> Graph.builder().value("x", 1).value("x", 2));
    }

    @Test
    void toDotDrawsDataAsBoxesAndTasksAsCirclesNamedByFunction() {
        Graph g = Graph.builder().value("x", 1).task("y", Fns::inc, "x")
                .task("z", Task.of(Fns::add, "x", "y").named("plus")).build();
        String dot = g.toDot();
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("\"x\" [shape=box, label=\"x\"]"), dot);
        assertTrue(dot.contains("\"y\" [shape=circle, label=\"inc\"]"), dot);
        assertTrue(dot.contains("\"z\" [shape=circle, label=\"plus\"]"), dot);
        assertTrue(dot.contains("\"x\" -> \"y\""), dot);
        assertTrue(dot.contains("\"y\" -> \"z\""), dot);
        assertTrue(dot.contains("\"x\" -> \"z\""), dot);
    }

    @Test
    void taskEqualityIsByFunctionIdentityAndArguments() {
        F1<Integer, Integer> f = Fns::inc;
        assertEquals(Task.of(f, "x"), Task.of(f, "x"));
        assertEquals(Task.of(f, "x").hashCode(), Task.of(f, "x").hashCode());
        assertNotEquals(Task.of(f, "x"), Task.of(f, "y"));
        F1<Integer, Integer> g = x -> x;
        assertNotEquals(Task.of(f, "x"), Task.of(g, "x"));
        assertEquals("inc", Task.of(f, "x").name());
        assertEquals("custom", Task.of(f, "x").named("custom").name());
        assertEquals(Arrays.asList("x", null), Task.of(Fns::add, "x", null).args());
    }

    @Test
    void graphSurvivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(example());
        }
        Graph copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Graph) in.readObject();
        }
        assertEquals(3, SYNC.get(copy, "z"));
        assertEquals(Set.of("x", "y"), copy.dependencies("z"));
    }

    record Point(int x, String label) {
    }

    @Test
    void tokenizeIsStableAndDistinguishesValues() {
        Map<String, Object> hash = new HashMap<>();
        hash.put("b", 2);
        hash.put("a", List.of(1, 2.5, true));
        Map<String, Object> sorted = new TreeMap<>(hash);
        assertEquals(Graph.tokenize(hash), Graph.tokenize(sorted));
        assertEquals(Graph.tokenize("a", 1, null), Graph.tokenize("a", 1, null));
        assertEquals(Graph.tokenize(new Point(1, "p")), Graph.tokenize(new Point(1, "p")));
        assertEquals(Graph.tokenize(new int[] {1, 2}), Graph.tokenize(new int[] {1, 2}));
        assertEquals(Graph.tokenize(Task.of(Fns::inc, "x")), Graph.tokenize(Task.of(Fns::inc, "x")));
        assertEquals(Graph.tokenize(new BigDecimal("1.50")), Graph.tokenize(new BigDecimal("1.50")));

        List<String> distinct = List.of(
                Graph.tokenize("a"), Graph.tokenize("b"), Graph.tokenize(1), Graph.tokenize(1L),
                Graph.tokenize(1.0), Graph.tokenize("1"), Graph.tokenize((Object) null), Graph.tokenize(true),
                Graph.tokenize(List.of(1, 2)), Graph.tokenize(List.of(2, 1)), Graph.tokenize("ab", "c"),
                Graph.tokenize("a", "bc"), Graph.tokenize(new Point(1, "p")), Graph.tokenize(new Point(2, "p")),
                Graph.tokenize(DayOfWeek.MONDAY), Graph.tokenize(DayOfWeek.TUESDAY),
                Graph.tokenize(new int[] {1, 2}), Graph.tokenize(new long[] {1, 2}),
                Graph.tokenize(Task.of(Fns::inc, "x")), Graph.tokenize(Task.of(Fns::inc, "y")),
                Graph.tokenize(Task.of(Fns::identity, "x")), Graph.tokenize(Map.of("a", 1)),
                Graph.tokenize(Map.of("a", 2)), Graph.tokenize(new BigDecimal("1.5")),
                Graph.tokenize(new BigDecimal("1.50")));
        assertEquals(distinct.size(), Set.copyOf(distinct).size(), distinct.toString());
        for (String token : distinct) {
            assertTrue(token.matches("[0-9a-f]{32}"), token);
        }
        int n = 3;
        F1<Integer, Integer> capturing = x -> x + n;
        int m = 4;
        F1<Integer, Integer> capturingOther = x -> x + m;
        assertNotEquals(Graph.tokenize(Task.of(capturing, "x")), Graph.tokenize(Task.of(capturingOther, "x")));
        assertThrows(IllegalArgumentException.class, () -> Graph.tokenize(new Object()));
    }

    record Holder(F1<Integer, Integer> fn) implements java.io.Serializable {
    }

    private static Holder adding(int n) {
        return new Holder(x -> x + n);
    }

    @Test
    void aLambdaInsideAValueHashesByItsMethodAndCapturesAcrossCopies() throws Exception {
        Holder three = adding(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(three);
        }
        Holder copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Holder) in.readObject();
        }
        assertEquals(Graph.tokenize(three), Graph.tokenize(copy));
        assertEquals(Graph.tokenize(List.of(three)), Graph.tokenize(List.of(adding(3))));
        assertNotEquals(Graph.tokenize(three), Graph.tokenize(adding(4)));
        assertNotEquals(Graph.tokenize(three), Graph.tokenize(new Holder(x -> x + 3)));
        Comparator<Map.Entry<String, Integer>> byValue = Map.Entry.comparingByValue();
        bytes.reset();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(byValue);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(Graph.tokenize(List.of(byValue)), Graph.tokenize(List.of(in.readObject())),
                    "a lambda of the JDK's hashes alike across copies too");
        }
        assertNotEquals(Graph.tokenize(List.of(byValue)), Graph.tokenize(List.of(byValue.reversed())));
    }

    @Test
    void tokenizeOfAFixedInputIsAFixedValue() {
        assertEquals("33c0a4440fed41e874440cca6d56e021", Graph.tokenize("partita", 42, List.of(1.5, true), Map.of("k", "v")));
    }
}
