package dev.partita.io.csv;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The column types a CSV source produces, each with its Arrow type: the constants, and decimals of
 * a given precision and scale ({@link #decimal}), as Spark's {@code DecimalType(p, s)} and DuckDB's
 * {@code DECIMAL(p, s)}. Inference tries {@link #INT64}, {@link #FLOAT64}, {@link #BOOLEAN},
 * {@link #DATE}, {@link #TIMESTAMP} in that order and keeps the first that fits every sampled
 * value, else {@link #STRING}; a decimal is only ever declared. Compares by value.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().dtype("zip", CsvType.STRING)
 *     .dtype("price", CsvType.decimal(15, 2));
 * }</pre>
 */
public final class CsvType implements Serializable {

  private static final long serialVersionUID = 2L;

  /** What a column holds; the order of the first six is the inference order. */
  enum Kind { INT64, FLOAT64, BOOLEAN, DATE, TIMESTAMP, STRING, DECIMAL }

  /** The widest decimal precision, as in Arrow's Decimal128 and DuckDB. */
  public static final int MAX_PRECISION = 38;

  /** Signed 64-bit integer: optional sign and decimal digits. Arrow BigInt. */
  public static final CsvType INT64 = new CsvType(Kind.INT64, 0, 0);
  /** IEEE double in Java's decimal syntax (e.g. {@code 1.5e3}, {@code NaN}). Arrow Float8. */
  public static final CsvType FLOAT64 = new CsvType(Kind.FLOAT64, 0, 0);
  /** {@code true} or {@code false}, any case. Arrow Bit. */
  public static final CsvType BOOLEAN = new CsvType(Kind.BOOLEAN, 0, 0);
  /** {@code yyyy-MM-dd}. Arrow Date(DAY). */
  public static final CsvType DATE = new CsvType(Kind.DATE, 0, 0);
  /** {@code yyyy-MM-dd HH:mm:ss[.f]} or with {@code T}, no zone. Arrow Timestamp(MICROSECOND). */
  public static final CsvType TIMESTAMP = new CsvType(Kind.TIMESTAMP, 0, 0);
  /** Any UTF-8 text. Arrow Utf8. */
  public static final CsvType STRING = new CsvType(Kind.STRING, 0, 0);

  /** The types inference tries, in order. */
  static final List<CsvType> INFERRED = List.of(INT64, FLOAT64, BOOLEAN, DATE, TIMESTAMP, STRING);

  private final Kind kind;
  private final int precision;
  private final int scale;

  private CsvType(Kind kind, int precision, int scale) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
  }

  /**
   * A decimal of {@code precision} digits, {@code scale} of them after the point, read exactly into
   * an Arrow {@code Decimal(precision, scale, 128)}: an optional sign, digits with an optional
   * point ({@code -12.5}, {@code .5}, {@code 7.}); more fraction digits than the scale are rounded
   * half away from zero, as DuckDB's cast does, and a value needing more than
   * {@code precision - scale} digits before the point is an error.
   *
   * @throws IllegalArgumentException unless {@code 1 <= precision <= 38} and
   *     {@code 0 <= scale <= precision}
   */
  public static CsvType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
      throw new IllegalArgumentException("a decimal needs 1 <= precision <= " + MAX_PRECISION
          + " and 0 <= scale <= precision, got decimal(" + precision + ", " + scale + ")");
    }
    return new CsvType(Kind.DECIMAL, precision, scale);
  }

  Kind kind() {
    return kind;
  }

  /** Total decimal digits of a decimal type, 0 for the others. */
  public int precision() {
    return precision;
  }

  /** Digits after the point of a decimal type, 0 for the others. */
  public int scale() {
    return scale;
  }

  /** The Arrow type of vectors of this column type. */
  public ArrowType arrowType() {
    return switch (kind) {
      case INT64 -> new ArrowType.Int(64, true);
      case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case STRING -> ArrowType.Utf8.INSTANCE;
      case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
    };
  }

  /** How the type is written in code: {@code CsvType.INT64}, {@code CsvType.decimal(15, 2)}. */
  String code() {
    return kind == Kind.DECIMAL ? "CsvType.decimal(" + precision + ", " + scale + ")"
        : "CsvType." + kind;
  }

  /** How the type is written on the command line: {@code int64}, {@code decimal(15,2)}. */
  String cli() {
    return toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvType t && t.kind == kind && t.precision == precision
        && t.scale == scale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale);
  }

  /** {@code INT64}, ..., {@code STRING}, or {@code DECIMAL(15,2)}. */
  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }
}
