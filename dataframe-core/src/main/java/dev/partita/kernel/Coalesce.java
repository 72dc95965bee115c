package dev.partita.kernel;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * {@code coalesce(a, b, ...)}: per row, the first operand that is not null (null when all are). The
 * operands are vectors of one type and length.
 *
 * <pre>{@code
 * try (FieldVector v = Coalesce.of(List.of(a, b), allocator)) { ... }
 * }</pre>
 */
public final class Coalesce {

  private Coalesce() {}

  /** A new vector (owned by the caller) of the first non-null operand per row; the operands are not changed. */
  public static FieldVector of(List<FieldVector> operands, BufferAllocator allocator) {
    FieldVector first = operands.get(0);
    int n = first.getValueCount();
    int[] rows = new int[n];
    int[] source = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = -1;
      for (int k = 0; k < operands.size(); k++) {
        if (!operands.get(k).isNull(i)) {
          rows[i] = i;
          source[i] = k;
          break;
        }
      }
    }
    if (first instanceof VarCharVector) {
      // Variable-width values must be written in row order.
      VarCharVector out = new VarCharVector(first.getField(), allocator);
      try {
        out.allocateNew(Math.max(n, 1));
        for (int i = 0; i < n; i++) {
          if (rows[i] >= 0) {
            out.setSafe(i, ((VarCharVector) operands.get(source[i])).get(i));
          }
        }
        out.setValueCount(n);
        return out;
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
    FieldVector out = Selection.take(first, firstOnly(rows, source), allocator);
    try {
      for (int k = 1; k < operands.size(); k++) {
        FieldVector v = operands.get(k);
        for (int i = 0; i < n; i++) {
          if (rows[i] >= 0 && source[i] == k) {
            out.copyFromSafe(i, i, v);
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

  /** The rows where the first operand is the one taken; -1 (null for now) elsewhere. */
  private static int[] firstOnly(int[] rows, int[] source) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i] >= 0 && source[i] == 0 ? i : -1;
    }
    return out;
  }
}
