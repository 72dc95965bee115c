package dev.partita.agg;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarBinaryVector;

/**
 * Accumulator state arrays as Arrow columns and back: how partial aggregation states cross a shuffle
 * (keys plus these columns, as Arrow IPC) instead of being Java-serialized. Each writer takes the first
 * {@code n} entries of an array; each reader returns an array of {@code n} entries.
 */
final class StateColumns {

  private static final byte BYTES = 0;
  private static final byte DECIMAL = 1;

  private StateColumns() {}

  /**
   * The columns {@code makers} make, in order; when one cannot be made (out of memory), those made before it
   * are closed, so a failed write leaves nothing allocated.
   */
  @SafeVarargs
  static List<FieldVector> all(Supplier<FieldVector>... makers) {
    List<FieldVector> out = new ArrayList<>(makers.length);
    try {
      for (Supplier<FieldVector> m : makers) {
        out.add(m.get());
      }
      return out;
    } catch (RuntimeException e) {
      AutoCloseables.close(e, out);
      throw e;
    }
  }

  static FieldVector longs(String name, long[] a, int n, BufferAllocator allocator) {
    BigIntVector v = new BigIntVector(name, allocator);
    v.allocateNew(Math.max(n, 1));
    ArrowBuf data = v.getDataBuffer();
    for (int i = 0; i < n; i++) {
      data.setLong(8L * i, i < a.length ? a[i] : 0);
    }
    setAllValid(v, n);
    return v;
  }

  static FieldVector doubles(String name, double[] a, int n, BufferAllocator allocator) {
    Float8Vector v = new Float8Vector(name, allocator);
    v.allocateNew(Math.max(n, 1));
    ArrowBuf data = v.getDataBuffer();
    for (int i = 0; i < n; i++) {
      data.setDouble(8L * i, i < a.length ? a[i] : 0);
    }
    setAllValid(v, n);
    return v;
  }

  static FieldVector bools(String name, boolean[] a, int n, BufferAllocator allocator) {
    BitVector v = new BitVector(name, allocator);
    v.allocateNew(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      v.set(i, i < a.length && a[i] ? 1 : 0);
    }
    v.setValueCount(n);
    return v;
  }

  /** Byte strings, or BigDecimals (tagged with their scale); null entries stay null. */
  static FieldVector objects(String name, Object[] a, int n, BufferAllocator allocator) {
    VarBinaryVector v = new VarBinaryVector(name, allocator);
    try {
      fillObjects(v, a, n);
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  private static void fillObjects(VarBinaryVector v, Object[] a, int n) {
    v.allocateNew(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      Object o = i < a.length ? a[i] : null;
      if (o instanceof byte[] b) {
        byte[] tagged = new byte[b.length + 1];
        tagged[0] = BYTES;
        System.arraycopy(b, 0, tagged, 1, b.length);
        v.setSafe(i, tagged);
      } else if (o instanceof BigDecimal d) {
        byte[] unscaled = d.unscaledValue().toByteArray();
        v.setSafe(i, ByteBuffer.allocate(5 + unscaled.length).put(DECIMAL).putInt(d.scale()).put(unscaled).array());
      } else if (o != null) {
        throw new IllegalArgumentException("no Arrow state for " + o.getClass());
      }
    }
    v.setValueCount(n);
  }

  private static void setAllValid(FieldVector v, int n) {
    ArrowBuf validity = v.getValidityBuffer();
    for (int i = 0; i < (n >>> 3); i++) {
      validity.setByte(i, 0xFF);
    }
    for (int i = n & ~7; i < n; i++) {
      validity.setByte(i >>> 3, validity.getByte(i >>> 3) | (1 << (i & 7)));
    }
    v.setValueCount(n);
  }

  static long[] longs(FieldVector v, int n) {
    long[] out = new long[n];
    ArrowBuf data = v.getDataBuffer();
    for (int i = 0; i < n; i++) {
      out[i] = data.getLong(8L * i);
    }
    return out;
  }

  static double[] doubles(FieldVector v, int n) {
    double[] out = new double[n];
    ArrowBuf data = v.getDataBuffer();
    for (int i = 0; i < n; i++) {
      out[i] = data.getDouble(8L * i);
    }
    return out;
  }

  static boolean[] bools(FieldVector v, int n) {
    boolean[] out = new boolean[n];
    BitVector b = (BitVector) v;
    for (int i = 0; i < n; i++) {
      out[i] = b.get(i) != 0;
    }
    return out;
  }

  static Object[] objects(FieldVector v, int n) {
    Object[] out = new Object[n];
    VarBinaryVector b = (VarBinaryVector) v;
    for (int i = 0; i < n; i++) {
      if (b.isNull(i)) {
        continue;
      }
      byte[] tagged = b.get(i);
      if (tagged[0] == BYTES) {
        out[i] = Arrays.copyOfRange(tagged, 1, tagged.length);
      } else {
        ByteBuffer buf = ByteBuffer.wrap(tagged, 1, tagged.length - 1);
        int scale = buf.getInt();
        out[i] = new BigDecimal(new BigInteger(Arrays.copyOfRange(tagged, 5, tagged.length)), scale);
      }
    }
    return out;
  }
}
