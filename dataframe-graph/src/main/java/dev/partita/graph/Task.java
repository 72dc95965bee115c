package dev.partita.graph;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable unit of work: a function and its arguments. A String argument equal to a graph key is
 * replaced by that key's value, a nested Task runs inline, and Lists are substituted element by element.
 * Equality is by function identity and arguments.
 *
 * <pre>{@code
 * Task t = Task.of(Example::add, "x", Task.literal("x"));   // add(value of x, the string "x")
 * Graph g = Graph.builder().value("x", 1).task("y", t).build();
 * }</pre>
 */
public final class Task implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int VARARGS = -1;

    private final Object fn;
    private final int arity;
    private final List<Object> args;
    private final String displayName;

    private Task(Object fn, int arity, List<?> args, String displayName) {
        this.fn = Objects.requireNonNull(fn, "fn");
        this.arity = arity;
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
        this.displayName = displayName;
    }

    /** A task calling {@code fn()}. */
    public static <R> Task of(F0<R> fn) {
        return new Task(fn, 0, List.of(), null);
    }

    /** A task calling {@code fn(a)}. */
    public static <A, R> Task of(F1<A, R> fn, Object a) {
        return new Task(fn, 1, Arrays.asList(a), null);
    }

    /** A task calling {@code fn(a, b)}. */
    public static <A, B, R> Task of(F2<A, B, R> fn, Object a, Object b) {
        return new Task(fn, 2, Arrays.asList(a, b), null);
    }

    /** A task calling {@code fn(a, b, c)}. */
    public static <A, B, C, R> Task of(F3<A, B, C, R> fn, Object a, Object b, Object c) {
        return new Task(fn, 3, Arrays.asList(a, b, c), null);
    }

    /** A task calling {@code fn(a, b, c, d)}. */
    public static <A, B, C, D, R> Task of(F4<A, B, C, D, R> fn, Object a, Object b, Object c, Object d) {
        return new Task(fn, 4, Arrays.asList(a, b, c, d), null);
    }

    /** A task calling {@code fn(substituted args)}; the function receives a new list. */
    public static <R> Task ofN(FN<R> fn, List<?> args) {
        return new Task(fn, VARARGS, args, null);
    }

    /** Wraps a value so that it is passed as is: a String equal to a key, a Task or a List is not substituted. */
    public static Object literal(Object value) {
        return new Literal(value);
    }

    /**
     * The display name: the override from {@link #named}, else the method name of a method reference
     * (the synthetic method name for a lambda), else the function class's simple name.
     */
    public String name() {
        return displayName != null ? displayName : functionName(fn);
    }

    /** The arguments as given (unmodifiable; may contain nulls). */
    public List<Object> args() {
        return args;
    }

    /** A copy of this task with a display name used by {@link Graph#toDot()} and reports. */
    public Task named(String name) {
        return new Task(fn, arity, args, Objects.requireNonNull(name, "name"));
    }

    Object fn() {
        return fn;
    }

    @SuppressWarnings("unchecked")
    Object invoke(Object[] values) throws Exception {
        switch (arity) {
            case 0: return ((F0<Object>) fn).apply();
            case 1: return ((F1<Object, Object>) fn).apply(values[0]);
            case 2: return ((F2<Object, Object, Object>) fn).apply(values[0], values[1]);
            case 3: return ((F3<Object, Object, Object, Object>) fn).apply(values[0], values[1], values[2]);
            case 4: return ((F4<Object, Object, Object, Object, Object>) fn).apply(values[0], values[1], values[2], values[3]);
            default: return ((FN<Object>) fn).apply(new ArrayList<>(Arrays.asList(values)));
        }
    }

    /** The lambda's serialized form, or null when the function is not a lambda or method reference. */
    static SerializedLambda serializedLambda(Object fn) {
        try {
            Method writeReplace = fn.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object replacement = writeReplace.invoke(fn);
            return replacement instanceof SerializedLambda ? (SerializedLambda) replacement : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static String functionName(Object fn) {
        SerializedLambda lambda = serializedLambda(fn);
        if (lambda != null) {
            return lambda.getImplMethodName();
        }
        String simple = fn.getClass().getSimpleName();
        return simple.isEmpty() ? fn.getClass().getName().substring(fn.getClass().getName().lastIndexOf('.') + 1) : simple;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Task && ((Task) o).fn == fn && ((Task) o).args.equals(args);
    }

    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(fn) + args.hashCode();
    }

    @Override
    public String toString() {
        return name() + args;
    }
}
