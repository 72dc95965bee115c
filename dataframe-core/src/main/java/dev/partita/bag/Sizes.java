package dev.partita.bag;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Estimated heap bytes of the keys and values a group keeps, so that it spills past its budget. Strings,
 * boxed numbers, entries, collections, arrays and records are measured from their contents (collections and
 * arrays from their first elements); any other object counts as {@link #OTHER} bytes. Values that grow in
 * place after they are first stored (a list accumulator) are counted at their first size.
 */
final class Sizes {

  /** A HashMap node, its share of the table, and the accumulator holder. */
  static final int ENTRY = 64;
  /** An object of a class not measured. */
  static final int OTHER = 64;
  /** Elements of a collection or array measured to estimate the rest. */
  private static final int SAMPLED = 8;

  private static final ClassValue<RecordComponent[]> RECORD = new ClassValue<>() {
    @Override
    protected RecordComponent[] computeValue(Class<?> c) {
      RecordComponent[] components = c.getRecordComponents();
      for (RecordComponent rc : components) {
        try {
          rc.getAccessor().setAccessible(true);
        } catch (RuntimeException e) {
          // A record of a module that does not open it: its public accessors still answer.
        }
      }
      return components;
    }
  };

  private Sizes() {}

  static long of(Object x) {
    return of(x, 0);
  }

  private static long of(Object x, int depth) {
    if (x == null) {
      return 0;
    }
    if (x instanceof String s) {
      return 48 + s.length();
    }
    if (x instanceof Number || x instanceof Boolean || x instanceof Character || x instanceof Enum) {
      return 16;
    }
    if (depth > 3) {
      return OTHER;
    }
    if (x instanceof Map.Entry<?, ?> e) {
      return 24 + of(e.getKey(), depth + 1) + of(e.getValue(), depth + 1);
    }
    if (x instanceof Collection<?> c) {
      return 40 + 8L * c.size() + sampled(c, c.size(), depth);
    }
    if (x instanceof Object[] a) {
      return 16 + 8L * a.length + sampled(java.util.Arrays.asList(a), a.length, depth);
    }
    if (x instanceof byte[] b) {
      return 16 + b.length;
    }
    if (x instanceof int[] || x instanceof float[]) {
      return 16 + 4L * java.lang.reflect.Array.getLength(x);
    }
    if (x instanceof long[] || x instanceof double[]) {
      return 16 + 8L * java.lang.reflect.Array.getLength(x);
    }
    if (x instanceof Record) {
      long n = 16;
      for (RecordComponent rc : RECORD.get(x.getClass())) {
        try {
          n += 8 + of(rc.getAccessor().invoke(x), depth + 1);
        } catch (ReflectiveOperationException | RuntimeException e) {
          n += OTHER;
        }
      }
      return n;
    }
    return OTHER;
  }

  private static long sampled(Iterable<?> items, int size, int depth) {
    long sum = 0;
    int seen = 0;
    for (Object item : items) {
      if (seen == SAMPLED) {
        break;
      }
      sum += of(item, depth + 1);
      seen++;
    }
    return seen == 0 ? 0 : sum * size / seen;
  }
}
