package dev.partita.kernel;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Reads int64 and float64 vectors as doubles, for kernels that promote mixed operands, and orders doubles
 * as DuckDB does.
 */
public final class Numeric {

  private Numeric() {}

  static boolean isNumeric(FieldVector v) {
    return v instanceof BigIntVector || v instanceof Float8Vector;
  }

  /**
   * DuckDB's order of doubles: {@code -0.0} equals {@code 0.0}, NaN equals NaN and is above every number
   * (adding 0.0 turns -0.0 into 0.0; {@link Double#compare} does the rest).
   */
  public static int compare(double a, double b) {
    return Double.compare(a + 0.0, b + 0.0);
  }

  static double asDouble(FieldVector v, int i) {
    return v instanceof BigIntVector
        ? (double) v.getDataBuffer().getLong(8L * i)
        : v.getDataBuffer().getDouble(8L * i);
  }
}
