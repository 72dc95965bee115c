package dev.partita.kernel;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/** Reads int64 and float64 vectors as doubles, for kernels that promote mixed operands. */
final class Numeric {

  private Numeric() {}

  static boolean isNumeric(FieldVector v) {
    return v instanceof BigIntVector || v instanceof Float8Vector;
  }

  static double asDouble(FieldVector v, int i) {
    return v instanceof BigIntVector
        ? (double) v.getDataBuffer().getLong(8L * i)
        : v.getDataBuffer().getDouble(8L * i);
  }
}
