package dev.partita.io.csv;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The column types a CSV source produces, each with its Arrow type. Inference tries them in
 * declaration order and keeps the first that fits every sampled value; {@link #STRING} always fits.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().dtype("zip", CsvType.STRING);
 * }</pre>
 */
public enum CsvType {
  /** Signed 64-bit integer: optional sign and decimal digits. Arrow BigInt. */
  INT64(new ArrowType.Int(64, true)),
  /** IEEE double in Java's decimal syntax (e.g. {@code 1.5e3}, {@code NaN}). Arrow Float8. */
  FLOAT64(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
  /** {@code true} or {@code false}, any case. Arrow Bit. */
  BOOLEAN(ArrowType.Bool.INSTANCE),
  /** {@code yyyy-MM-dd}. Arrow Date(DAY). */
  DATE(new ArrowType.Date(DateUnit.DAY)),
  /** {@code yyyy-MM-dd HH:mm:ss[.f]} or with {@code T}, no zone. Arrow Timestamp(MICROSECOND). */
  TIMESTAMP(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
  /** Any UTF-8 text. Arrow Utf8. */
  STRING(ArrowType.Utf8.INSTANCE);

  private final ArrowType arrowType;

  CsvType(ArrowType arrowType) {
    this.arrowType = arrowType;
  }

  /** The Arrow type of vectors of this column type. */
  public ArrowType arrowType() {
    return arrowType;
  }
}
