package dev.partita.expr;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The column types expressions work on, with their Arrow representation.
 *
 * <pre>{@code
 * DType t = DType.of(field);        // null for a type expressions cannot use
 * Field f = DType.FLOAT64.field("z");
 * }</pre>
 */
public enum DType {
  INT64("int64", new ArrowType.Int(64, true)),
  FLOAT64("float64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
  STRING("string", ArrowType.Utf8.INSTANCE),
  BOOL("bool", ArrowType.Bool.INSTANCE),
  DATE("date", new ArrowType.Date(DateUnit.DAY));

  private final String label;
  private final ArrowType arrow;

  DType(String label, ArrowType arrow) {
    this.label = label;
    this.arrow = arrow;
  }

  /** The expression type of an Arrow field, or null when expressions cannot use it. */
  public static DType of(Field field) {
    for (DType t : values()) {
      if (t.arrow.equals(field.getType())) {
        return t;
      }
    }
    return null;
  }

  public boolean isNumeric() {
    return this == INT64 || this == FLOAT64;
  }

  public Field field(String name) {
    return new Field(name, FieldType.nullable(arrow), null);
  }

  /** A short type name for messages and table headers: {@code int64}, {@code string}, ... */
  public static String label(Field field) {
    DType t = of(field);
    return t != null ? t.label : field.getType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return label;
  }
}
