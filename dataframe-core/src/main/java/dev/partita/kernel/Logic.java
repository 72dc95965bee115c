package dev.partita.kernel;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Boolean kernels with SQL three-valued logic: {@code false AND null} is false, {@code true OR null}
 * is true, any other combination with a null is null; null tests are never null.
 *
 * <pre>{@code
 * try (BitVector both = Logic.and(a, b, allocator)) { ... }
 * }</pre>
 */
public final class Logic {

  private Logic() {}

  public static BitVector and(BitVector a, BitVector b, BufferAllocator allocator) {
    return combine(a, b, false, allocator);
  }

  public static BitVector or(BitVector a, BitVector b, BufferAllocator allocator) {
    return combine(a, b, true, allocator);
  }

  /** AND when {@code dominant} is false (false dominates), OR when true (true dominates). */
  private static BitVector combine(BitVector a, BitVector b, boolean dominant, BufferAllocator allocator) {
    int n = a.getValueCount();
    BitVector out = Bits.newBits("logic", n, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    for (int i = 0; i < n; i++) {
      boolean an = a.isNull(i);
      boolean bn = b.isNull(i);
      boolean av = !an && a.get(i) == 1;
      boolean bv = !bn && b.get(i) == 1;
      if ((!an && av == dominant) || (!bn && bv == dominant)) {
        Bits.set(validity, i);
        if (dominant) {
          Bits.set(data, i);
        }
      } else if (!an && !bn) {
        Bits.set(validity, i);
        if (!dominant) {
          Bits.set(data, i);
        }
      }
    }
    return out;
  }

  public static BitVector not(BitVector a, BufferAllocator allocator) {
    int n = a.getValueCount();
    BitVector out = Bits.newBits("not", n, allocator);
    for (int i = 0; i < n; i++) {
      if (!a.isNull(i)) {
        Bits.set(out.getValidityBuffer(), i);
        if (a.get(i) == 0) {
          Bits.set(out.getDataBuffer(), i);
        }
      }
    }
    return out;
  }

  /** {@code a IS NULL}, or {@code IS NOT NULL} when {@code negated}; never null itself. */
  public static BitVector isNull(FieldVector a, boolean negated, BufferAllocator allocator) {
    int n = a.getValueCount();
    BitVector out = Bits.newBits("isnull", n, allocator);
    Bits.setAllValid(out.getValidityBuffer(), n);
    for (int i = 0; i < n; i++) {
      if (a.isNull(i) != negated) {
        Bits.set(out.getDataBuffer(), i);
      }
    }
    return out;
  }

  /**
   * {@code a IN (values)} with SQL nulls: null for a null row, and null instead of false when the
   * list holds a null. Values are Long, Double, String, Boolean, Integer epoch days or Long epoch
   * microseconds, like
   * {@link Compare#vectorScalar}.
   */
  public static BitVector isIn(FieldVector a, List<?> values, BufferAllocator allocator) {
    int n = a.getValueCount();
    boolean listHasNull = values.contains(null);
    Set<Object> set = new HashSet<>();
    for (Object v : values) {
      if (v != null) {
        set.add(normalize(a, v));
      }
    }
    BitVector out = Bits.newBits("in", n, allocator);
    for (int i = 0; i < n; i++) {
      if (a.isNull(i)) {
        continue;
      }
      boolean hit = set.contains(key(a, i));
      if (hit || !listHasNull) {
        Bits.set(out.getValidityBuffer(), i);
      }
      if (hit) {
        Bits.set(out.getDataBuffer(), i);
      }
    }
    return out;
  }

  private static Object normalize(FieldVector a, Object v) {
    if (a instanceof Float8Vector && v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (a instanceof BigIntVector && v instanceof Double) {
      double d = (Double) v;
      return d == Math.rint(d) ? (Object) (long) d : v;
    }
    return v;
  }

  private static Object key(FieldVector a, int i) {
    if (a instanceof BigIntVector) {
      return ((BigIntVector) a).get(i);
    } else if (a instanceof Float8Vector) {
      return ((Float8Vector) a).get(i);
    } else if (a instanceof VarCharVector) {
      return new String(((VarCharVector) a).get(i), StandardCharsets.UTF_8);
    } else if (a instanceof BitVector) {
      return ((BitVector) a).get(i) == 1;
    } else if (a instanceof DateDayVector) {
      return ((DateDayVector) a).get(i);
    } else if (a instanceof TimeStampMicroVector) {
      return ((TimeStampMicroVector) a).get(i);
    }
    throw new IllegalArgumentException("IN is not supported for " + a.getField().getType());
  }
}
