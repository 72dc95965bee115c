package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache against code that changed and against classes it must not decode: entries named after the code
 * that wrote them, Java serialization checked class by class and behind an allow-list, and temporary files of
 * killed writers swept.
 */
class CacheCodeTest {
    private static final String VERSIONED = "dev.partita.graph.fixture.Versioned";

    @TempDir
    Path dir;

    @TempDir
    Path work;

    private static String versioned(int answer) {
        return "package dev.partita.graph.fixture;\n"
                + "public final class Versioned implements dev.partita.graph.F0<Integer> {\n"
                + "    private static final long serialVersionUID = 1L;\n"
                + "    public Integer apply() { return " + answer + "; }\n"
                + "}\n";
    }

    @SuppressWarnings("unchecked")
    private static F0<Integer> load(URLClassLoader loader) throws ReflectiveOperationException {
        return (F0<Integer>) loader.loadClass(VERSIONED).getConstructor().newInstance();
    }

    @Test
    void anEntryWrittenByAnotherBuildOfTheTaskFunctionIsAMiss() throws Exception {
        Path v1 = Compiled.compile(work.resolve("v1"), VERSIONED, versioned(1));
        Path v2 = Compiled.compile(work.resolve("v2"), VERSIONED, versioned(2));
        try (URLClassLoader one = new URLClassLoader(new URL[] {v1.toUri().toURL()});
                URLClassLoader two = new URLClassLoader(new URL[] {v2.toUri().toURL()})) {
            Scheduler cached = Schedulers.sync().withCache(dir);
            assertEquals(1, cached.get(Graph.builder().task("v", load(one)).build(), "v"));
            TaskCacheTest.Counter c = new TaskCacheTest.Counter();
            assertEquals(2, cached.withListener(c).get(Graph.builder().task("v", load(two)).build(), "v"),
                    "the entry of the first build was read for the second");
            assertEquals(List.of("v"), c.ran);
            TaskCacheTest.Counter again = new TaskCacheTest.Counter();
            assertEquals(2, cached.withListener(again).get(Graph.builder().task("v", load(two)).build(), "v"));
            assertEquals(List.of("v"), again.hits);
        }
    }

    static String concat(String a, String b) {
        return a + b;
    }

    @Test
    void registeredCodeIsInEveryEntryName() throws IOException {
        Graph g = Graph.builder().value("a", "x").task("y", CacheCodeTest::concat, "a", Task.literal("!")).build();
        TaskCache plain = TaskCache.at(dir);
        TaskCache registered = plain.withCodeOf(CachedState.class);
        TaskCacheTest.Counter first = new TaskCacheTest.Counter();
        Schedulers.sync().withCache(plain).withListener(first).get(g, "y");
        TaskCacheTest.Counter second = new TaskCacheTest.Counter();
        Schedulers.sync().withCache(registered).withListener(second).get(g, "y");
        TaskCacheTest.Counter third = new TaskCacheTest.Counter();
        Schedulers.sync().withCache(plain.withCodeOf(CachedState.class)).withListener(third).get(g, "y");
        assertEquals(List.of("y"), first.ran);
        assertEquals(List.of("y"), second.ran);
        assertEquals(List.of("y"), third.hits);
        assertEquals(2, registered.info().entries());
    }

    @Test
    void aClassWithoutClassFileCannotBeRegistered() {
        Class<?> generated = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class},
                (proxy, method, args) -> null).getClass();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskCache.at(dir).withCodeOf(generated));
        assertEquals("No class file for " + generated.getName() + " on the class path", e.getMessage());
    }

    @Test
    void aJavaSerializedValueDecodesOnlyIntoTheBuildOfItsClassThatWroteIt() throws Exception {
        Codecs.Java codec = new Codecs.Java(List.of("java.", "dev.partita."));
        ByteArrayOutputStream same = new ByteArrayOutputStream();
        codec.write(new CachedState(7), same);
        assertEquals(new CachedState(7), codec.read(new ByteArrayInputStream(same.toByteArray())));

        String name = CachedState.class.getName();
        String other = Files.readString(Path.of("src/test/java/dev/partita/graph/CachedState.java"))
                .replace("count * 2", "count + count");
        try (URLClassLoader loader = Compiled.childFirst(Compiled.compile(work, name, other), name)) {
            Object older = loader.loadClass(name).getConstructor(int.class).newInstance(7);
            assertNotEquals(CachedState.class, older.getClass());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            codec.write(older, bytes);
            TaskCache.BadEntryException e = assertThrows(TaskCache.BadEntryException.class,
                    () -> codec.read(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals("written by another build of " + name + " (its class files changed since)", e.getMessage());
        }
    }

    static X500Principal principal(String cn) {
        return new X500Principal("CN=" + cn);
    }

    static X500Principal[] principals(String cn) {
        return new X500Principal[] {principal(cn)};
    }

    @Test
    void aClassOutsideTheAllowListIsACacheProblemAndRecomputed() {
        Graph g = Graph.builder().value("cn", "partita").task("p", CacheCodeTest::principal, "cn")
                .task("ps", CacheCodeTest::principals, "cn").build();
        Scheduler cached = Schedulers.sync().withCache(dir);
        cached.get(g, List.of("p", "ps"));
        TaskCacheTest.Counter c = new TaskCacheTest.Counter();
        Object again = cached.withListener(c).get(g, List.of("p", "ps")).get("p");
        assertEquals(principal("partita"), again);
        assertEquals(List.of("p", "ps"), c.ran.stream().sorted().toList());
        String allowed = "which the cache does not deserialize: only classes in java.*, dev.partita.* are"
                + " (TaskCache.allowDeserializing adds packages)";
        assertEquals(List.of("p: holds a javax.security.auth.x500.X500Principal, " + allowed,
                "ps: holds a [Ljavax.security.auth.x500.X500Principal;, " + allowed),
                c.problems.stream().sorted().toList());

        Scheduler allowing = Schedulers.sync().withCache(TaskCache.at(dir).allowDeserializing("javax.security.auth"));
        TaskCacheTest.Counter hits = new TaskCacheTest.Counter();
        assertEquals(principal("partita"), allowing.withListener(hits).get(g, "p"));
        assertEquals(List.of("p"), hits.hits);
        assertEquals(List.of(), hits.problems);
    }

    @Test
    void temporaryFilesOfWritersNoLongerRunningAreSweptAtTheFirstRun() throws IOException {
        Path dead = Files.writeString(dir.resolve(".tmp-999999999-2f1c"), "killed while writing");
        Path unnamed = Files.writeString(dir.resolve(".tmp-5b7e0d1a-7c11-4e2f-9a3b-0c5d6e7f8a9b"), "an older writer");
        Path alive = Files.writeString(dir.resolve(".tmp-" + ProcessHandle.current().pid() + "-9e2d"), "being written");
        Path other = Files.writeString(dir.resolve("notes.txt"), "not the cache's");
        Schedulers.sync().withCache(dir).get(Graph.builder().task("a", () -> "x").build(), "a");
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(unnamed));
        assertTrue(Files.exists(alive));
        assertTrue(Files.exists(other));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".entry")).count());
        }
    }
}
