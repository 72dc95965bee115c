package dev.partita.io.parquet;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** The Parquet-to-Arrow type mapping of top-level columns (flat schemas only). */
final class ParquetColumns {

  private ParquetColumns() {}

  /** Why a top-level column cannot be read, or {@code null} when {@link #arrowType} maps it. */
  static String unsupportedReason(Type t) {
    if (!t.isPrimitive()) {
      return "nested types (groups, lists, maps) are not supported yet";
    }
    if (t.isRepetition(Type.Repetition.REPEATED)) {
      return "repeated columns are not supported yet";
    }
    PrimitiveType p = t.asPrimitiveType();
    LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
    if (l instanceof IntLogicalTypeAnnotation i && !i.isSigned() && i.getBitWidth() >= 32) {
      return "unsigned " + i.getBitWidth() + "-bit integers are not supported yet";
    }
    if (l instanceof DecimalLogicalTypeAnnotation d && d.getPrecision() > 38) {
      return "decimals wider than 38 digits are not supported yet";
    }
    return null;
  }

  /** The Arrow field of a supported primitive column: nullable unless required. */
  static Field field(PrimitiveType p) {
    boolean nullable = !p.isRepetition(Type.Repetition.REQUIRED);
    return new Field(p.getName(), new FieldType(nullable, arrowType(p), null), null);
  }

  /** The Arrow type of a supported primitive column, decimals as {@code Decimal(p, s, 128)}. */
  static ArrowType arrowType(PrimitiveType p) {
    LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
    if (l instanceof DecimalLogicalTypeAnnotation d) {
      return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
    }
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INT32:
        if (l instanceof DateLogicalTypeAnnotation) {
          return new ArrowType.Date(DateUnit.DAY);
        }
        if (l instanceof TimeLogicalTypeAnnotation) {
          return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
        }
        return new ArrowType.Int(32, true);
      case INT64:
        if (l instanceof TimestampLogicalTypeAnnotation ts) {
          return new ArrowType.Timestamp(unit(ts.getUnit()), ts.isAdjustedToUTC() ? "UTC" : null);
        }
        if (l instanceof TimeLogicalTypeAnnotation t) {
          return new ArrowType.Time(unit(t.getUnit()), 64);
        }
        return new ArrowType.Int(64, true);
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case BINARY:
        if (l instanceof StringLogicalTypeAnnotation || l instanceof EnumLogicalTypeAnnotation
            || l instanceof JsonLogicalTypeAnnotation) {
          return ArrowType.Utf8.INSTANCE;
        }
        return ArrowType.Binary.INSTANCE;
      case FIXED_LEN_BYTE_ARRAY:
        return ArrowType.Binary.INSTANCE;
      case INT96:
        // Impala's and old Spark's timestamps; microseconds (as DuckDB and Spark read them) hold
        // every date of years 1-9999, where nanoseconds would overflow outside 1677-2262
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      default:
        throw new IllegalArgumentException("unsupported Parquet type " + p);
    }
  }

  private static TimeUnit unit(LogicalTypeAnnotation.TimeUnit u) {
    return switch (u) {
      case MILLIS -> TimeUnit.MILLISECOND;
      case MICROS -> TimeUnit.MICROSECOND;
      case NANOS -> TimeUnit.NANOSECOND;
    };
  }
}
