package dev.partita.bag;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * How a group folds a bag (dask's {@code foldby}): each element's key by {@code key}; per key, an accumulator
 * starting at {@code init} and folded with each element by {@code fold} within a partition; accumulators of
 * one key from different partitions merged by {@code combine}. The results are (key, accumulator) entries,
 * or the keys alone with {@code keysOnly}. {@code init} is shared, so {@code fold} must return a new
 * accumulator rather than change it, as with {@code Stream.reduce}.
 *
 * <pre>{@code
 * GroupSpec counts = GroupSpec.frequencies();
 * }</pre>
 */
public record GroupSpec(Function<Object, Object> key, Object init, BiFunction<Object, Object, Object> fold,
    BinaryOperator<Object> combine, boolean keysOnly) implements Serializable {

  private static final Function<Object, Object> IDENTITY = (Function<Object, Object> & Serializable) GroupSpec::itself;

  /** Each distinct element with its number of occurrences (a {@code Long}). */
  public static GroupSpec frequencies() {
    return new GroupSpec(IDENTITY, 0L, (BiFunction<Object, Object, Object> & Serializable) GroupSpec::plusOne,
        (BinaryOperator<Object> & Serializable) GroupSpec::sum, false);
  }

  /** Each distinct element once. */
  public static GroupSpec distinct() {
    return new GroupSpec(IDENTITY, Boolean.TRUE, (BiFunction<Object, Object, Object> & Serializable) GroupSpec::first,
        (BinaryOperator<Object> & Serializable) GroupSpec::first, true);
  }

  /** What the group outputs for a key and its accumulator. */
  Object output(Object k, Object acc) {
    return keysOnly ? k : new AbstractMap.SimpleImmutableEntry<>(k, acc);
  }

  private static Object itself(Object x) {
    return x;
  }

  private static Object plusOne(Object count, Object x) {
    return (Long) count + 1;
  }

  private static Object sum(Object a, Object b) {
    return (Long) a + (Long) b;
  }

  private static Object first(Object a, Object b) {
    return a;
  }
}
