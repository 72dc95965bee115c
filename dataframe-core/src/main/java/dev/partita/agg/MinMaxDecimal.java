package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Min or max of decimals, keeping the decimal type; values are boxed as BigDecimal (decimals are rare). */
final class MinMaxDecimal implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final boolean max;
  private BigDecimal[] best = new BigDecimal[0];

  MinMaxDecimal(boolean max) {
    this.max = max;
  }

  @Override
  public void resize(int groupCount) {
    best = Kernels.grow(best, groupCount);
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    DecimalVector d = (DecimalVector) input;
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    for (int i = 0; i < rowCount; i++) {
      if (validity == null || VectorAccess.isValid(validity, i)) {
        offer(ids[i], d.getObject(i));
      }
    }
  }

  private void offer(int g, BigDecimal v) {
    if (best[g] == null || (max ? v.compareTo(best[g]) > 0 : v.compareTo(best[g]) < 0)) {
      best[g] = v;
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    BigDecimal[] o = ((MinMaxDecimal) other).best;
    for (int og = 0; og < map.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      if (o[og] != null) {
        offer(map[og], o[og]);
      }
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    DecimalVector v = (DecimalVector) Kernels.allocate(field, groupCount, allocator);
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
    return new MinMaxDecimal(max);
  }

  @Override
  public long sizeBytes() {
    return 32L + best.length * 48L;
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
    MinMaxDecimal m = new MinMaxDecimal(max);
    Object[] values = StateColumns.objects(columns.get(0), n);
    m.best = new BigDecimal[n];
    for (int g = 0; g < n; g++) {
      m.best[g] = (BigDecimal) values[g];
    }
    return m;
  }
}
