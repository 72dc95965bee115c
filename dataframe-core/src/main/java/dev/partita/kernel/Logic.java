package dev.partita.kernel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
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

  /**
   * AND when {@code dominant} is false (false dominates), OR when true (true dominates), 64 rows at a time:
   * a row is valid when either side holds the dominant value or both are valid. Per row it was the hottest
   * frame of TPC-H Q6's filter (half of its samples with the comparisons).
   */
  private static BitVector combine(BitVector a, BitVector b, boolean dominant, BufferAllocator allocator) {
    int n = a.getValueCount();
    BitVector out = Bits.newBits("logic", n, allocator);
    ArrowBuf va = a.getValidityBuffer();
    ArrowBuf da = a.getDataBuffer();
    ArrowBuf vb = b.getValidityBuffer();
    ArrowBuf db = b.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    ArrowBuf data = out.getDataBuffer();
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long aValid = Bits.getWord(va, w, n);
      long bValid = Bits.getWord(vb, w, n);
      long aData = Bits.getWord(da, w, n);
      long bData = Bits.getWord(db, w, n);
      long aDominant = aValid & (dominant ? aData : ~aData);
      long bDominant = bValid & (dominant ? bData : ~bData);
      long valid = aDominant | bDominant | (aValid & bValid);
      long value = dominant ? aDominant | bDominant : aValid & bValid & aData & bData;
      Bits.putWord(validity, w, valid, n);
      Bits.putWord(data, w, value, n);
    }
    return out;
  }

  public static BitVector not(BitVector a, BufferAllocator allocator) {
    int n = a.getValueCount();
    BitVector out = Bits.newBits("not", n, allocator);
    ArrowBuf va = a.getValidityBuffer();
    ArrowBuf da = a.getDataBuffer();
    for (int w = 0, words = (n + 63) >>> 6; w < words; w++) {
      long valid = Bits.getWord(va, w, n);
      Bits.putWord(out.getValidityBuffer(), w, valid, n);
      Bits.putWord(out.getDataBuffer(), w, valid & ~Bits.getWord(da, w, n), n);
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
   * microseconds, like {@link Compare#vectorScalar}; a value of another kind never matches. Floats match as
   * DuckDB compares them: NaN equals NaN, {@code -0.0} equals {@code 0.0}.
   */
  public static BitVector isIn(FieldVector a, List<?> values, BufferAllocator allocator) {
    boolean listHasNull = values.stream().anyMatch(Objects::isNull);
    RowTest test = rowTest(a, values);
    int n = a.getValueCount();
    BitVector out = Bits.newBits("in", n, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    for (int i = 0; i < n; i++) {
      if (a.isNull(i)) {
        continue;
      }
      boolean hit = test.matches(i);
      if (hit || !listHasNull) {
        Bits.set(validity, i);
      }
      if (hit) {
        Bits.set(data, i);
      }
    }
    return out;
  }

  /** Whether the non-null row {@code i} is one of the listed values. */
  private interface RowTest {
    boolean matches(int i);
  }

  /** A test specialised once per call to the vector's type, so rows are neither boxed nor decoded. */
  private static RowTest rowTest(FieldVector a, List<?> values) {
    if (a instanceof BigIntVector) {
      BigIntVector v = (BigIntVector) a;
      long[] keys = longKeys(values, Logic::int64Key);
      return i -> Arrays.binarySearch(keys, v.get(i)) >= 0;
    }
    if (a instanceof Float8Vector) {
      Float8Vector v = (Float8Vector) a;
      long[] keys = longKeys(values, x -> x instanceof Number ? float64Key(((Number) x).doubleValue()) : null);
      return i -> Arrays.binarySearch(keys, float64Key(v.get(i))) >= 0;
    }
    if (a instanceof VarCharVector) {
      return new StringSet((VarCharVector) a, values)::contains;
    }
    if (a instanceof BitVector) {
      BitVector v = (BitVector) a;
      long[] keys = longKeys(values, x -> x instanceof Boolean ? (Long) ((Boolean) x ? 1L : 0L) : null);
      return i -> Arrays.binarySearch(keys, v.get(i)) >= 0;
    }
    if (a instanceof DateDayVector) {
      DateDayVector v = (DateDayVector) a;
      long[] keys = longKeys(values, Logic::integralKey);
      return i -> Arrays.binarySearch(keys, v.get(i)) >= 0;
    }
    if (a instanceof DecimalVector d) {
      return decimalTest(d, values);
    }
    if (a instanceof TimeStampMicroVector) {
      TimeStampMicroVector v = (TimeStampMicroVector) a;
      long[] keys = longKeys(values, Logic::integralKey);
      return i -> Arrays.binarySearch(keys, v.get(i)) >= 0;
    }
    throw new IllegalArgumentException("IN is not supported for " + a.getField().getType());
  }

  /**
   * IN over decimals: a value matches when it equals a row exactly (a value with more digits after the point
   * than the column's scale never does); narrow columns compare unscaled longs.
   */
  private static RowTest decimalTest(DecimalVector a, List<?> values) {
    int scale = Decimals.scale(a);
    Set<BigInteger> exact = new HashSet<>();
    for (Object v : values) {
      BigDecimal d = v instanceof BigDecimal b ? b
          : v instanceof Long || v instanceof Integer ? BigDecimal.valueOf(((Number) v).longValue()) : null;
      if (d != null && d.stripTrailingZeros().scale() <= scale) {
        exact.add(d.setScale(scale).unscaledValue());
      }
    }
    ArrowBuf data = a.getDataBuffer();
    if (Decimals.precision(a) <= Decimals.LONG_DIGITS) {
      long[] keys = exact.stream().filter(u -> u.bitLength() < 64).mapToLong(BigInteger::longValue)
          .sorted().toArray();
      return i -> Arrays.binarySearch(keys, Decimals.lo(data, i)) >= 0;
    }
    return i -> exact.contains(Decimals.big(data, i));
  }

  /** The sorted keys of the values {@code key} maps (it returns null for a value that cannot match). */
  private static long[] longKeys(List<?> values, Function<Object, Long> key) {
    long[] keys = new long[values.size()];
    int k = 0;
    for (Object v : values) {
      Long x = v == null ? null : key.apply(v);
      if (x != null) {
        keys[k++] = x;
      }
    }
    keys = Arrays.copyOf(keys, k);
    Arrays.sort(keys);
    return keys;
  }

  private static Long integralKey(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        ? (Long) ((Number) v).longValue() : null;
  }

  /** An int64 column matches integers and the doubles that are whole numbers in range. */
  private static Long int64Key(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Long) (long) d : null;
    }
    return integralKey(v);
  }

  /** Equal when DuckDB says so: every NaN has the canonical bits, and -0.0 is 0.0. */
  private static long float64Key(double d) {
    return Double.doubleToLongBits(d + 0.0);
  }

  /** The UTF-8 values of a string IN list, probed with a row's bytes in place. */
  private static final class StringSet {
    private final VarCharVector vector;
    private final byte[][] slots;
    private final int mask;

    StringSet(VarCharVector vector, List<?> values) {
      this.vector = vector;
      int capacity = Integer.highestOneBit(Math.max(1, values.size()) * 4);
      slots = new byte[capacity][];
      mask = capacity - 1;
      for (Object v : values) {
        if (v instanceof String) {
          byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
          int s = spread(Arrays.hashCode(b)) & mask;
          while (slots[s] != null && !Arrays.equals(slots[s], b)) {
            s = (s + 1) & mask;
          }
          slots[s] = b;
        }
      }
    }

    boolean contains(int row) {
      ArrowBuf offsets = vector.getOffsetBuffer();
      int start = offsets.getInt(4L * row);
      int length = offsets.getInt(4L * (row + 1)) - start;
      ArrowBuf data = vector.getDataBuffer();
      int h = 1;
      for (int k = 0; k < length; k++) {
        h = 31 * h + data.getByte(start + k);
      }
      for (int s = spread(h) & mask; slots[s] != null; s = (s + 1) & mask) {
        if (slots[s].length == length && Strings.compare(vector, row, slots[s]) == 0) {
          return true;
        }
      }
      return false;
    }

    /** Mixes the high bits of {@link Arrays#hashCode(byte[])} into the low ones the mask keeps. */
    private static int spread(int h) {
      h *= 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }
}
