package dev.partita.exec;

import dev.partita.hash.GroupTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The build side of a hash join: its rows in one Arrow batch, a group table giving each distinct key a
 * dense id, and the rows of each key in row order (a CSR index: rows of key g are
 * {@code order[start[g] .. start[g + 1])}). Read-only once built, so the probes of many tasks may share one
 * (a broadcast join); the graph run closes it when the last has run.
 *
 * <pre>{@code
 * try (JoinTable t = JoinTable.build(batches, schema, List.of("k"), allocator)) { ... }
 * }</pre>
 */
final class JoinTable implements AutoCloseable {

  /** Rows per call into the group table, so its per-batch scratch stays small however large the side. */
  private static final int CHUNK_ROWS = 1 << 16;

  final VectorSchemaRoot rows;
  final GroupTable table;
  final int[] start;
  final int[] order;
  final List<String> keys;
  private final BufferAllocator allocator;

  private JoinTable(VectorSchemaRoot rows, GroupTable table, int[] start, int[] order, List<String> keys,
      BufferAllocator allocator) {
    this.rows = rows;
    this.table = table;
    this.start = start;
    this.order = order;
    this.keys = keys;
    this.allocator = allocator;
  }

  /**
   * A table over {@code batches} (taken: they are closed), of {@code schema}, keyed by {@code keys}; its rows
   * live in {@code allocator}, which the table closes. The batches are copied into one, so building takes
   * twice their bytes for a moment.
   */
  static JoinTable build(List<VectorSchemaRoot> batches, Schema schema, List<String> keys, BufferAllocator allocator) {
    VectorSchemaRoot all = VectorSchemaRoot.create(schema, allocator);
    try {
      Batches.append(all, batches);
    } catch (RuntimeException e) {
      batches.forEach(VectorSchemaRoot::close);
      all.close();
      allocator.close();
      throw e;
    }
    batches.forEach(VectorSchemaRoot::close);
    try {
      List<Field> keyFields = new ArrayList<>();
      for (String k : keys) {
        keyFields.add(schema.findField(k));
      }
      GroupTable table = GroupTable.create(keyFields);
      int n = all.getRowCount();
      int[] group = new int[n];
      int[] ids = new int[Math.min(Math.max(n, 1), CHUNK_ROWS)];
      for (int from = 0; from < n; from += CHUNK_ROWS) {
        int len = Math.min(CHUNK_ROWS, n - from);
        try (VectorSchemaRoot slice = Batches.slice(all, from, len, allocator)) {
          List<FieldVector> keyVectors = new ArrayList<>();
          for (String k : keys) {
            keyVectors.add(slice.getVector(k));
          }
          table.groupIds(keyVectors, len, ids);
        }
        System.arraycopy(ids, 0, group, from, len);
      }
      int groups = table.groupCount();
      int[] start = new int[groups + 1];
      for (int i = 0; i < n; i++) {
        start[group[i] + 1]++;
      }
      for (int g = 0; g < groups; g++) {
        start[g + 1] += start[g];
      }
      int[] order = new int[n];
      int[] fill = java.util.Arrays.copyOf(start, groups);
      for (int i = 0; i < n; i++) {
        order[fill[group[i]]++] = i;
      }
      return new JoinTable(all, table, start, order, List.copyOf(keys), allocator);
    } catch (RuntimeException e) {
      all.close();
      allocator.close();
      throw e;
    }
  }

  int rowCount() {
    return rows.getRowCount();
  }

  /** Heap bytes of the index (the rows' Arrow bytes are counted by their allocator). */
  long heapBytes() {
    return table.sizeBytes() + 4L * (start.length + order.length);
  }

  @Override
  public void close() {
    rows.close();
    allocator.close();
  }
}
