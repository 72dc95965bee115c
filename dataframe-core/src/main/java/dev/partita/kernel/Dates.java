package dev.partita.kernel;

import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroVector;

/**
 * Date and timestamp kernels with DuckDB's semantics, on days since the epoch (dates) and microseconds
 * since the epoch (timestamps), without a {@code java.time} object per row: the civil calendar is computed
 * with Howard Hinnant's {@code civil_from_days}. Day of week counts Sunday as 0; weeks start on Monday.
 *
 * <pre>{@code
 * try (BigIntVector years = Dates.part(Dates.Part.YEAR, orderDates, allocator)) { ... }
 * }</pre>
 */
public final class Dates {

  static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long MICROS_PER_HOUR = 3_600_000_000L;

  /** A field of a date or timestamp. */
  public enum Part { YEAR, MONTH, DAY, DAY_OF_WEEK, HOUR }

  private Dates() {}

  /** The {@code part} of each date or timestamp of {@code v}, as int64 ({@code hour} of a date is 0). */
  public static BigIntVector part(Part part, FieldVector v, BufferAllocator allocator) {
    int n = v.getValueCount();
    BigIntVector out = new BigIntVector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    boolean timestamps = v instanceof TimeStampMicroVector;
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      long micros = timestamps ? in.getLong(8L * i) : 0;
      long days = timestamps ? Math.floorDiv(micros, MICROS_PER_DAY) : in.getInt(4L * i);
      long value;
      switch (part) {
        case YEAR: value = civil(days)[0]; break;
        case MONTH: value = civil(days)[1]; break;
        case DAY: value = civil(days)[2]; break;
        case DAY_OF_WEEK: value = Math.floorMod(days + 4, 7); break;
        default: value = Math.floorMod(micros, MICROS_PER_DAY) / MICROS_PER_HOUR; break;
      }
      od.setLong(8L * i, value);
      Bits.set(out.getValidityBuffer(), i);
    }
    out.setValueCount(n);
    return out;
  }

  /**
   * {@code date_trunc(unit, v)}: each date or timestamp cut down to the start of its {@code unit} ({@code year},
   * {@code quarter}, {@code month}, {@code week}, {@code day}, {@code hour}, {@code minute}, {@code second}), as a
   * timestamp (DuckDB 2.0 truncates dates to timestamps too).
   */
  public static TimeStampMicroVector trunc(String unit, FieldVector v, BufferAllocator allocator) {
    String u = unit.toLowerCase(Locale.ROOT);
    int n = v.getValueCount();
    TimeStampMicroVector out = new TimeStampMicroVector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    boolean timestamps = v instanceof TimeStampMicroVector;
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      long micros = timestamps ? in.getLong(8L * i) : in.getInt(4L * i) * MICROS_PER_DAY;
      od.setLong(8L * i, truncMicros(u, micros));
      Bits.set(out.getValidityBuffer(), i);
    }
    out.setValueCount(n);
    return out;
  }

  /** Whether {@code unit} is one {@link #trunc} knows. */
  public static boolean isUnit(String unit) {
    switch (unit.toLowerCase(Locale.ROOT)) {
      case "year": case "quarter": case "month": case "week": case "day": case "hour": case "minute": case "second":
        return true;
      default:
        return false;
    }
  }

  private static long truncMicros(String unit, long micros) {
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    switch (unit) {
      case "year": {
        int[] c = civil(days);
        return daysFromCivil(c[0], 1, 1) * MICROS_PER_DAY;
      }
      case "quarter": {
        int[] c = civil(days);
        return daysFromCivil(c[0], (c[1] - 1) / 3 * 3 + 1, 1) * MICROS_PER_DAY;
      }
      case "month": {
        int[] c = civil(days);
        return daysFromCivil(c[0], c[1], 1) * MICROS_PER_DAY;
      }
      case "week":
        return (days - Math.floorMod(days + 3, 7)) * MICROS_PER_DAY;
      case "day":
        return days * MICROS_PER_DAY;
      case "hour":
        return Math.floorDiv(micros, MICROS_PER_HOUR) * MICROS_PER_HOUR;
      case "minute":
        return Math.floorDiv(micros, 60_000_000L) * 60_000_000L;
      default:
        return Math.floorDiv(micros, 1_000_000L) * 1_000_000L;
    }
  }

  /** {@code date + days} (or {@code date - days} with negated days): a date. */
  public static DateDayVector addDays(DateDayVector v, long days, BufferAllocator allocator) {
    int n = v.getValueCount();
    DateDayVector out = new DateDayVector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        od.setInt(4L * i, Math.toIntExact(in.getInt(4L * i) + days));
        Bits.set(out.getValidityBuffer(), i);
      }
    }
    out.setValueCount(n);
    return out;
  }

  /** {@code date + days} with the days a vector (int64) of the same length; {@code sign} -1 subtracts them. */
  public static DateDayVector addDays(DateDayVector v, BigIntVector days, int sign, BufferAllocator allocator) {
    int n = v.getValueCount();
    DateDayVector out = new DateDayVector(v.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf in = v.getDataBuffer();
    ArrowBuf dd = days.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i) && !days.isNull(i)) {
        od.setInt(4L * i, Math.toIntExact(in.getInt(4L * i) + sign * dd.getLong(8L * i)));
        Bits.set(out.getValidityBuffer(), i);
      }
    }
    out.setValueCount(n);
    return out;
  }

  /** {@code a - b} for dates: the days between them, as DuckDB's date subtraction (an int64). */
  public static BigIntVector daysBetween(DateDayVector a, DateDayVector b, BufferAllocator allocator) {
    int n = a.getValueCount();
    BigIntVector out = new BigIntVector(a.getName(), allocator);
    out.allocateNew(Math.max(n, 1));
    ArrowBuf x = a.getDataBuffer();
    ArrowBuf y = b.getDataBuffer();
    ArrowBuf od = out.getDataBuffer();
    for (int i = 0; i < n; i++) {
      if (!a.isNull(i) && !b.isNull(i)) {
        od.setLong(8L * i, (long) x.getInt(4L * i) - y.getInt(4L * i));
        Bits.set(out.getValidityBuffer(), i);
      }
    }
    out.setValueCount(n);
    return out;
  }

  /** {year, month, day} of a day count since 1970-01-01 (proleptic Gregorian). */
  static int[] civil(long days) {
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return new int[] {(int) (m <= 2 ? y + 1 : y), (int) m, (int) d};
  }

  /** The day count since 1970-01-01 of a civil date (the inverse of {@link #civil}). */
  static long daysFromCivil(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
