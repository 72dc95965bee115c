package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.ReadSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
