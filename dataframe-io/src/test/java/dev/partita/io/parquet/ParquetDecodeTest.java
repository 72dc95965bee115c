package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.DictionaryVector;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Utf8Dictionary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The vectorized decoders against the values written and against parquet-mr's own ColumnReader
 * (the slow twin), on random files: every type (decimals of each physical type, INT96), nulls at
 * 0-30 %, v1 and v2 pages (PLAIN, dictionary, DELTA_BINARY_PACKED, DELTA_BYTE_ARRAY,
 * BYTE_STREAM_SPLIT), small pages so a column chunk spans many of them; and string columns read
 * as dictionary codes against the same columns read as strings.
 */
class ParquetDecodeTest {

  @Property(tries = 16)
  void vectorizedAndColumnReaderReturnTheValuesWritten(@ForAll long seed, @ForAll boolean v2,
      @ForAll boolean dictionary, @ForAll boolean byteStreamSplit,
      @ForAll @IntRange(min = 0, max = 6000) int rows,
      @ForAll @IntRange(min = 1, max = 5000) int batchRows) throws IOException {
    Path dir = Files.createTempDirectory("decode");
    try (BufferAllocator allocator = new RootAllocator()) {
      Path file = dir.resolve("t.parquet");
      RandomParquet data = RandomParquet.write(file, seed, rows,
          v2 ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0, dictionary, byteStreamSplit,
          2048, 64 << 10);
      assertEveryChunkVectorized(file);
      List<String> columns = new ArrayList<>(data.expected.keySet());
      ReadSpec spec = ReadSpec.columns(columns).withBatchRows(batchRows);
      for (boolean vectorized : new boolean[] {true, false}) {
        ParquetSource source = ParquetSource.of(file.toString(),
            ParquetOptions.defaults().vectorized(vectorized));
        for (ReadSpec s : List.of(spec, spec.withDictionaryIds(columns))) {
          Map<String, List<String>> actual = readAll(source, s, allocator);
          for (String c : columns) {
            assertEquals(data.expected.get(c), actual.get(c), c + " (vectorized=" + vectorized
                + ", v2=" + v2 + ", dictionary=" + dictionary + ", split=" + byteStreamSplit
                + ", codes=" + s.dictionaryIds() + ")");
          }
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Every column chunk of the file has only encodings the vectorized reader decodes. */
  static void assertEveryChunkVectorized(Path file) throws IOException {
    ParquetSource source = ParquetSource.of(file.toString(), ParquetOptions.defaults());
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      for (BlockMetaData block : footer.getFooter().getBlocks()) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          String name = chunk.getPath().toDotString();
          ValueKind kind = ValueKind.of(
              footer.getFileMetaData().getSchema().getColumnDescription(new String[] {name}),
              source.schema().findField(name).getType());
          assertTrue(VectorizedColumnReader.supports(chunk.getEncodings(), kind),
              name + " " + chunk.getEncodings());
        }
      }
    }
  }

  /**
   * DuckDB's writer (v1: PLAIN and dictionaries; v2: DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
   * BYTE_STREAM_SPLIT and RLE dictionaries), every common type with nulls, several row groups: the
   * vectorized reader (decimals into Decimal128 slots) against parquet-mr's ColumnReader,
   * and the integers, strings and decimals against DuckDB's own rendering of them.
   */
  @Property(tries = 4)
  void duckDbFilesReadTheSameByBothReadersAndAsDuckDbSeesThem(@ForAll boolean v2,
      @ForAll @IntRange(min = 0, max = 1000) int seed,
      @ForAll @IntRange(min = 1, max = 70_000) int batchRows) throws Exception {
    Path dir = Files.createTempDirectory("duck");
    try (BufferAllocator allocator = new RootAllocator();
        Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      Path file = dir.resolve("d.parquet");
      st.execute("SELECT setseed(" + seed / 1000.0 + ")");
      double nulls = seed % 4 * 0.1;
      String n = "CASE WHEN random() < " + nulls + " THEN NULL ELSE ";
      st.execute("COPY (SELECT range AS id,"
          + n + "(random() * 4e9 - 2e9)::INTEGER END AS i32,"
          + n + "(random() * 200)::INTEGER END AS i32few,"
          + n + "(random() * 9e18 * (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END))::BIGINT END"
          + " AS i64,"
          + n + "range * 3 END AS i64seq,"
          + n + "random() * 1e6 - 5e5 END AS f64,"
          + n + "(random() * 100)::FLOAT END AS f32,"
          + n + "random() < 0.3 END AS b,"
          + n + "'k' || (random() * 40)::INTEGER END AS sfew,"
          + n + "md5(range::VARCHAR) || repeat('é', (random() * 3)::INTEGER) END AS smany,"
          + n + "DATE '1970-01-01' + (random() * 40000 - 10000)::INTEGER END AS d,"
          + n + "TIMESTAMP '2000-01-01' + to_microseconds((random() * 1e15)::BIGINT) END AS ts,"
          + n + "(TIMESTAMP '2000-01-01' + to_milliseconds((random() * 1e12)::BIGINT))"
          + "::TIMESTAMP_MS END AS tms,"
          + n + "((random() - 0.5) * 2e7)::DECIMAL(9,2) END AS dec9,"
          + n + "((random() - 0.5) * 2e13)::DECIMAL(15,2) END AS dec15,"
          + n + "((random() * 50)::INTEGER)::DECIMAL(15,2) END AS dec15few,"
          + n + "((random() - 0.5) * 2e14)::DECIMAL(18,4) END AS dec18,"
          + n + "((random() - 0.5) * 2e25)::DECIMAL(38,6) END AS dec38"
          + " FROM range(30000)) TO '" + file + "' (FORMAT parquet, ROW_GROUP_SIZE 10240"
          + (v2 ? ", PARQUET_VERSION V2" : "") + ")");
      assertEveryChunkVectorized(file);
      ParquetSource reference = ParquetSource.of(file.toString(),
          ParquetOptions.defaults().vectorized(false));
      List<String> columns = reference.schema().getFields().stream().map(f -> f.getName()).toList();
      ReadSpec spec = ReadSpec.columns(columns).withBatchRows(batchRows);
      Map<String, List<String>> expected = readAll(reference, spec, allocator);
      ParquetSource fast = ParquetSource.of(file.toString(), ParquetOptions.defaults());
      ReadSpec coded = spec.withDictionaryIds(List.of("sfew", "smany", "i32", "i32few", "i64", "i64seq"));
      for (ReadSpec s : List.of(spec, coded)) {
        Map<String, List<String>> actual = readAll(fast, s, allocator);
        for (String c : columns) {
          assertEquals(expected.get(c), actual.get(c), c + " (v2=" + v2 + ", codes="
              + s.dictionaryIds() + ")");
        }
      }
      ReadSpec fewOnly = ReadSpec.columns(List.of("i32few")).withBatchRows(batchRows)
          .withDictionaryIds(List.of("i32few"));
      assertTrue(codedBatches(fast, fewOnly, allocator) > 0,
          "DuckDB dictionary-encodes i32few's 200 values, so it comes as codes");
      for (String c : List.of("i32", "i32few", "i64", "i64seq", "sfew", "smany", "dec9", "dec15",
          "dec15few", "dec18", "dec38")) {
        List<String> duckValues = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT " + c + "::VARCHAR FROM '" + file
            + "' ORDER BY id")) {
          while (rs.next()) {
            duckValues.add(rs.getString(1));
          }
        }
        assertEquals(duckValues, expected.get(c), c);
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
  static Map<String, List<String>> writeFallback(Path file, long seed, int rows)
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

  /** The batches of {@code spec}'s one column that come as codes. */
  private static int codedBatches(ParquetSource source, ReadSpec spec, BufferAllocator allocator)
      throws IOException {
    int coded = 0;
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, spec, allocator)) {
        for (VectorSchemaRoot next; (next = r.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            coded += b.getVector(0) instanceof DictionaryVector ? 1 : 0;
          }
        }
      }
    }
    return coded;
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
              if (v instanceof DictionaryVector d) {
                assertTrue(spec.dictionaryIds().contains(columns.get(c)), columns.get(c));
                assertEquals(source.schema().findField(columns.get(c)).getType(), v.getField().getType(),
                    columns.get(c));
                assertEquals(d.dictionary() instanceof Utf8Dictionary,
                    v.getField().getType().equals(ArrowType.Utf8.INSTANCE), columns.get(c));
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
  static void assertNullSlotZero(FieldVector v, int i) {
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
