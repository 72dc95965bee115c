package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.DictionaryVector;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The vectorized decoders against the values written and against parquet-mr's own ColumnReader
 * (the slow twin), on random files: every type, nulls at 0-30 %, v1 and v2 pages, with and without
 * dictionaries, small pages so a column chunk spans many of them; and string columns read as
 * dictionary codes against the same columns read as strings.
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
      ReadSpec spec = ReadSpec.columns(columns).withBatchRows(batchRows);
      for (boolean vectorized : new boolean[] {true, false}) {
        ParquetSource source = ParquetSource.of(file.toString(),
            ParquetOptions.defaults().vectorized(vectorized));
        for (ReadSpec s : List.of(spec, spec.withDictionaryIds(columns))) {
          Map<String, List<String>> actual = readAll(source, s, allocator);
          for (String c : columns) {
            assertEquals(data.expected.get(c), actual.get(c), c + " (vectorized=" + vectorized
                + ", v2=" + v2 + ", dictionary=" + dictionary + ", codes=" + s.dictionaryIds() + ")");
          }
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static final MessageType FALLBACK_SCHEMA = MessageTypeParser.parseMessageType(
      "message t { optional binary s (STRING); required binary r (STRING); }");

  /**
   * Writes a chunk that starts dictionary-encoded and falls back to PLAIN pages: 2,000 rows of 10
   * values (so pages with dictionary indices are written first), then mostly distinct values that
   * outgrow the 4 KiB dictionary page, some of them repeating the early values; column s is 20 %
   * null, column r required.
   */
  private static Map<String, List<String>> writeFallback(Path file, long seed, int rows)
      throws IOException {
    Random rnd = new Random(seed);
    Map<String, List<String>> written = Map.of("s", new ArrayList<>(), "r", new ArrayList<>());
    SimpleGroupFactory groups = new SimpleGroupFactory(FALLBACK_SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withType(FALLBACK_SCHEMA)
        .withWriterVersion(WriterVersion.PARQUET_1_0)
        .withDictionaryEncoding(true)
        .withPageSize(1024)
        .withDictionaryPageSize(4096)
        .withPageRowCountLimit(500)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      for (int i = 0; i < rows; i++) {
        Group g = groups.newGroup();
        for (String column : List.of("s", "r")) {
          String value = column.equals("s") && rnd.nextInt(5) == 0 ? null
              : i < 2000 || rnd.nextInt(3) == 0 ? "early-" + rnd.nextInt(10)
              : "late-" + rnd.nextInt(1_000_000) + "é".repeat(rnd.nextInt(3));
          if (value != null) {
            g.add(column, value);
          }
          written.get(column).add(value);
        }
        w.write(g);
      }
    }
    return written;
  }

  @Property(tries = 8)
  void stringsReadAsCodesAfterADictionaryFallbackDecodeToTheirValues(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 1500) int batchRows) throws IOException {
    Path dir = Files.createTempDirectory("fallback");
    try (BufferAllocator allocator = new RootAllocator()) {
      Path file = dir.resolve("t.parquet");
      Map<String, List<String>> written = writeFallback(file, seed, 12_000);
      try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
        for (ColumnChunkMetaData chunk : footer.getFooter().getBlocks().get(0).getColumns()) {
          assertTrue(chunk.getEncodings().contains(Encoding.PLAIN)
              && chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY), chunk.getEncodings()::toString);
        }
      }
      ParquetSource source = ParquetSource.of(file.toString(), ParquetOptions.defaults());
      ReadSpec strings = ReadSpec.columns("s", "r").withBatchRows(batchRows);
      ReadSpec codes = strings.withDictionaryIds(List.of("s", "r"));
      assertEquals(written, readAll(source, strings, allocator));
      assertEquals(written, readAll(source, codes, allocator));
      int smallest = Integer.MAX_VALUE;
      int largest = 0;
      try (BatchReader r = source.open(source.partitions().get(0), codes, allocator)) {
        for (VectorSchemaRoot next; (next = r.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            for (FieldVector v : b.getFieldVectors()) {
              int size = assertInstanceOf(DictionaryVector.class, v).dictionary().size();
              smallest = Math.min(smallest, size);
              largest = Math.max(largest, size);
            }
          }
        }
      }
      assertTrue(largest > smallest, "no batch extended the chunk's dictionary");
    } finally {
      deleteTree(dir);
    }
  }

  static Map<String, List<String>> readAll(ParquetSource source, ReadSpec spec,
      BufferAllocator allocator) throws IOException {
    List<String> columns = spec.columns();
    Map<String, List<String>> out = new HashMap<>();
    columns.forEach(c -> out.put(c, new ArrayList<>()));
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, spec, allocator)) {
        VectorSchemaRoot next;
        while ((next = r.next()) != null) {
          try (VectorSchemaRoot b = next) {
            assertTrue(b.getRowCount() <= spec.batchRows());
            for (int c = 0; c < columns.size(); c++) {
              FieldVector v = b.getVector(c);
              if (v instanceof DictionaryVector) {
                assertTrue(spec.dictionaryIds().contains(columns.get(c)), columns.get(c));
                assertEquals(ArrowType.Utf8.INSTANCE, v.getField().getType(), columns.get(c));
              }
              for (int i = 0; i < b.getRowCount(); i++) {
                out.get(columns.get(c)).add(RandomParquet.canonical(v, i));
                assertNullSlotZero(v, i);
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
