package dev.partita.agg;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;

/** Test helper: boxed values to and from Arrow vectors (Long, Integer, Double, Float, String, Boolean, BigDecimal). */
final class Columns {

  private Columns() {}

  /** A vector of {@code field} holding {@code values[from, to)}; null entries are nulls. */
  static FieldVector vector(Field field, List<?> values, int from, int to, BufferAllocator allocator) {
    FieldVector v = field.createVector(allocator);
    v.allocateNew();
    for (int i = from; i < to; i++) {
      Object x = values.get(i);
      int r = i - from;
      if (x == null) {
        continue;
      }
      if (v instanceof BigIntVector) {
        ((BigIntVector) v).setSafe(r, (Long) x);
      } else if (v instanceof IntVector) {
        ((IntVector) v).setSafe(r, (Integer) x);
      } else if (v instanceof DateDayVector) {
        ((DateDayVector) v).setSafe(r, (Integer) x);
      } else if (v instanceof TimeStampMicroVector) {
        ((TimeStampMicroVector) v).setSafe(r, (Long) x);
      } else if (v instanceof Float8Vector) {
        ((Float8Vector) v).setSafe(r, (Double) x);
      } else if (v instanceof Float4Vector) {
        ((Float4Vector) v).setSafe(r, (Float) x);
      } else if (v instanceof BitVector) {
        ((BitVector) v).setSafe(r, (Boolean) x ? 1 : 0);
      } else if (v instanceof VarCharVector) {
        ((VarCharVector) v).setSafe(r, ((String) x).getBytes(StandardCharsets.UTF_8));
      } else if (v instanceof DecimalVector) {
        ((DecimalVector) v).setSafe(r, (BigDecimal) x);
      } else {
        throw new IllegalArgumentException(field.toString());
      }
    }
    v.setValueCount(to - from);
    return v;
  }

  /** Row {@code i} of {@code v} in the boxed form used by {@link #vector}. */
  static Object value(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    Object o = v.getObject(i);
    if (o instanceof Text) {
      return o.toString();
    }
    if (v instanceof TimeStampMicroVector) {
      LocalDateTime t = (LocalDateTime) o;
      return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }
    return o;
  }
}
