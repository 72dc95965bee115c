package dev.partita.io.text;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The column types a JSON lines source produces, each with its Arrow type.
 *
 * <pre>{@code
 * JsonOptions o = JsonOptions.defaults().dtype("user.id", JsonType.STRING);
 * }</pre>
 */
public enum JsonType {
  /** A JSON integer that fits 64 bits. Arrow BigInt. */
  INT64(new ArrowType.Int(64, true)),
  /** Any JSON number. Arrow Float8. */
  FLOAT64(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
  /** {@code true} or {@code false}. Arrow Bit. */
  BOOLEAN(ArrowType.Bool.INSTANCE),
  /** A string {@code yyyy-MM-dd}. Arrow Date(DAY). */
  DATE(new ArrowType.Date(DateUnit.DAY)),
  /**
   * A string {@code yyyy-MM-ddTHH:mm:ss[.f]} (or with a space for {@code T}), with an optional zone
   * ({@code Z}, {@code +HH:MM}); without a zone it is taken as UTC. Arrow Timestamp(MICROSECOND,
   * "UTC").
   */
  TIMESTAMP(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
  /** A string; a number or boolean as its JSON text; an object or array as its JSON text. */
  STRING(ArrowType.Utf8.INSTANCE);

  private final ArrowType arrowType;

  JsonType(ArrowType arrowType) {
    this.arrowType = arrowType;
  }

  /** The Arrow type of vectors of this column type. */
  public ArrowType arrowType() {
    return arrowType;
  }
}
