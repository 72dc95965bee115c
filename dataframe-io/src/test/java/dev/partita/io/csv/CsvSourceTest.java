package dev.partita.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.fs.Compressed;
import dev.partita.io.fs.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partition edges, types, dialects, compression and bounded memory. */
class CsvSourceTest {

  @TempDir
  Path dir;

  private List<List<Object>> rows(Path f, CsvOptions o) throws IOException {
    try (RootAllocator a = new RootAllocator()) {
      return CsvTestSupport.readAll(CsvSource.of(f.toString(), o), a);
    }
  }

  private static List<List<Object>> table(Object[]... rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Arrays.asList(r));
    }
    return out;
  }

  @Test
  void everyLineIsReadOnceWhateverTheBlockSize() throws IOException {
    String text = "a,b\n1,x\n22,yy\n333,zzz\n4444,w\n";
    Path f = CsvTestSupport.write(dir, "t.csv", text);
    List<List<Object>> all = table(new Object[] {1L, "x"}, new Object[] {22L, "yy"},
        new Object[] {333L, "zzz"}, new Object[] {4444L, "w"});
    for (long bs = 1; bs <= text.length() + 1; bs++) {
      assertEquals(all, rows(f, CsvOptions.defaults().blockSize(bs)), "blockSize " + bs);
    }
  }

  @Test
  void lineEndingExactlyOnABlockBoundaryCrlfAndNoTrailingNewline() throws IOException {
    String text = "a,b\r\n1,x\r\n2,y\r\n3,z";
    Path f = CsvTestSupport.write(dir, "t.csv", text);
    List<List<Object>> all = table(new Object[] {1L, "x"}, new Object[] {2L, "y"},
        new Object[] {3L, "z"});
    assertEquals(all, rows(f, CsvOptions.defaults().blockSize(10)));
    assertEquals(all, rows(f, CsvOptions.defaults().blockSize(5)));
    assertEquals(all, rows(f, CsvOptions.defaults().blockSize(text.indexOf("2,y"))));
  }

  @Test
  void headerOnlyFileHasColumnsAndNoRows() throws IOException {
    Path f = CsvTestSupport.write(dir, "h.csv", "a,b,c\n");
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().dtype("b", CsvType.INT64));
    assertEquals(List.of(CsvType.STRING, CsvType.INT64, CsvType.STRING),
        List.copyOf(s.types().values()));
    try (RootAllocator a = new RootAllocator()) {
      assertEquals(List.of(), CsvTestSupport.readAll(s, a));
    }
  }

  @Test
  void oneHugeLineLongerThanTheBufferAndTheBlock() throws IOException {
    String big = "y".repeat(5_000_000);
    Path f = CsvTestSupport.write(dir, "huge.csv", "a,b\n1," + big + "\n2,z\n");
    List<List<Object>> got = rows(f, CsvOptions.defaults().blockSize(1 << 20));
    assertEquals(2, got.size());
    // the 1 MiB sample holds only the header, so column a is a string
    assertEquals("1", got.get(0).get(0));
    assertEquals(big, got.get(0).get(1));
    assertEquals(List.of("2", "z"), got.get(1));
  }

  @Test
  void typesAreInferredAndNullsRead() throws IOException {
    Path f = CsvTestSupport.write(dir, "t.csv", "i,d,b,day,ts,s\n"
        + "1,1.5,true,2024-02-29,2024-01-02 03:04:05.123456,\"a,\"\"b\"\"\"\n"
        + ",,,,,\n"
        + "-7,1e3,FALSE,1969-12-31,1970-01-01T00:00:00,\"\"\n");
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults());
    assertEquals(List.of(CsvType.INT64, CsvType.FLOAT64, CsvType.BOOLEAN, CsvType.DATE,
        CsvType.TIMESTAMP, CsvType.STRING), List.copyOf(s.types().values()));
    List<List<Object>> got = rows(f, CsvOptions.defaults());
    assertEquals(Arrays.asList(1L, 1.5, true, LocalDate.of(2024, 2, 29),
        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), "a,\"b\""), got.get(0).subList(0, 6)
        .stream().map(o -> o instanceof Integer day ? LocalDate.ofEpochDay(day) : o).toList());
    assertEquals(Arrays.asList(null, null, null, null, null, null), got.get(1));
    assertEquals(Arrays.asList(-7L, 1000.0, false, LocalDate.of(1969, 12, 31),
        LocalDateTime.of(1970, 1, 1, 0, 0), ""), got.get(2).stream()
        .map(o -> o instanceof Integer day ? LocalDate.ofEpochDay(day) : o).toList());
  }

  @Test
  void nullStringAndOtherDelimiter() throws IOException {
    Path f = CsvTestSupport.write(dir, "t.csv", "a;b\n1;NA\nNA;x\n");
    assertEquals(table(new Object[] {1L, null}, new Object[] {null, "x"}),
        rows(f, CsvOptions.defaults().delimiter(';').nullString("NA")));
  }

  @Test
  void escapeAndCommentDialectsGoThroughCommonsCsvOnePartitionPerFile() throws IOException {
    Path f = CsvTestSupport.write(dir, "t.csv", "a,b\n# note\n1,x\\,y\n2,z\n");
    CsvOptions o = CsvOptions.defaults().blockSize(3)
        .format(CSVFormat.DEFAULT.builder().setEscape('\\').setCommentMarker('#').get());
    CsvSource s = CsvSource.of(f.toString(), o);
    assertEquals(1, s.partitions().size());
    assertTrue(s.describe().contains("commons-csv"), s.describe());
    assertEquals(table(new Object[] {1L, "x,y"}, new Object[] {2L, "z"}), rows(f, o));
  }

  @Test
  void quotedLineBreaksInTheSampleMeanOnePartitionPerFile() throws IOException {
    Path f = CsvTestSupport.write(dir, "t.csv", "a,b\n1,\"x\ny\"\n2,z\n");
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().blockSize(2));
    assertEquals(1, s.partitions().size());
    assertTrue(s.describe().contains("line breaks inside quoted fields"), s.describe());
    assertEquals(table(new Object[] {1L, "x\ny"}, new Object[] {2L, "z"}),
        rows(f, CsvOptions.defaults().blockSize(2)));
  }

  @Test
  void compressedFilesAreOnePartitionEachWhateverTheirName() throws IOException {
    byte[] text = "a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8);
    List<Path> files = List.of(Compressed.write(dir.resolve("t.csv.gz"), text),
        Compressed.write(dir.resolve("t.csv.zst"), text),
        Compressed.write(dir.resolve("t.csv.bz2"), text),
        Files.write(dir.resolve("gzip-inside.csv"), Compressed.compress(Compression.GZIP, text)));
    for (Path f : files) {
      CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().blockSize(4));
      assertEquals(1, s.partitions().size(), f.toString());
      assertEquals(table(new Object[] {1L, "x"}, new Object[] {2L, "y"}),
          rows(f, CsvOptions.defaults().blockSize(4)));
    }
  }

  @Test
  void globAndDirectoryReadAllFilesInOrderSkippingEmptyOnes() throws IOException {
    CsvTestSupport.write(dir, "p1.csv", "a\n1\n2\n");
    CsvTestSupport.write(dir, "p2.csv", "");
    CsvTestSupport.write(dir, "p3.csv", "a\n3\n");
    List<List<Object>> all = table(new Object[] {1L}, new Object[] {2L}, new Object[] {3L});
    assertEquals(all, rows(Path.of(dir + "/p*.csv"), CsvOptions.defaults()));
    assertEquals(all, rows(dir, CsvOptions.defaults()));
  }

  @Test
  void optionsCompareByValue() {
    CsvOptions a = CsvOptions.defaults().dtype("x", CsvType.STRING).dtype("y", CsvType.INT64);
    CsvOptions b = CsvOptions.defaults().dtype("y", CsvType.INT64).dtype("x", CsvType.STRING);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, b.blockSize(1));
  }

  @Test
  void streamsAFileManyTimesLargerThanTheAllocatorLimit() throws IOException {
    Path f = dir.resolve("big.csv");
    long rows = 2_000_000;
    LargeCsv.write(f, rows);
    assertTrue(Files.size(f) > 20L * (4 << 20), "file must be 20x the allocator limit");
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().blockSize(16 << 20));
    long seen = 0;
    long sum = 0;
    try (RootAllocator a = new RootAllocator(4 << 20)) {
      for (Partition p : s.partitions()) {
        try (BatchReader r = s.open(p, ReadSpec.columns("k", "v"), a)) {
          for (VectorSchemaRoot next; (next = r.next()) != null; ) {
            try (VectorSchemaRoot b = next) {
              seen += b.getRowCount();
              BigIntVector v = (BigIntVector) b.getVector(1);
              for (int i = 0; i < b.getRowCount(); i++) {
                sum += v.get(i);
              }
            }
          }
        }
      }
    }
    assertEquals(rows, seen);
    assertEquals(rows * (rows - 1) / 2, sum);
  }
}
