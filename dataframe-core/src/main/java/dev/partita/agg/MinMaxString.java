package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Min or max of strings by unsigned UTF-8 bytes (= code point order), compared in the Arrow data
 * buffer; a group's bytes are copied only when its best value changes.
 */
final class MinMaxString implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final boolean max;
  private byte[][] best = new byte[0][];

  MinMaxString(boolean max) {
    this.max = max;
  }

  @Override
  public void resize(int groupCount) {
    best = Kernels.grow(best, groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    ArrowBuf data = input.getDataBuffer();
    ArrowBuf offsets = input.getOffsetBuffer();
    for (int i = 0; i < rowCount; i++) {
      if (validity == null || VectorAccess.isValid(validity, i)) {
        int start = offsets.getInt((long) i << 2);
        int len = offsets.getInt(((long) i + 1) << 2) - start;
        int g = ids[i];
        byte[] b = best[g];
        if (b == null || better(compare(data, start, len, b))) {
          byte[] copy = new byte[len];
          data.getBytes(start, copy, 0, len);
          best[g] = copy;
        }
      }
    }
  }

  private boolean better(int cmp) {
    return max ? cmp > 0 : cmp < 0;
  }

  private static int compare(ArrowBuf data, long start, int len, byte[] b) {
    int n = Math.min(len, b.length);
    for (int p = 0; p < n; p++) {
      int c = Byte.toUnsignedInt(data.getByte(start + p)) - Byte.toUnsignedInt(b[p]);
      if (c != 0) {
        return c;
      }
    }
    return len - b.length;
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    byte[][] o = ((MinMaxString) other).best;
    for (int og = 0; og < map.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      int g = map[og];
      if (o[og] != null && (best[g] == null || better(Arrays.compareUnsigned(o[og], best[g])))) {
        best[g] = o[og];
      }
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    VarCharVector v = (VarCharVector) Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount && g < best.length; g++) {
      if (best[g] != null) {
        v.setSafe(g, best[g]);
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public Accumulator emptyCopy() {
    return new MinMaxString(max);
  }

  @Override
  public long sizeBytes() {
    long bytes = 32L + best.length * 8L;
    for (byte[] b : best) {
      bytes += b == null ? 0 : 16 + b.length;
    }
    return bytes;
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return List.of(StateColumns.objects(prefix + "0", best, n, allocator));
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    MinMaxString m = new MinMaxString(max);
    Object[] values = StateColumns.objects(columns.get(0), n);
    m.best = new byte[n][];
    for (int g = 0; g < n; g++) {
      m.best[g] = (byte[]) values[g];
    }
    return m;
  }
}
