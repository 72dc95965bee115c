package dev.partita.hash;

import dev.partita.kernel.Decimals;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads and writes Arrow vectors through their buffers, a batch at a time, for the aggregation and
 * hashing kernels. "Long-encodable" types (integers, booleans, dates, timestamps, floats, decimals of at
 * most 18 digits) travel as one {@code long} per value: the integer value itself (a decimal's unscaled
 * value, the low 8 bytes of its slot), or the raw bits of the value as a double.
 *
 * <pre>{@code
 * long[] out = new long[n];
 * VectorAccess.readLongs(bigIntVector, n, out);   // out[i] is the value of row i (garbage if null)
 * }</pre>
 */
public final class VectorAccess {

  private VectorAccess() {}

  /** Whether values of this type are carried as one long each (see the class comment). */
  public static boolean isLongEncodable(ArrowType type) {
    switch (type.getTypeID()) {
      case Int:
      case Bool:
      case Date:
      case Timestamp:
        return true;
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) type).getPrecision() != FloatingPointPrecision.HALF;
      case Decimal:
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        return d.getBitWidth() == 128 && d.getPrecision() <= Decimals.LONG_DIGITS;
      default:
        return false;
    }
  }

  /** Whether the long encoding of this type is the bits of a double. */
  public static boolean isFloating(ArrowType type) {
    return type.getTypeID() == ArrowType.ArrowTypeID.FloatingPoint;
  }

  /** Whether row {@code i} is non-null, reading the validity bitmap directly. */
  public static boolean isValid(ArrowBuf validity, int i) {
    return ((validity.getByte(i >>> 3) >>> (i & 7)) & 1) != 0;
  }

  /**
   * Decodes rows {@code [0, n)} of a long-encodable vector; values of null rows are unspecified.
   * 8-byte types are copied in bulk through a little-endian NIO view: per-value {@code ArrowBuf.getLong}
   * pays a bounds and reference-count check each time.
   */
  public static void readLongs(FieldVector v, int n, long[] out) {
    if (n == 0) {
      return;
    }
    ArrowBuf data = v.getDataBuffer();
    if (v instanceof BigIntVector || v instanceof TimeStampVector || v instanceof DateMilliVector
        || v instanceof Float8Vector) {
      data.nioBuffer(0, n * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out, 0, n);
    } else if (v instanceof IntVector || v instanceof DateDayVector) {
      IntBuffer ints = ints(data, n);
      for (int i = 0; i < n; i++) {
        out[i] = ints.get(i);
      }
    } else if (v instanceof Float4Vector) {
      IntBuffer ints = ints(data, n);
      for (int i = 0; i < n; i++) {
        out[i] = Double.doubleToRawLongBits(Float.intBitsToFloat(ints.get(i)));
      }
    } else if (v instanceof SmallIntVector) {
      for (int i = 0; i < n; i++) {
        out[i] = data.getShort((long) i << 1);
      }
    } else if (v instanceof TinyIntVector) {
      for (int i = 0; i < n; i++) {
        out[i] = data.getByte(i);
      }
    } else if (v instanceof BitVector) {
      for (int i = 0; i < n; i++) {
        out[i] = (data.getByte(i >>> 3) >>> (i & 7)) & 1;
      }
    } else if (v instanceof DecimalVector) {
      LongBuffer slots = data.nioBuffer(0, n * 16).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = slots.get(2 * i);
      }
    } else {
      throw unsupported(v);
    }
  }

  private static IntBuffer ints(ArrowBuf data, int n) {
    return data.nioBuffer(0, n * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
  }

  /** Reads row {@code i} of a long-encodable vector (value unspecified when the row is null). */
  public static long getLong(FieldVector v, int i) {
    ArrowBuf data = v.getDataBuffer();
    if (v instanceof BigIntVector || v instanceof TimeStampVector || v instanceof DateMilliVector
        || v instanceof Float8Vector) {
      return data.getLong((long) i << 3);
    } else if (v instanceof IntVector || v instanceof DateDayVector) {
      return data.getInt((long) i << 2);
    } else if (v instanceof Float4Vector) {
      return Double.doubleToRawLongBits(Float.intBitsToFloat(data.getInt((long) i << 2)));
    } else if (v instanceof SmallIntVector) {
      return data.getShort((long) i << 1);
    } else if (v instanceof TinyIntVector) {
      return data.getByte(i);
    } else if (v instanceof BitVector) {
      return (data.getByte(i >>> 3) >>> (i & 7)) & 1;
    } else if (v instanceof DecimalVector) {
      return Decimals.lo(data, i);
    }
    throw unsupported(v);
  }

  /**
   * Decodes rows {@code [0, n)} of a numeric vector as doubles; values of null rows are unspecified.
   * Decimals are correctly rounded ({@link Decimals#toDouble(ArrowBuf, int, int)}).
   */
  public static void readDoubles(FieldVector v, int n, double[] out) {
    if (n == 0) {
      return;
    }
    ArrowBuf data = v.getDataBuffer();
    if (v instanceof Float8Vector) {
      data.nioBuffer(0, n * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out, 0, n);
    } else if (v instanceof Float4Vector) {
      IntBuffer ints = ints(data, n);
      for (int i = 0; i < n; i++) {
        out[i] = Float.intBitsToFloat(ints.get(i));
      }
    } else if (v instanceof IntVector || v instanceof DateDayVector) {
      IntBuffer ints = ints(data, n);
      for (int i = 0; i < n; i++) {
        out[i] = ints.get(i);
      }
    } else if (v instanceof BigIntVector || v instanceof TimeStampVector || v instanceof DateMilliVector) {
      LongBuffer longs = data.nioBuffer(0, n * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = longs.get(i);
      }
    } else if (v instanceof DecimalVector) {
      int scale = Decimals.scale(v);
      for (int i = 0; i < n; i++) {
        out[i] = Decimals.toDouble(data, i, scale);
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = getLong(v, i);
      }
    }
  }

  /** Copies the 4-byte values of rows {@code [0, n)} (IntVector, dictionary codes) in bulk. */
  static void readInts(FieldVector v, int n, int[] out) {
    if (n > 0) {
      ints(v.getDataBuffer(), n).get(out, 0, n);
    }
  }

  /** Copies the {@code n + 1} row offsets of a variable-width vector (strings) in bulk. */
  public static void readOffsets(FieldVector v, int n, int[] out) {
    if (n == 0) {
      out[0] = 0;
      return;
    }
    v.getOffsetBuffer().nioBuffer(0, (n + 1) * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out, 0, n + 1);
  }

  /** Writes a long-encoded value at row {@code i}, growing the vector if needed. */
  public static void setLong(FieldVector out, int i, long value) {
    if (out instanceof BigIntVector) {
      ((BigIntVector) out).setSafe(i, value);
    } else if (out instanceof TimeStampVector) {
      ((TimeStampVector) out).setSafe(i, value);
    } else if (out instanceof DateMilliVector) {
      ((DateMilliVector) out).setSafe(i, value);
    } else if (out instanceof Float8Vector) {
      ((Float8Vector) out).setSafe(i, Double.longBitsToDouble(value));
    } else if (out instanceof IntVector) {
      ((IntVector) out).setSafe(i, (int) value);
    } else if (out instanceof DateDayVector) {
      ((DateDayVector) out).setSafe(i, (int) value);
    } else if (out instanceof Float4Vector) {
      ((Float4Vector) out).setSafe(i, (float) Double.longBitsToDouble(value));
    } else if (out instanceof SmallIntVector) {
      ((SmallIntVector) out).setSafe(i, (short) value);
    } else if (out instanceof TinyIntVector) {
      ((TinyIntVector) out).setSafe(i, (byte) value);
    } else if (out instanceof BitVector) {
      ((BitVector) out).setSafe(i, (int) value);
    } else if (out instanceof DecimalVector) {
      DecimalVector d = (DecimalVector) out;
      while (i >= d.getValueCapacity()) {
        d.reAlloc();
      }
      Decimals.setLong(d.getDataBuffer(), i, value);
      d.setIndexDefined(i);
    } else {
      throw unsupported(out);
    }
  }

  private static IllegalArgumentException unsupported(FieldVector v) {
    return new IllegalArgumentException(
        "column '" + v.getName() + "' has unsupported type " + v.getField().getType());
  }
}
