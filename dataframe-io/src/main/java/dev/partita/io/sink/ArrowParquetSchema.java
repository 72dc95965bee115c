package dev.partita.io.sink;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** The Arrow-to-Parquet type mapping, the mirror of the Parquet reader's. */
final class ArrowParquetSchema {

  private ArrowParquetSchema() {}

  static MessageType toParquet(Schema schema) {
    List<Type> fields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      fields.add(column(f));
    }
    return new MessageType("partita", fields);
  }

  private static Type column(Field f) {
    Type.Repetition rep = f.isNullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    ArrowType t = f.getType();
    if (t instanceof ArrowType.Int i && i.getIsSigned()) {
      if (i.getBitWidth() == 64) {
        return Types.primitive(PrimitiveTypeName.INT64, rep).named(f.getName());
      }
      return Types.primitive(PrimitiveTypeName.INT32, rep)
          .as(i.getBitWidth() == 32 ? null : LogicalTypeAnnotation.intType(i.getBitWidth(), true))
          .named(f.getName());
    }
    if (t instanceof ArrowType.FloatingPoint fp) {
      switch (fp.getPrecision()) {
        case SINGLE:
          return Types.primitive(PrimitiveTypeName.FLOAT, rep).named(f.getName());
        case DOUBLE:
          return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(f.getName());
        default:
          break;
      }
    }
    if (t instanceof ArrowType.Bool) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(f.getName());
    }
    if (t instanceof ArrowType.Utf8) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep)
          .as(LogicalTypeAnnotation.stringType()).named(f.getName());
    }
    if (t instanceof ArrowType.Binary) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep).named(f.getName());
    }
    if (t instanceof ArrowType.Date d && d.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY) {
      return Types.primitive(PrimitiveTypeName.INT32, rep)
          .as(LogicalTypeAnnotation.dateType()).named(f.getName());
    }
    if (t instanceof ArrowType.Timestamp ts && unit(ts.getUnit()) != null) {
      return Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(ts.getTimezone() != null, unit(ts.getUnit())))
          .named(f.getName());
    }
    if (t instanceof ArrowType.Time tm && unit(tm.getUnit()) != null) {
      PrimitiveTypeName p = tm.getBitWidth() == 32 ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64;
      return Types.primitive(p, rep)
          .as(LogicalTypeAnnotation.timeType(false, unit(tm.getUnit()))).named(f.getName());
    }
    if (t instanceof ArrowType.Decimal d && d.getBitWidth() == 128) {
      LogicalTypeAnnotation dec = LogicalTypeAnnotation.decimalType(d.getScale(), d.getPrecision());
      if (d.getPrecision() <= 9) {
        return Types.primitive(PrimitiveTypeName.INT32, rep).as(dec).named(f.getName());
      }
      if (d.getPrecision() <= 18) {
        return Types.primitive(PrimitiveTypeName.INT64, rep).as(dec).named(f.getName());
      }
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(16).as(dec)
          .named(f.getName());
    }
    throw new IllegalArgumentException("column '" + f.getName() + "': Arrow type " + t
        + " cannot be written to Parquet yet; cast it to a supported type first");
  }

  private static LogicalTypeAnnotation.TimeUnit unit(org.apache.arrow.vector.types.TimeUnit u) {
    return switch (u) {
      case MILLISECOND -> LogicalTypeAnnotation.TimeUnit.MILLIS;
      case MICROSECOND -> LogicalTypeAnnotation.TimeUnit.MICROS;
      case NANOSECOND -> LogicalTypeAnnotation.TimeUnit.NANOS;
      case SECOND -> null;
    };
  }
}
