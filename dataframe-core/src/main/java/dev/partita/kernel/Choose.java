package dev.partita.kernel;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Per row, the value of one of several vectors of one type and length: what CASE, {@code coalesce} and the
 * like compute once they know which operand each row takes.
 *
 * <pre>{@code
 * try (FieldVector v = Choose.of(List.of(a, b), pick, allocator)) { ... }   // pick[i]: 0, 1, or -1 (null)
 * }</pre>
 */
public final class Choose {

  private Choose() {}

  /** Row i holds row i of {@code sources.get(pick[i])}, or null when {@code pick[i]} is negative. */
  public static FieldVector of(List<FieldVector> sources, int[] pick, BufferAllocator allocator) {
    return of(sources, pick, null, allocator);
  }

  /**
   * Row i holds row {@code row[i]} (row i when {@code row} is null) of {@code sources.get(pick[i])}, or null
   * when {@code pick[i]} is negative. A source no row picks may be null.
   */
  public static FieldVector of(List<FieldVector> sources, int[] pick, int[] row, BufferAllocator allocator) {
    FieldVector first = sources.stream().filter(java.util.Objects::nonNull).findFirst().orElseThrow();
    int n = pick.length;
    FieldVector out = first.getField().createVector(allocator);
    try {
      if (out instanceof VarCharVector strings) {
        strings.allocateNew(Math.max(n, 1));
        for (int i = 0; i < n; i++) {
          FieldVector s = pick[i] < 0 ? null : sources.get(pick[i]);
          int r = row == null ? i : row[i];
          if (s != null && !s.isNull(r)) {
            strings.setSafe(i, ((VarCharVector) s).get(r));
          }
        }
      } else if (out instanceof BitVector bits) {
        bits.allocateNew(Math.max(n, 1));
        for (int i = 0; i < n; i++) {
          FieldVector s = pick[i] < 0 ? null : sources.get(pick[i]);
          int r = row == null ? i : row[i];
          if (s != null && !s.isNull(r)) {
            bits.set(i, ((BitVector) s).get(r));
          }
        }
      } else {
        BaseFixedWidthVector dst = (BaseFixedWidthVector) out;
        dst.allocateNew(Math.max(n, 1));
        int width = dst.getTypeWidth();
        ArrowBuf dd = dst.getDataBuffer();
        ArrowBuf dv = dst.getValidityBuffer();
        for (int i = 0; i < n; i++) {
          FieldVector s = pick[i] < 0 ? null : sources.get(pick[i]);
          int r = row == null ? i : row[i];
          if (s != null && !s.isNull(r)) {
            dd.setBytes((long) i * width, s.getDataBuffer(), (long) r * width, width);
            BitVectorHelper.setBit(dv, i);
          }
        }
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
