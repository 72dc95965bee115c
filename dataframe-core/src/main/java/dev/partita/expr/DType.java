package dev.partita.expr;

import dev.partita.kernel.Cast;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The column types expressions work on, with their Arrow representation. Other Arrow types widen
 * to one of these as DuckDB's implicit casts do (int32 to int64, float32 to float64, any timestamp
 * to microseconds); {@link dev.partita.kernel.Cast} does it once per batch.
 *
 * <p>{@code DECIMAL(p, s)} ({@code p <= 38}) is an Arrow Decimal128 column of unscaled integers. A
 * decimal of at most 18 digits ("narrow") fits the low 64 bits of its slot, and the kernels compute
 * on those longs; wider ones arise from sums and products (DuckDB's result-type rules, see
 * {@link Types}) and are computed 128 bits wide.
 *
 * <pre>{@code
 * DType t = DType.of(int32Field);   // INT64; null for a type expressions cannot use
 * Field f = DType.FLOAT64.field("z");
 * DType money = DType.decimal(15, 2);
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

  /** The most digits a decimal holds (DuckDB's and Arrow Decimal128's limit). */
  public static final int MAX_PRECISION = 38;

  /** The most digits a decimal holds in the low 64 bits of its slot. */
  public static final int MAX_LONG_PRECISION = 18;

  private static final java.util.concurrent.ConcurrentHashMap<Integer, DType> DECIMALS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final String label;
  private final int precision;
  private final int scale;
  private final transient ArrowType arrow;

  private DType(String label, ArrowType arrow) {
    this(label, arrow, 0, 0);
  }

  private DType(String label, ArrowType arrow, int precision, int scale) {
    this.label = label;
    this.arrow = arrow;
    this.precision = precision;
    this.scale = scale;
  }

  /** {@code DECIMAL(precision, scale)}: one instance per pair, so decimal types compare with {@code ==} too. */
  public static DType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
      throw new IllegalArgumentException("DECIMAL(" + precision + ", " + scale + "): the precision must be 1 to "
          + MAX_PRECISION + " and the scale 0 to the precision");
    }
    return DECIMALS.computeIfAbsent(precision * 100 + scale, k -> new DType("decimal(" + precision + "," + scale + ")",
        new ArrowType.Decimal(precision, scale, 128), precision, scale));
  }

  /** The type named {@code label} ({@code int64}, {@code float64}, {@code decimal(15,2)}, ...), or null. */
  public static DType named(String label) {
    for (DType t : ALL) {
      if (t.label.equals(label)) {
        return t;
      }
    }
    if (label.startsWith("decimal(") && label.endsWith(")")) {
      String[] ps = label.substring(8, label.length() - 1).split(",");
      return decimal(Integer.parseInt(ps[0]), Integer.parseInt(ps[1]));
    }
    return null;
  }

  /** The one instance of a type, so that types compare with {@code ==} after deserialization too. */
  private Object readResolve() {
    return named(label);
  }

  public boolean isDecimal() {
    return precision > 0;
  }

  /** A decimal of at most 18 digits, computed on the low 64 bits of its slots. */
  public boolean isNarrowDecimal() {
    return precision > 0 && precision <= MAX_LONG_PRECISION;
  }

  /** A decimal's number of digits (0 for other types). */
  public int precision() {
    return precision;
  }

  /** A decimal's digits after the point (0 for other types). */
  public int scale() {
    return scale;
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
    if (type instanceof ArrowType.Decimal d && d.getBitWidth() == 128) {
      return decimal(d.getPrecision(), d.getScale());
    }
    for (DType t : ALL) {
      if (t.arrow.equals(type)) {
        return t;
      }
    }
    return null;
  }

  public boolean isNumeric() {
    return this == INT64 || this == FLOAT64 || isDecimal();
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
