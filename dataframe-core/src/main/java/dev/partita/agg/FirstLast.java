package dev.partita.agg;

import dev.partita.hash.VectorAccess;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * FIRST or LAST with DuckDB's {@code first}/{@code last} semantics: the value of the first (last)
 * row in partition-then-row order, null included. A value is copied once per group and batch:
 * FIRST when a group is first met, LAST from a backward scan of the batch.
 */
final class FirstLast implements Accumulator {

  private static final long serialVersionUID = 1L;

  private final boolean last;
  private final boolean longEncoded;
  private boolean[] seen = new boolean[0];
  private boolean[] nulls = new boolean[0];
  private long[] longs = new long[0];
  private Object[] objects = new Object[0];
  private transient int[] batchMarks;
  private transient int batch;

  FirstLast(ArrowType type, boolean last) {
    this(VectorAccess.isLongEncodable(type), last);
  }

  private FirstLast(boolean longEncoded, boolean last) {
    this.last = last;
    this.longEncoded = longEncoded;
  }

  @Override
  public void resize(int groupCount) {
    seen = Kernels.grow(seen, groupCount);
    nulls = Kernels.grow(nulls, groupCount);
    if (longEncoded) {
      longs = Kernels.grow(longs, groupCount);
    } else {
      objects = Kernels.grow(objects, groupCount);
    }
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    if (!last) {
      for (int i = 0; i < rowCount; i++) {
        int g = ids[i];
        if (!seen[g]) {
          record(g, input, validity, i);
        }
      }
      return;
    }
    batchMarks = Kernels.grow(batchMarks == null ? new int[0] : batchMarks, groupCount);
    int mark = ++batch;
    for (int i = rowCount - 1; i >= 0; i--) {
      int g = ids[i];
      if (batchMarks[g] != mark) {
        batchMarks[g] = mark;
        record(g, input, validity, i);
      }
    }
  }

  private void record(int g, FieldVector input, ArrowBuf validity, int i) {
    seen[g] = true;
    boolean isNull = validity != null && !VectorAccess.isValid(validity, i);
    nulls[g] = isNull;
    if (longEncoded) {
      longs[g] = isNull ? 0 : VectorAccess.getLong(input, i);
    } else if (isNull) {
      objects[g] = null;
    } else {
      objects[g] = input instanceof VarCharVector
          ? ((VarCharVector) input).get(i)
          : ((DecimalVector) input).getObject(i);
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    FirstLast o = (FirstLast) other;
    for (int og = 0; og < map.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      int g = map[og];
      if (o.seen[og] && (last || !seen[g])) {
        seen[g] = true;
        nulls[g] = o.nulls[og];
        if (longEncoded) {
          longs[g] = o.longs[og];
        } else {
          objects[g] = o.objects[og];
        }
      }
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    FieldVector v = Kernels.allocate(field, groupCount, allocator);
    for (int g = 0; g < groupCount && g < seen.length; g++) {
      if (!seen[g] || nulls[g]) {
        continue;
      }
      if (longEncoded) {
        VectorAccess.setLong(v, g, longs[g]);
      } else if (v instanceof VarCharVector) {
        ((VarCharVector) v).setSafe(g, (byte[]) objects[g]);
      } else {
        ((DecimalVector) v).setSafe(g, (BigDecimal) objects[g]);
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public Accumulator emptyCopy() {
    return new FirstLast(longEncoded, last);
  }

  @Override
  public long sizeBytes() {
    long bytes = 48L + seen.length * 2L + longs.length * 8L + objects.length * 8L;
    for (Object o : objects) {
      bytes += o instanceof byte[] ? 16 + ((byte[]) o).length : o == null ? 0 : 48;
    }
    return bytes;
  }

  @Override
  public boolean hasArrowState() {
    return true;
  }

  @Override
  public List<FieldVector> writeState(int n, String prefix, BufferAllocator allocator) {
    return StateColumns.all(() -> StateColumns.bools(prefix + "0", seen, n, allocator),
        () -> StateColumns.bools(prefix + "1", nulls, n, allocator),
        () -> longEncoded ? StateColumns.longs(prefix + "2", longs, n, allocator)
            : StateColumns.objects(prefix + "2", objects, n, allocator));
  }

  @Override
  public Accumulator readState(List<FieldVector> columns, int n) {
    FirstLast f = new FirstLast(longEncoded, last);
    f.seen = StateColumns.bools(columns.get(0), n);
    f.nulls = StateColumns.bools(columns.get(1), n);
    if (longEncoded) {
      f.longs = StateColumns.longs(columns.get(2), n);
    } else {
      f.objects = StateColumns.objects(columns.get(2), n);
    }
    return f;
  }
}
