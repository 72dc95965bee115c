package dev.partita.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;
import org.junit.jupiter.api.Test;

/** Concatenating batches: the rows in order, nulls kept, and the result allocated once at its size. */
class BatchesAppendTest {

  private static final int PARTS = 10;
  private static final int ROWS = 220_000;

  @Test
  void appendsEveryRowInOrderIntoVectorsOfTheRowsSize() {
    try (BufferAllocator root = new RootAllocator()) {
      List<VectorSchemaRoot> parts = new ArrayList<>();
      try (BufferAllocator partsMemory = root.newChildAllocator("parts", 0, Long.MAX_VALUE);
          BufferAllocator resultMemory = root.newChildAllocator("result", 0, Long.MAX_VALUE)) {
        for (int p = 0; p < PARTS; p++) {
          parts.add(part(p, partsMemory));
        }
        // A part sliced to start at a later row: its string offsets do not start at 0.
        VectorSchemaRoot sliced = Batches.slice(parts.get(PARTS - 1), 5, 10, partsMemory);
        parts.add(sliced);
        try (VectorSchemaRoot all = VectorSchemaRoot.create(parts.get(0).getSchema(), resultMemory)) {
          Batches.append(all, parts);
          assertEquals(PARTS * ROWS + 10, all.getRowCount());
          BigIntVector ids = (BigIntVector) all.getVector("id");
          VarCharVector names = (VarCharVector) all.getVector("name");
          for (int p = 0; p < PARTS; p++) {
            for (int r = 0; r < ROWS; r += 997) {
              int row = p * ROWS + r;
              assertEquals(expectedId(p, r), ids.isNull(row) ? null : ids.get(row), "row " + row);
              assertEquals(expectedName(p, r), string(names, row), "row " + row);
            }
          }
          for (int r = 0; r < 10; r++) {
            int row = PARTS * ROWS + r;
            assertEquals(expectedId(PARTS - 1, r + 5), ids.isNull(row) ? null : ids.get(row));
            assertEquals(expectedName(PARTS - 1, r + 5), string(names, row));
          }
          // Arrow's appender alone doubles each vector as it fills (2.2 M longs end in a 4 M-slot buffer).
          try (BufferAllocator grownMemory = root.newChildAllocator("grown", 0, Long.MAX_VALUE);
              VectorSchemaRoot grown = VectorSchemaRoot.create(parts.get(0).getSchema(), grownMemory)) {
            grown.allocateNew();
            VectorSchemaRootAppender.append(false, grown, parts.toArray(new VectorSchemaRoot[0]));
            assertTrue(resultMemory.getPeakMemoryAllocation() * 1.25 < grownMemory.getPeakMemoryAllocation(),
                resultMemory.getPeakMemoryAllocation() + " bytes allocated at once, "
                    + grownMemory.getPeakMemoryAllocation() + " grown");
          }
        } finally {
          parts.forEach(VectorSchemaRoot::close);
        }
      }
    }
  }

  private static VectorSchemaRoot part(int p, BufferAllocator allocator) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector name = new VarCharVector("name", allocator);
    id.allocateNew(ROWS);
    name.allocateNew(ROWS * 4L, ROWS);
    for (int r = 0; r < ROWS; r++) {
      Long i = expectedId(p, r);
      if (i == null) {
        id.setNull(r);
      } else {
        id.set(r, i);
      }
      String s = expectedName(p, r);
      if (s == null) {
        name.setNull(r);
      } else {
        name.setSafe(r, s.getBytes(StandardCharsets.UTF_8));
      }
    }
    id.setValueCount(ROWS);
    name.setValueCount(ROWS);
    return new VectorSchemaRoot(List.of(id, name));
  }

  private static Long expectedId(int p, int r) {
    return r % 13 == 0 ? null : (long) p * ROWS + r;
  }

  private static String expectedName(int p, int r) {
    return r % 11 == 0 ? null : r % 7 == 0 ? "" : "n" + (r % 1000) + "-" + p;
  }

  private static String string(VarCharVector v, int row) {
    return v.isNull(row) ? null : new String(v.get(row), StandardCharsets.UTF_8);
  }
}
