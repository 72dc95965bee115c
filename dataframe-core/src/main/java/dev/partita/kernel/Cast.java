package dev.partita.kernel;

import java.math.BigDecimal;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Widening casts to the types the other kernels compute on, run once per batch: every signed or
 * unsigned integer up to 32 bits to int64, float16/float32 and decimals to float64, date-millis to
 * date-days, and timestamps of any unit and time zone to naive microseconds (a zoned timestamp
 * keeps its UTC instant). Nanoseconds round down to the microsecond, as DuckDB's cast does.
 *
 * <pre>{@code
 * ArrowType t = Cast.widened(field.getType());          // null: no kernel type holds it
 * try (FieldVector wide = Cast.widen(int32s, allocator)) { ... }   // a BigIntVector
 * }</pre>
 */
public final class Cast {

  /** The kernel type of timestamps: microseconds since the epoch, no time zone. */
  public static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);

  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType DATE_DAY = new ArrowType.Date(DateUnit.DAY);
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private Cast() {}

  /**
   * The kernel type values of {@code type} widen to: the type itself for int64, float64, utf8,
   * bool, date-day and microsecond timestamps; null for types no kernel computes on (binary,
   * uint64, lists, ...).
   */
  public static ArrowType widened(ArrowType type) {
    switch (type.getTypeID()) {
      case Int: {
        ArrowType.Int i = (ArrowType.Int) type;
        return i.getBitWidth() < 64 || i.getIsSigned() ? INT64 : null;
      }
      case FloatingPoint:
      case Decimal:
        return FLOAT64;
      case Utf8:
      case Bool:
        return type;
      case Date:
        return DATE_DAY;
      case Timestamp:
        return TIMESTAMP;
      default:
        return null;
    }
  }

  /** True when {@code v} already has its kernel type, so it can be used without a copy. */
  public static boolean isKernelType(FieldVector v) {
    ArrowType t = v.getField().getType();
    return t.equals(widened(t));
  }

  /** A new vector (owned by the caller) with the values of {@code v} in their kernel type. */
  public static FieldVector widen(FieldVector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    String name = v.getName();
    if (v instanceof BaseIntVector && !(v instanceof UInt8Vector)) {
      BaseIntVector in = (BaseIntVector) v;
      BigIntVector out = new BigIntVector(name, allocator);
      out.allocateNew(Math.max(n, 1));
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          od.setLong(8L * i, in.getValueAsLong(i));
          Bits.set(out.getValidityBuffer(), i);
        }
      }
      out.setValueCount(n);
      return out;
    }
    if (v instanceof Float4Vector || v instanceof Float2Vector || v instanceof DecimalVector
        || v instanceof Decimal256Vector) {
      Float8Vector out = new Float8Vector(name, allocator);
      out.allocateNew(Math.max(n, 1));
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          od.setDouble(8L * i, asDouble(v, i));
          Bits.set(out.getValidityBuffer(), i);
        }
      }
      out.setValueCount(n);
      return out;
    }
    if (v instanceof DateMilliVector) {
      DateDayVector out = new DateDayVector(name, allocator);
      out.allocateNew(Math.max(n, 1));
      ArrowBuf in = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          out.set(i, (int) Math.floorDiv(in.getLong(8L * i), MILLIS_PER_DAY));
        }
      }
      out.setValueCount(n);
      return out;
    }
    if (v instanceof TimeStampVector) {
      TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
      TimeStampMicroVector out = new TimeStampMicroVector(name, allocator);
      out.allocateNew(Math.max(n, 1));
      ArrowBuf in = v.getDataBuffer();
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          od.setLong(8L * i, toMicros(in.getLong(8L * i), unit));
          Bits.set(out.getValidityBuffer(), i);
        }
      }
      out.setValueCount(n);
      return out;
    }
    throw new IllegalArgumentException("no kernel type for column '" + name + "' of type "
        + v.getField().getType());
  }

  /** Int64 values as float64, for an expression whose type is float64. */
  public static Float8Vector longToDouble(BigIntVector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    Float8Vector out = new Float8Vector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        od.setDouble(8L * i, in.getLong(8L * i));
        Bits.set(out.getValidityBuffer(), i);
      }
    }
    out.setValueCount(n);
    return out;
  }

  /**
   * Float64 values as int64, rounded half away from zero as DuckDB's cast rounds; NaN, infinities and
   * values outside int64 throw, naming the value, as DuckDB's cast does.
   */
  public static BigIntVector doubleToLong(Float8Vector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    BigIntVector out = new BigIntVector(v.getName(), allocator);
    try {
      out.allocateNew(Math.max(n, 1));
      ArrowBuf in = v.getDataBuffer();
      ArrowBuf od = out.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          double d = in.getDouble(8L * i);
          double r = Math.signum(d) * Math.floor(Math.abs(d) + 0.5);
          if (!(r >= -0x1p63 && r < 0x1p63)) {
            throw new ArithmeticException("cannot cast " + d + " to int64: out of range");
          }
          od.setLong(8L * i, (long) r);
          Bits.set(out.getValidityBuffer(), i);
        }
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** Dates as timestamps at midnight, for comparing a date with a timestamp. */
  public static TimeStampMicroVector dateToTimestamp(DateDayVector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    TimeStampMicroVector out = new TimeStampMicroVector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        od.setLong(8L * i, in.getInt(4L * i) * MILLIS_PER_DAY * 1000);
        Bits.set(out.getValidityBuffer(), i);
      }
    }
    out.setValueCount(n);
    return out;
  }

  private static long toMicros(long value, TimeUnit unit) {
    switch (unit) {
      case SECOND: return value * 1_000_000L;
      case MILLISECOND: return value * 1_000L;
      case MICROSECOND: return value;
      default: return Math.floorDiv(value, 1_000L);
    }
  }

  private static double asDouble(FieldVector v, int i) {
    if (v instanceof Float4Vector) {
      return ((Float4Vector) v).get(i);
    }
    if (v instanceof Float2Vector) {
      return ((Float2Vector) v).getValueAsFloat(i);
    }
    BigDecimal d = v instanceof DecimalVector ? ((DecimalVector) v).getObject(i) : ((Decimal256Vector) v).getObject(i);
    return d.doubleValue();
  }
}
