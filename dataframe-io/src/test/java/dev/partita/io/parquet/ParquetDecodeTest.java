package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.column.ParquetProperties.WriterVersion;

/**
 * The vectorized decoders against the values written and against parquet-mr's own ColumnReader
 * (the slow twin), on random files: every type, nulls at 0-30 %, v1 and v2 pages, with and without
 * dictionaries, small pages so a column chunk spans many of them.
 */
class ParquetDecodeTest {

  @Property(tries = 16)
  void vectorizedAndColumnReaderReturnTheValuesWritten(@ForAll long seed, @ForAll boolean v2,
      @ForAll boolean dictionary, @ForAll @IntRange(min = 0, max = 6000) int rows,
      @ForAll @IntRange(min = 1, max = 5000) int batchRows) throws IOException {
    Path dir = Files.createTempDirectory("decode");
    try (BufferAllocator allocator = new RootAllocator()) {
      Path file = dir.resolve("t.parquet");
      RandomParquet data = RandomParquet.write(file, seed, rows,
          v2 ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0, dictionary, 2048, 64 << 10);
      List<String> columns = new ArrayList<>(data.expected.keySet());
      for (boolean vectorized : new boolean[] {true, false}) {
        ParquetSource source = ParquetSource.of(file.toString(),
            ParquetOptions.defaults().vectorized(vectorized));
        Map<String, List<String>> actual = readAll(source, columns, batchRows, allocator);
        for (String c : columns) {
          assertEquals(data.expected.get(c), actual.get(c),
              c + " (vectorized=" + vectorized + ", v2=" + v2 + ", dictionary=" + dictionary + ")");
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  static Map<String, List<String>> readAll(ParquetSource source, List<String> columns,
      int batchRows, BufferAllocator allocator) throws IOException {
    Map<String, List<String>> out = new HashMap<>();
    columns.forEach(c -> out.put(c, new ArrayList<>()));
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, ReadSpec.columns(columns).withBatchRows(batchRows),
          allocator)) {
        VectorSchemaRoot next;
        while ((next = r.next()) != null) {
          try (VectorSchemaRoot b = next) {
            assertTrue(b.getRowCount() <= batchRows);
            for (int c = 0; c < columns.size(); c++) {
              for (int i = 0; i < b.getRowCount(); i++) {
                out.get(columns.get(c)).add(RandomParquet.canonical(b.getVector(c), i));
                assertNullSlotZero(b.getVector(c), i);
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** Batches are allocated without zeroing, so the decoders must zero null slots themselves. */
  private static void assertNullSlotZero(FieldVector v, int i) {
    if (v.isNull(i) && v instanceof BaseFixedWidthVector f && f.getTypeWidth() > 0) {
      for (int b = 0; b < f.getTypeWidth(); b++) {
        assertEquals(0, f.getDataBuffer().getByte((long) i * f.getTypeWidth() + b),
            v.getName() + " row " + i);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
