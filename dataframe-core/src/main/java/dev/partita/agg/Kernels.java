package dev.partita.agg;

import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Array growth and vector allocation shared by the accumulators. */
final class Kernels {

  private Kernels() {}

  static long[] grow(long[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
  }

  static double[] grow(double[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
  }

  static boolean[] grow(boolean[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
  }

  static int[] grow(int[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
  }

  static <T> T[] grow(T[] a, int n) {
    return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
  }

  /** A vector of {@code field} with room for {@code n} values, all null. */
  static FieldVector allocate(Field field, int n, BufferAllocator allocator) {
    FieldVector v = field.createVector(allocator);
    try {
      v.setInitialCapacity(n);
      v.allocateNew();
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }
}
