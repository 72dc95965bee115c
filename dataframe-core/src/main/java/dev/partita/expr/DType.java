package dev.partita.expr;

import dev.partita.kernel.Cast;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The column types expressions work on, with their Arrow representation. Other Arrow types widen
 * to one of these as DuckDB's implicit casts do (int32 to int64, float32 and decimal to float64,
 * any timestamp to microseconds); {@link dev.partita.kernel.Cast} does it once per batch.
 *
 * <pre>{@code
 * DType t = DType.of(int32Field);   // INT64; null for a type expressions cannot use
 * Field f = DType.FLOAT64.field("z");
 * }</pre>
 */
public final class DType implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public static final DType INT64 = new DType("int64", new ArrowType.Int(64, true));
  public static final DType FLOAT64 = new DType("float64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
  public static final DType STRING = new DType("string", ArrowType.Utf8.INSTANCE);
  public static final DType BOOL = new DType("bool", ArrowType.Bool.INSTANCE);
  public static final DType DATE = new DType("date", new ArrowType.Date(DateUnit.DAY));
  public static final DType TIMESTAMP = new DType("timestamp", Cast.TIMESTAMP);
  private static final java.util.List<DType> ALL = java.util.List.of(INT64, FLOAT64, STRING, BOOL, DATE, TIMESTAMP);

  private final String label;
  private final transient ArrowType arrow;

  private DType(String label, ArrowType arrow) {
    this.label = label;
    this.arrow = arrow;
  }

  /** The type named {@code label} ({@code int64}, {@code float64}, ...), or null. */
  public static DType named(String label) {
    for (DType t : ALL) {
      if (t.label.equals(label)) {
        return t;
      }
    }
    return null;
  }

  /** The one instance of a type, so that types compare with {@code ==} after deserialization too. */
  private Object readResolve() {
    return named(label);
  }

  /** The Arrow type of values of this type. */
  public ArrowType arrowType() {
    return arrow;
  }

  /** The expression type of an Arrow field after widening, or null when expressions cannot use it. */
  public static DType of(Field field) {
    return exact(Cast.widened(field.getType()));
  }

  private static DType exact(ArrowType type) {
    for (DType t : ALL) {
      if (t.arrow.equals(type)) {
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
    ArrowType type = field.getType();
    DType t = exact(type);
    if (t != null) {
      return t.label;
    }
    if (type instanceof ArrowType.Int) {
      ArrowType.Int i = (ArrowType.Int) type;
      return (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
    }
    if (type instanceof ArrowType.FloatingPoint) {
      return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.HALF ? "float16" : "float32";
    }
    if (type instanceof ArrowType.Timestamp) {
      ArrowType.Timestamp ts = (ArrowType.Timestamp) type;
      String unit = ts.getUnit().name().toLowerCase(java.util.Locale.ROOT);
      return "timestamp[" + unit + (ts.getTimezone() == null ? "" : ", " + ts.getTimezone()) + "]";
    }
    return type.toString().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return label;
  }
}
