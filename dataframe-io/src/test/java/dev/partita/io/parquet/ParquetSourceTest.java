package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.Filter;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opening Parquet sources: bad input, streaming under a memory limit, serialization. */
class ParquetSourceTest {

  private Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("psource");
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() throws IOException {
    allocator.close();
    ParquetDecodeTest.deleteTree(dir);
  }

  private Path randomFile(int rows) throws IOException {
    Path f = dir.resolve("t.parquet");
    RandomParquet.write(f, 5, rows, WriterVersion.PARQUET_1_0, true, 8192, 256 << 10);
    return f;
  }

  @Test
  void aTruncatedFileIsNamedAndCalledIncomplete() throws IOException {
    Path f = randomFile(500);
    byte[] all = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.parquet");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
    DataException e = assertThrows(DataException.class,
        () -> ParquetSource.of(cut.toString(), ParquetOptions.defaults()));
    assertEquals(cut.toString(), e.file());
    assertTrue(e.getMessage().contains("not a complete Parquet file"), e.getMessage());
    assertTrue(e.getMessage().contains("cut short"), e.getMessage());
  }

  @Test
  void aFileWrittenAgainHasItsFooterReadAgain() throws IOException {
    Path f = randomFile(500);
    FileTime time = Files.getLastModifiedTime(f);
    DataFile before = Storage.list(f.toString()).get(0);
    assertEquals(500, ParquetFiles.footer(before).getBlocks().stream().mapToLong(b -> b.getRowCount()).sum());
    assertSame(ParquetFiles.footer(before), ParquetFiles.footer(before));
    // the same path, size and time, other values: only the content's fingerprint tells the files apart
    RandomParquet.write(f, 6, 500, WriterVersion.PARQUET_1_0, true, 8192, 256 << 10);
    Files.setLastModifiedTime(f, time);
    DataFile after = Storage.list(f.toString()).get(0);
    assertEquals(ParquetMetadata.toJSON(ParquetFiles.readFooter(after)), ParquetMetadata.toJSON(ParquetFiles.footer(after)));
    assertNotEquals(ParquetMetadata.toJSON(ParquetFiles.footer(before)), ParquetMetadata.toJSON(ParquetFiles.footer(after)));
  }

  @Test
  void csvRenamedToParquetIsNotParquet() throws IOException {
    Path f = dir.resolve("data.parquet");
    Files.writeString(f, "id,name\n1,a\n2,b\n");
    DataException e = assertThrows(DataException.class,
        () -> ParquetSource.of(f.toString(), ParquetOptions.defaults()));
    assertEquals(f.toString(), e.file());
    assertEquals("id,n", e.value());
    assertTrue(e.getMessage().contains("not a Parquet file"), e.getMessage());
    assertTrue(e.getMessage().contains("magic bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("readCsv"), e.getMessage());
  }

  @Test
  void anUnknownColumnListsTheColumns() throws IOException {
    ParquetSource s = ParquetSource.of(randomFile(10).toString(), ParquetOptions.defaults());
    DataException e = assertThrows(DataException.class,
        () -> s.open(s.partitions().get(0), ReadSpec.columns("i32", "nope"), allocator));
    assertEquals("nope", e.column());
    assertTrue(e.getMessage().contains("[i32r, i32, i64, f32, f64, b, s,"), e.getMessage());
  }

  @Test
  void aNestedColumnFailsOnlyWhenProjected() throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(
        "message m { required int32 a; optional group g { optional int32 x; } }");
    Path f = dir.resolve("nested.parquet");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(f))
        .withConf(new PlainParquetConfiguration()).withType(schema).build()) {
      for (int i = 0; i < 3; i++) {
        Group g = new SimpleGroupFactory(schema).newGroup().append("a", i);
        g.addGroup("g").append("x", i * 10);
        w.write(g);
      }
    }
    ParquetSource s = ParquetSource.of(f.toString(), ParquetOptions.defaults());
    assertEquals(List.of("a"), s.schema().getFields().stream().map(x -> x.getName()).toList());
    try (BatchReader r = s.open(s.partitions().get(0), ReadSpec.columns("a"), allocator);
        VectorSchemaRoot b = r.next()) {
      assertEquals("[0, 1, 2]", b.getVector(0).toString());
      assertNull(r.next());
    }
    DataException e = assertThrows(DataException.class,
        () -> s.open(s.partitions().get(0), ReadSpec.columns("g"), allocator));
    assertEquals("g", e.column());
    assertTrue(e.getMessage().contains("nested types"), e.getMessage());
  }

  @Test
  void rowGroupsStreamBatchByBatchUnderASmallMemoryLimit() throws IOException {
    Path f = randomFile(20_000);
    ParquetSource s = ParquetSource.of(f.toString(), ParquetOptions.defaults());
    assertTrue(s.partitions().size() > 1, "several row groups");
    long rows = 0;
    List<String> all = s.schema().getFields().stream().map(x -> x.getName()).toList();
    try (BufferAllocator small = allocator.newChildAllocator("small", 0, 512 << 10)) {
      for (var p : s.partitions()) {
        try (BatchReader r = s.open(p, ReadSpec.columns(all).withBatchRows(1000), small)) {
          VectorSchemaRoot next;
          while ((next = r.next()) != null) {
            try (VectorSchemaRoot b = next) {
              rows += b.getRowCount();
            }
          }
        }
      }
    }
    assertEquals(20_000, rows);
  }

  @Test
  void aSerializedSourceReadsTheSame() throws IOException, ClassNotFoundException {
    ParquetSource s = ParquetSource.of(randomFile(300).toString(), ParquetOptions.defaults());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    ParquetSource back;
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (ParquetSource) in.readObject();
    }
    assertEquals(s, back);
    assertEquals(s.schema(), back.schema());
    ReadSpec spec = ReadSpec.columns("s", "i64").withBatchRows(100);
    assertEquals(ParquetDecodeTest.readAll(s, spec, allocator),
        ParquetDecodeTest.readAll(back, spec, allocator));
  }

  @Test
  void zeroColumnsCountRowsFromTheFooter() throws IOException {
    ParquetSource s = ParquetSource.of(randomFile(1234).toString(), ParquetOptions.defaults());
    long rows = 0;
    try (BatchReader r = s.open(s.partitions().get(0), ReadSpec.columns(List.of()), allocator)) {
      VectorSchemaRoot next;
      while ((next = r.next()) != null) {
        try (VectorSchemaRoot b = next) {
          assertEquals(0, b.getFieldVectors().size());
          rows += b.getRowCount();
        }
      }
    }
    assertEquals(((ParquetPartition) s.partitions().get(0)).rowCount(), rows);
  }

  /** A DuckDB file of 100 row groups of 2,048 rows, {@code id} ascending, {@code s} of 7 values. */
  private Path duckDbFile() throws Exception {
    Path f = dir.resolve("duck.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("COPY (SELECT range AS id, 's' || (range % 7) AS s FROM range(204800)) TO '" + f
          + "' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
    }
    return f;
  }

  @Test
  void rowGroupsAreCoalescedIntoRunsThatReadLikeOnePartitionPerRowGroup() throws Exception {
    Path f = duckDbFile();
    ParquetSource perGroup = ParquetSource.of(f.toString(),
        ParquetOptions.defaults().partitionSize(1, 1));
    assertEquals(100, perGroup.partitions().size());
    ParquetSource runs = ParquetSource.of(f.toString(),
        ParquetOptions.defaults().partitionSize(4096, Long.MAX_VALUE));
    assertEquals(50, runs.partitions().size());
    for (int i = 0; i < 50; i++) {
      ParquetPartition p = (ParquetPartition) runs.partitions().get(i);
      assertEquals(new ParquetPartition(p.file(), i, 2 * i, 2, 4096), p);
    }
    assertEquals("duck.parquet row groups 4-5", runs.partitions().get(2).describe());
    assertEquals("duck.parquet row group 2", perGroup.partitions().get(2).describe());
    ReadSpec spec = ReadSpec.columns("id", "s").withBatchRows(3000);
    assertEquals(ParquetDecodeTest.readAll(perGroup, spec, allocator),
        ParquetDecodeTest.readAll(runs, spec, allocator));
    ParquetSource defaults = ParquetSource.of(f.toString(), ParquetOptions.defaults());
    assertEquals(ParquetOptions.MIN_PARTITIONS, defaults.partitions().size(),
        "a 200,000-row file keeps 16 partitions");
  }

  @Test
  void aFilterSkipsRowGroupsInsideAPartition() throws Exception {
    ParquetSource s = ParquetSource.of(duckDbFile().toString(), ParquetOptions.defaults());
    Filter f = Filter.and(Filter.gt("id", 2047L), Filter.lt("id", 4096L));
    List<Partition> kept = s.partitions(f);
    assertEquals(List.of(s.partitions().get(0)), kept);
    ParquetPartition first = (ParquetPartition) kept.get(0);
    assertTrue(first.rowGroups() > 2, first.describe());
    assertEquals(first.rowCount(), rows(s, first, ReadSpec.columns("id")));
    assertEquals(2048, rows(s, kept.get(0), ReadSpec.columns("id").withFilter(f)));
    assertEquals(0, rows(s, s.partitions().get(1), ReadSpec.columns("id").withFilter(f)));
  }

  private long rows(ParquetSource s, Partition p, ReadSpec spec) throws IOException {
    long rows = 0;
    try (BatchReader r = s.open(p, spec, allocator)) {
      for (VectorSchemaRoot next; (next = r.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          rows += b.getRowCount();
        }
      }
    }
    return rows;
  }
}
