package dev.partita.io.csv;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/** Reads whole sources into Java values for comparison. */
final class CsvTestSupport {

  private CsvTestSupport() {}

  static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    return p;
  }

  /** Every row of every partition, in order, as lists of String/Long/Double/... (Text to String). */
  static List<List<Object>> readAll(CsvSource s, List<String> columns, BufferAllocator a,
      int batchRows) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    for (Partition p : s.partitions()) {
      rows.addAll(read(s, p, columns, a, batchRows));
    }
    return rows;
  }

  static List<List<Object>> readAll(CsvSource s, BufferAllocator a) throws IOException {
    List<String> cols = s.schema().getFields().stream().map(f -> f.getName()).toList();
    return readAll(s, cols, a, ReadSpec.DEFAULT_BATCH_ROWS);
  }

  static List<List<Object>> read(CsvSource s, Partition p, List<String> columns,
      BufferAllocator a, int batchRows) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    ReadSpec spec = ReadSpec.columns(columns).withBatchRows(batchRows);
    try (BatchReader r = s.open(p, spec, a)) {
      for (VectorSchemaRoot next; (next = r.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          for (int i = 0; i < b.getRowCount(); i++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : b.getFieldVectors()) {
              Object o = v.getObject(i);
              row.add(o instanceof Text t ? t.toString() : o);
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }
}
