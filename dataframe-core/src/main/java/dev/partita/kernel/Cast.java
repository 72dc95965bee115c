package dev.partita.kernel;

import dev.partita.EvaluationException;
import dev.partita.io.IsoTime;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
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
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Widening casts to the types the other kernels compute on, run once per batch: every signed or
 * unsigned integer up to 32 bits to int64, float16/float32 to float64, Decimal256 to Decimal128 (or
 * float64 beyond 38 digits), date-millis to date-days, and timestamps of any unit and time zone to naive microseconds (a zoned timestamp
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
        return FLOAT64;
      case Decimal: {
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        return d.getBitWidth() == 128 ? type
            : d.getPrecision() <= 38 ? new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128) : FLOAT64;
      }
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
    if (v instanceof Decimal256Vector d && widened(d.getField().getType()) instanceof ArrowType.Decimal t) {
      DecimalVector out = new DecimalVector(name, allocator, t.getPrecision(), t.getScale());
      out.allocateNew(Math.max(n, 1));
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          out.set(i, d.getObject(i));
        }
      }
      out.setValueCount(n);
      return out;
    }
    if (v instanceof Float4Vector || v instanceof Float2Vector || v instanceof Decimal256Vector) {
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
   * Float64 values as int64, rounded to the nearest with ties to even as DuckDB's cast rounds (2.5 gives 2,
   * 3.5 gives 4); NaN, infinities and values outside int64 throw, naming the value, as DuckDB's cast does.
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
          double r = Math.rint(d);
          if (!(r >= -0x1p63 && r < 0x1p63)) {
            throw new EvaluationException("cannot cast " + d + " to int64: out of range",
                "keep it a double, or filter out values beyond +-9.2e18 and NaN");
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

  /** Booleans as int64 (1 and 0), or int64 as booleans (non-zero is true). */
  public static FieldVector boolInt(FieldVector v, boolean toBool, BufferAllocator allocator) {
    int n = v.getValueCount();
    if (toBool) {
      BitVector out = Bits.newBits(v.getName(), n, allocator);
      ArrowBuf in = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          Bits.set(out.getValidityBuffer(), i);
          if (in.getLong(8L * i) != 0) {
            Bits.set(out.getDataBuffer(), i);
          }
        }
      }
      return out;
    }
    BigIntVector out = new BigIntVector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        out.set(i, ((BitVector) v).get(i));
      }
    }
    out.setValueCount(n);
    return out;
  }

  /** Timestamps as the dates they fall on (microseconds floored to days). */
  public static DateDayVector timestampToDate(TimeStampMicroVector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    DateDayVector out = new DateDayVector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        out.set(i, (int) Math.floorDiv(in.getLong(8L * i), Dates.MICROS_PER_DAY));
      }
    }
    out.setValueCount(n);
    return out;
  }

  /**
   * Values as text, formatted as DuckDB casts them to VARCHAR: integers in decimal, doubles in the shortest
   * form that reads back the same ({@code 1.5}, {@code 3.0}, {@code 1e+20}, {@code 1e-05}, {@code nan},
   * {@code inf}), decimals with every digit of their scale ({@code 12.30}), {@code true}/{@code false}, dates {@code yyyy-MM-dd}, timestamps
   * {@code yyyy-MM-dd HH:mm:ss} with the fraction's trailing zeros dropped.
   */
  public static VarCharVector toText(FieldVector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    Utf8.Builder out = new Utf8.Builder(n);
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        out.addNull();
        continue;
      }
      String s;
      if (v instanceof BigIntVector b) {
        s = Long.toString(b.get(i));
      } else if (v instanceof Float8Vector f) {
        s = doubleText(f.get(i));
      } else if (v instanceof BitVector b) {
        s = b.get(i) != 0 ? "true" : "false";
      } else if (v instanceof DateDayVector d) {
        s = dateText(d.get(i));
      } else if (v instanceof TimeStampMicroVector t) {
        s = timestampText(t.get(i));
      } else if (v instanceof DecimalVector d) {
        s = Decimals.text(d.getDataBuffer(), i, d.getScale());
      } else {
        byte[] b = ((VarCharVector) v).get(i);
        out.add(b, 0, b.length);
        continue;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.add(b, 0, b.length);
    }
    return out.build(v.getName(), allocator);
  }

  /** A double as DuckDB (and Python's repr) writes it: shortest digits, exponent below 1e-4 and from 1e16. */
  static String doubleText(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = b.precision() - b.scale() - 1;
    if (exponent < -4 || exponent >= 16) {
      String digits = b.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
    String plain = b.toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  static String dateText(long days) {
    int[] c = Dates.civil(days);
    return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", c[0], c[1], c[2]);
  }

  static String timestampText(long micros) {
    long days = Math.floorDiv(micros, Dates.MICROS_PER_DAY);
    long rest = Math.floorMod(micros, Dates.MICROS_PER_DAY);
    long seconds = rest / 1_000_000;
    long fraction = rest % 1_000_000;
    String s = String.format(java.util.Locale.ROOT, "%s %02d:%02d:%02d", dateText(days), seconds / 3600,
        seconds / 60 % 60, seconds % 60);
    if (fraction == 0) {
      return s;
    }
    String f = String.format(java.util.Locale.ROOT, "%06d", fraction);
    int end = f.length();
    while (f.charAt(end - 1) == '0') {
      end--;
    }
    return s + "." + f.substring(0, end);
  }

  /** The kinds of value text can be read as. */
  public enum Parsed { INT64, FLOAT64, BOOL, DATE, TIMESTAMP }

  /**
   * Text read as {@code kind}, with the spaces around it ignored, as DuckDB's cast from VARCHAR reads it; a
   * value that does not read is an error naming it.
   */
  public static FieldVector parse(VarCharVector v, Parsed kind, BufferAllocator allocator) {
    Utf8 in = Utf8.of(v);
    int n = in.rows;
    FieldVector out = switch (kind) {
      case INT64 -> new BigIntVector(v.getName(), allocator);
      case FLOAT64 -> new Float8Vector(v.getName(), allocator);
      case BOOL -> new BitVector(v.getName(), allocator);
      case DATE -> new DateDayVector(v.getName(), allocator);
      case TIMESTAMP -> new TimeStampMicroVector(v.getName(), allocator);
    };
    try {
      out.setInitialCapacity(Math.max(n, 1));
      out.allocateNew();
      for (int i = 0; i < n; i++) {
        if (in.isNull(i)) {
          continue;
        }
        int a = in.start(i);
        int b = a + in.length(i);
        while (a < b && in.data[a] == ' ') {
          a++;
        }
        while (b > a && in.data[b - 1] == ' ') {
          b--;
        }
        String text = new String(in.data, a, b - a, StandardCharsets.UTF_8);
        switch (kind) {
          case INT64 -> ((BigIntVector) out).set(i, parseLong(text));
          case FLOAT64 -> ((Float8Vector) out).set(i, parseDouble(text));
          case BOOL -> ((BitVector) out).set(i, parseBool(text) ? 1 : 0);
          case DATE -> ((DateDayVector) out).set(i, (int) parsed(IsoTime.parseDate(in.data, a, b - a), text, "date"));
          default -> ((TimeStampMicroVector) out).set(i, parsed(b - a == 10
              ? IsoTime.parseDate(in.data, a, b - a) * Dates.MICROS_PER_DAY
              : IsoTime.parseTimestamp(in.data, a, b - a), text, "timestamp"));
        }
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      throw unreadable(text, "int64");
    }
  }

  private static double parseDouble(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "nan": return Double.NaN;
      case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
      case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
      default:
        try {
          if (text.isEmpty() || !Character.isDigit(text.charAt(text.length() - 1)) && text.charAt(text.length() - 1) != '.') {
            throw new NumberFormatException(text);
          }
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw unreadable(text, "float64");
        }
    }
  }

  private static boolean parseBool(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true": case "t": case "1": case "yes": case "y": return true;
      case "false": case "f": case "0": case "no": case "n": return false;
      default: throw unreadable(text, "bool");
    }
  }

  private static long parsed(long value, String text, String type) {
    if (value == IsoTime.BAD) {
      throw unreadable(text, type);
    }
    return value;
  }

  private static EvaluationException unreadable(String text, String type) {
    return new EvaluationException("cannot cast '" + text + "' to " + type,
        "filter out such values first, or read the column with its type (CSV: dtype(...))");
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
    return ((Decimal256Vector) v).getObject(i).doubleValue();
  }
}
