package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.util.Locale;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Result types of the aggregations and the registry that creates their accumulators.
 * COUNT_ALL, COUNT and NUNIQUE give non-null int64; SUM gives int64 for integers, float64 for floats
 * and DECIMAL(38, s) for decimals; MEAN, VAR, STD, CORR and COVAR give float64; QUANTILE and
 * APPROX_QUANTILE give float64, or the input's type for a decimal (DuckDB's); MIN, MAX, FIRST, LAST and
 * TOP_N keep the input type.
 *
 * <pre>{@code
 * Field out = Aggregations.outputField(new AggCall(AggKind.MEAN, "v", "v_mean"), inputField);
 * // out: v_mean, nullable float64
 * }</pre>
 */
public final class Aggregations {

  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  private Aggregations() {}

  /**
   * The Arrow field of the result of {@code call} over a column described by {@code input}
   * (null for COUNT_ALL).
   *
   * @throws IllegalArgumentException naming the column, its type and the aggregation, when the
   *     aggregation is not defined for that type (e.g. the mean of a string)
   */
  public static Field outputField(AggCall call, Field input) {
    String name = call.outputName();

    if (call.kind() == AggKind.COUNT_ALL) {
      return new Field(name, FieldType.notNullable(INT64), null);
    }
    if (input == null) {
      throw new IllegalArgumentException(call.kind() + " of column '" + call.column() + "' needs its input field");
    }
    ArrowType t = input.getType();
    switch (call.kind()) {
      case COUNT:
        return new Field(name, FieldType.notNullable(INT64), null);
      case NUNIQUE:
        require(call, t, isGroupable(t));
        return new Field(name, FieldType.notNullable(INT64), null);
      case SUM:
        require(call, t, isNumeric(t));
        return new Field(name, FieldType.nullable(isInteger(t) ? INT64 : isDecimal(t)
            ? new ArrowType.Decimal(38, ((ArrowType.Decimal) t).getScale(), 128) : FLOAT64), null);
      case QUANTILE:
      case APPROX_QUANTILE:
        require(call, t, isNumeric(t) && (!isDecimal(t) || VectorAccess.isLongEncodable(t)));
        return new Field(name, FieldType.nullable(isDecimal(t) ? t : FLOAT64), null);
      case MEAN:
      case VAR:
      case STD:
      case CORR:
      case COVAR:
        require(call, t, isNumeric(t));
        return new Field(name, FieldType.nullable(FLOAT64), null);
      case TOP_N:
        require(call, t, VectorAccess.isLongEncodable(t));
        return new Field(name, FieldType.nullable(t), null);
      default:
        require(call, t, isGroupable(t));
        return new Field(name, FieldType.nullable(t), null);
    }
  }

  /**
   * Whether the call's partial state has an Arrow form, so that a shuffle can move states rather than rows;
   * calls that keep values per row (exact quantiles, distinct counts, top-n) do not.
   */
  public static boolean hasArrowState(AggCall call, Field input) {
    return newAccumulator(call, input).hasArrowState();
  }

  static Accumulator newAccumulator(AggCall call, Field input) {
    ArrowType t = input == null ? null : input.getType();
    switch (call.kind()) {
      case COUNT_ALL:
        return new CountAll();
      case COUNT:
        return new Count();
      case SUM:
        return sum(call, t);
      case MEAN:
        return new Mean(sum(call, t));
      case VAR:
        return new Variance(false);
      case STD:
        return new Variance(true);
      case MIN:
        return minMax(t, false);
      case MAX:
        return minMax(t, true);
      case NUNIQUE:
        return new NUnique(input);
      case FIRST:
        return new FirstLast(t, false);
      case LAST:
        return new FirstLast(t, true);
      case QUANTILE:
        return new Quantile(call.param(), isDecimal(t) ? ((ArrowType.Decimal) t).getScale() : -1);
      case APPROX_QUANTILE:
        return new ApproxQuantile(call.param());
      case TOP_N:
        return new TopN((int) call.param(), VectorAccess.isFloating(t));
      case CORR:
        return new CoMoments(true);
      case COVAR:
        return new CoMoments(false);
      default:
        throw new IllegalArgumentException("unknown aggregation " + call.kind());
    }
  }

  private static Summable sum(AggCall call, ArrowType t) {
    if (isInteger(t)) {
      return new SumLong(call.column());
    }
    return isDecimal(t) ? new SumDecimal(call.column(), ((ArrowType.Decimal) t).getScale()) : new SumDouble();
  }

  private static Accumulator minMax(ArrowType t, boolean max) {
    if (VectorAccess.isFloating(t)) {
      return new MinMaxDouble(max);
    }
    if (VectorAccess.isLongEncodable(t)) {
      return new MinMaxLong(max);
    }
    return t.getTypeID() == ArrowType.ArrowTypeID.Utf8 ? new MinMaxString(max) : new MinMaxDecimal(max);
  }

  private static void require(AggCall call, ArrowType t, boolean ok) {
    if (!ok) {
      String fn = call.kind().name().toLowerCase(Locale.ROOT);
      throw new IllegalArgumentException(
          fn + " is not defined for column '" + call.column() + "' of type " + t);
    }
  }

  static boolean isInteger(ArrowType t) {
    return t.getTypeID() == ArrowType.ArrowTypeID.Int;
  }

  static boolean isDecimal(ArrowType t) {
    return t.getTypeID() == ArrowType.ArrowTypeID.Decimal;
  }

  static boolean isNumeric(ArrowType t) {
    return isInteger(t) || t.getTypeID() == ArrowType.ArrowTypeID.Decimal
        || (t.getTypeID() == ArrowType.ArrowTypeID.FloatingPoint && VectorAccess.isLongEncodable(t));
  }

  static boolean isGroupable(ArrowType t) {
    return VectorAccess.isLongEncodable(t) || t.getTypeID() == ArrowType.ArrowTypeID.Utf8
        || t.getTypeID() == ArrowType.ArrowTypeID.Decimal;
  }
}
