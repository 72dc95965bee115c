package dev.partita.kernel;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

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
    int n = operands.get(0).getValueCount();
    int[] pick = new int[n];
    for (int i = 0; i < n; i++) {
      pick[i] = -1;
      for (int k = 0; k < operands.size(); k++) {
        if (!operands.get(k).isNull(i)) {
          pick[i] = k;
          break;
        }
      }
    }
    return Choose.of(operands, pick, allocator);
  }
}
