package dev.partita.io.parquet;

import dev.partita.io.Filter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Decides from a row group's column statistics (min, max, null count) whether a {@link Filter}
 * can match any of its rows. Conservative: a missing statistic, an unknown column or a literal
 * that does not convert exactly to the column's type keeps the row group.
 */
final class RowGroupPruner {

  private RowGroupPruner() {}

  static boolean mayMatch(Filter f, BlockMetaData block) {
    Map<String, ColumnChunkMetaData> cols = new HashMap<>();
    for (ColumnChunkMetaData c : block.getColumns()) {
      if (c.getPath().size() == 1) {
        cols.put(c.getPath().toArray()[0], c);
      }
    }
    return eval(f, cols);
  }

  private static boolean eval(Filter f, Map<String, ColumnChunkMetaData> cols) {
    if (f instanceof Filter.And a) {
      return eval(a.left(), cols) && eval(a.right(), cols);
    }
    if (f instanceof Filter.Or o) {
      return eval(o.left(), cols) || eval(o.right(), cols);
    }
    if (f instanceof Filter.IsNull n) {
      return isNull(n, cols.get(n.column()));
    }
    return compare((Filter.Compare) f, cols.get(((Filter.Compare) f).column()));
  }

  private static boolean isNull(Filter.IsNull n, ColumnChunkMetaData c) {
    if (c == null || c.getStatistics() == null || !c.getStatistics().isNumNullsSet()) {
      return true;
    }
    long nulls = c.getStatistics().getNumNulls();
    return n.negated() ? nulls < c.getValueCount() : nulls > 0;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean compare(Filter.Compare cmp, ColumnChunkMetaData c) {
    if (c == null || c.getStatistics() == null || c.getStatistics().isEmpty()) {
      return true;
    }
    Statistics s = c.getStatistics();
    if (!s.hasNonNullValue()) {
      // only nulls: no comparison holds for them
      return !(s.isNumNullsSet() && s.getNumNulls() >= c.getValueCount());
    }
    Comparable lit = literal(c.getPrimitiveType(), cmp.value());
    if (lit == null || isNaN(s.genericGetMin()) || isNaN(s.genericGetMax())) {
      return true;
    }
    int lo = s.comparator().compare(s.genericGetMin(), lit);
    int hi = s.comparator().compare(s.genericGetMax(), lit);
    return switch (cmp.op()) {
      case EQ -> lo <= 0 && hi >= 0;
      case NE -> !(lo == 0 && hi == 0);
      case LT -> lo < 0;
      case LE -> lo <= 0;
      case GT -> hi > 0;
      case GE -> hi >= 0;
    };
  }

  private static boolean isNaN(Object o) {
    return o instanceof Double d && d.isNaN() || o instanceof Float f && f.isNaN();
  }

  /** The literal as the statistics' Java type, or null when it does not convert exactly. */
  @SuppressWarnings("rawtypes")
  static Comparable literal(PrimitiveType t, Object v) {
    LogicalTypeAnnotation l = t.getLogicalTypeAnnotation();
    boolean plainInt = l == null || l instanceof IntLogicalTypeAnnotation i && i.isSigned();
    switch (t.getPrimitiveTypeName()) {
      case INT32:
        if (l instanceof DateLogicalTypeAnnotation && v instanceof LocalDate d) {
          return (int) d.toEpochDay();
        }
        if (l instanceof DecimalLogicalTypeAnnotation dec) {
          Long u = unscaled(dec, v);
          return u != null && u == u.intValue() ? u.intValue() : null;
        }
        if (plainInt && isIntegral(v) && ((Number) v).longValue() == ((Number) v).intValue()) {
          return ((Number) v).intValue();
        }
        return null;
      case INT64:
        if (l instanceof TimestampLogicalTypeAnnotation ts && ts.isAdjustedToUTC()
            && v instanceof Instant i) {
          return switch (ts.getUnit()) {
            case MILLIS -> i.toEpochMilli();
            case MICROS -> Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L),
                i.getNano() / 1000);
            case NANOS -> Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L),
                i.getNano());
          };
        }
        if (l instanceof DecimalLogicalTypeAnnotation dec) {
          return unscaled(dec, v);
        }
        return plainInt && isIntegral(v) ? ((Number) v).longValue() : null;
      case DOUBLE:
        if (v instanceof Double || v instanceof Float) {
          return ((Number) v).doubleValue();
        }
        if (isIntegral(v) && (long) ((Number) v).doubleValue() == ((Number) v).longValue()) {
          return ((Number) v).doubleValue();
        }
        return null;
      case FLOAT:
        if (v instanceof Number n && (double) n.floatValue() == n.doubleValue()) {
          return n.floatValue();
        }
        return null;
      case BOOLEAN:
        return v instanceof Boolean b ? b : null;
      case BINARY:
        return l instanceof StringLogicalTypeAnnotation && v instanceof String str
            ? Binary.fromString(str) : null;
      default:
        return null;
    }
  }

  /**
   * A BigDecimal or integer literal as an unscaled value at the decimal column's scale, or null
   * when it has more digits after the point than the scale or does not fit a long.
   */
  private static Long unscaled(DecimalLogicalTypeAnnotation d, Object v) {
    BigDecimal b = v instanceof BigDecimal x ? x
        : isIntegral(v) ? BigDecimal.valueOf(((Number) v).longValue()) : null;
    if (b == null) {
      return null;
    }
    try {
      return b.setScale(d.getScale()).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static boolean isIntegral(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }
}
