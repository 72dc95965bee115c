package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Byte-array values visited one at a time: {@link #next} moves to the next value, whose bytes are
 * then {@code bytes[start, start + length)}. They land as strings or binaries, or as decimals.
 */
abstract class BinaryValues extends PageValues {

  final ValueKind kind;
  final Scratch scratch;
  /** The array holding the current value. */
  byte[] bytes;
  /** Where the current value starts in {@link #bytes}. */
  int start;
  private ByteBuffer view;

  BinaryValues(ValueKind kind, Scratch scratch) {
    this.kind = kind;
    this.scratch = scratch;
  }

  /** Moves to the next value and returns its length. */
  abstract int next();

  /** At least the number of bytes of the next {@code count} values. */
  abstract long bound(int count);

  /** The array holding the current value as a buffer, to read big-endian words from. */
  private ByteBuffer view() {
    if (view == null || view.array() != bytes) {
      view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    return view;
  }

  @Override
  void skip(int count) {
    for (int i = 0; i < count; i++) {
      next();
    }
  }

  @Override
  void read(FieldVector v, int dst, int count) {
    if (kind == ValueKind.BYTES) {
      VarWidthAppender a = scratch.appender;
      a.begin((BaseVariableWidthVector) v, dst, count, bound(count));
      for (int i = 0; i < count; i++) {
        int len = next();
        a.append(bytes, start, len);
      }
      a.finish();
      return;
    }
    long at = DecimalSlots.address(v.getDataBuffer(), dst, count);
    for (int i = 0; i < count; i++, at += DecimalSlots.WIDTH) {
      int len = next();
      DecimalSlots.putBigEndian(view(), start, len, at);
    }
  }
}
