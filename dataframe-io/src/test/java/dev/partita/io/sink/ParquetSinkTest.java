package dev.partita.io.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.Filter;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.parquet.ParquetOptions;
import dev.partita.io.parquet.ParquetSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Arrow to Parquet (through {@link Sinks}) and back through {@link ParquetSource}. */
class ParquetSinkTest {

  private Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("sink");
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() throws IOException {
    allocator.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Property(tries = 10)
  void everyTypeRoundTripsWithNulls(@ForAll long seed, @ForAll ParquetWriteOptions.Codec codec,
      @ForAll boolean dictionary, @ForAll boolean v2,
      @ForAll @IntRange(min = 0, max = 3000) int rows) throws IOException {
    setUp();
    try {
      ParquetWriteOptions o = ParquetWriteOptions.defaults().withCodec(codec)
          .withDictionary(dictionary).withV2Pages(v2).withRowGroupRows(700).withPageSize(4096);
      List<List<String>> written = write(seed, rows, o);
      List<String> names = ArrowData.SCHEMA.getFields().stream().map(Field::getName).toList();
      assertEquals(written, read(ParquetSource.of(dir.toString(), ParquetOptions.defaults()),
          names, 999));
    } finally {
      tearDown();
    }
  }

  /**
   * Another reader agrees: DuckDB reads every column of files written with each codec, page version and
   * dictionary setting, with nulls, few or many distinct values (dictionary and PLAIN pages) and several row
   * groups, as the values written; and the row groups' statistics it reads (min, max, null count) are those of
   * the values.
   */
  @Property(tries = 12)
  void duckDbReadsWhatWasWrittenAndItsStatistics(@ForAll long seed, @ForAll ParquetWriteOptions.Codec codec,
      @ForAll boolean dictionary, @ForAll boolean v2, @ForAll @IntRange(min = 1, max = 4000) int rows,
      @ForAll @IntRange(min = 0, max = 3) int cardinality) throws Exception {
    setUp();
    try {
      int distinct = new int[] {0, 1, 7, 300}[cardinality];
      ParquetWriteOptions o = ParquetWriteOptions.defaults().withCodec(codec)
          .withDictionary(dictionary).withV2Pages(v2).withRowGroupRows(900).withPageSize(2048);
      Path file = dir.resolve("all.parquet");
      Random rnd = new Random(seed);
      List<List<String>> expected = new ArrayList<>();
      try (PartWriter w = Sinks.parquetFile(file.toString(), ArrowData.SCHEMA, o)) {
        for (int left = rows; left > 0; ) {
          int n = Math.min(left, 1 + rnd.nextInt(1500));
          try (VectorSchemaRoot b = ArrowData.batch(ArrowData.SCHEMA, allocator, rnd, n, expected.size(),
              rnd.nextDouble() * 0.3, distinct)) {
            w.write(b);
            for (int i = 0; i < n; i++) {
              List<String> row = new ArrayList<>();
              for (FieldVector v : b.getFieldVectors()) {
                row.add(canonical(v, i));
              }
              expected.add(row);
            }
          }
          left -= n;
        }
        w.commit();
      }
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = c.createStatement()) {
        List<List<String>> duck = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT id, i32, i64, f32, f64, b, s, bin, d - DATE '1970-01-01',"
            + " epoch_us(ts_us), epoch_ms(ts_ms), epoch_ns(ts_ns),"
            + " (hour(t_ms) * 3600 + minute(t_ms) * 60) * 1000000 + microsecond(t_ms),"
            + " (hour(t_us) * 3600 + minute(t_us) * 60) * 1000000 + microsecond(t_us),"
            + " dec9, dec18, dec38 FROM '" + file + "' ORDER BY id")) {
          while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int k = 1; k <= 17; k++) {
              Object x = rs.getObject(k);
              row.add(x == null ? null : k == 4 ? Float.toString(rs.getFloat(k))
                  : k == 8 ? HexFormat.of().formatHex(rs.getBytes(k))
                  : x instanceof BigDecimal d ? d.toPlainString() : x.toString());
            }
            duck.add(row);
          }
        }
        assertEquals(expected, duck);
        int groups = (rows + 899) / 900;
        for (String column : List.of("i64", "s", "dec9", "d")) {
          int k = names().indexOf(column);
          try (ResultSet rs = st.executeQuery("SELECT row_group_id, stats_min_value, stats_max_value,"
              + " stats_null_count FROM parquet_metadata('" + file + "') WHERE path_in_schema = '" + column
              + "' ORDER BY row_group_id")) {
            for (int g = 0; g < groups; g++) {
              assertTrue(rs.next(), "row group " + g + " of " + column);
              List<String> cells = expected.subList(g * 900, Math.min(rows, (g + 1) * 900)).stream()
                  .map(r -> r.get(k)).toList();
              List<String> present = cells.stream().filter(java.util.Objects::nonNull).toList();
              Comparator<String> order = column.equals("s") ? Comparator.naturalOrder()
                  : Comparator.comparing(BigDecimal::new);
              String label = column + " row group " + g;
              assertEquals(cells.size() - present.size(), rs.getLong(4), label + " nulls");
              assertEquals(present.stream().min(order).orElse(null), statistic(column, rs.getString(2)), label);
              assertEquals(present.stream().max(order).orElse(null), statistic(column, rs.getString(3)), label);
            }
          }
        }
      }
    } finally {
      tearDown();
    }
  }

  /** A statistic as DuckDB prints it, in the form {@link #canonical} gives the column's values. */
  private static String statistic(String column, String printed) {
    if (printed == null || !column.equals("d")) {
      return printed;
    }
    return Long.toString(java.time.LocalDate.parse(printed).toEpochDay());
  }

  /** Row {@code i} of {@code v} as the DuckDB query of the test above prints it. */
  private static String canonical(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    return switch (v.getName()) {
      case "b" -> Boolean.toString(((org.apache.arrow.vector.BitVector) v).get(i) == 1);
      case "s" -> new String(((org.apache.arrow.vector.VarCharVector) v).get(i), StandardCharsets.UTF_8);
      case "bin" -> HexFormat.of().formatHex(((org.apache.arrow.vector.VarBinaryVector) v).get(i));
      case "f32" -> Float.toString(((org.apache.arrow.vector.Float4Vector) v).get(i));
      case "f64" -> Double.toString(((org.apache.arrow.vector.Float8Vector) v).get(i));
      case "t_ms" -> Long.toString(1000L * v.getDataBuffer().getInt(4L * i));
      case "dec9", "dec18", "dec38" -> ((DecimalVector) v).getObject(i).toPlainString();
      case "d", "i32" -> Integer.toString(v.getDataBuffer().getInt(4L * i));
      default -> Long.toString(v.getDataBuffer().getLong(8L * i));
    };
  }

  /** A v2 page of nulls only has no data section; each codec's file reads back, by Partita and by DuckDB. */
  @Test
  void pagesOfNullsOnlyReadBack() throws Exception {
    for (ParquetWriteOptions.Codec codec : ParquetWriteOptions.Codec.values()) {
      Path file = dir.resolve("nulls-" + codec + ".parquet");
      List<List<String>> written;
      try (PartWriter w = Sinks.parquetFile(file.toString(), ArrowData.SCHEMA,
          ParquetWriteOptions.defaults().withCodec(codec).withV2Pages(true));
          VectorSchemaRoot b = ArrowData.batch(ArrowData.SCHEMA, allocator, new Random(3), 3, 0, 1.0)) {
        w.write(b);
        w.commit();
        written = rows(b);
      }
      assertEquals(written, read(ParquetSource.of(file.toString(), ParquetOptions.defaults()), names(), 10));
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*), count(s), count(i64), count(dec38) FROM '" + file + "'")) {
        assertTrue(rs.next());
        assertEquals(List.of(3L, 0L, 0L, 0L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
    }
  }

  @Test
  void manyRowGroupsAndAProjectionInAnotherOrder() throws IOException {
    List<List<String>> written = write(7, 5000,
        ParquetWriteOptions.defaults().withRowGroupRows(500));
    ParquetSource source = ParquetSource.of(dir.toString(), ParquetOptions.defaults());
    assertEquals(10, source.partitions().size());
    assertEquals(ArrowData.SCHEMA, source.schema());
    List<List<String>> projected = read(source, List.of("s", "dec38", "id"), 128);
    int s = names().indexOf("s");
    int dec = names().indexOf("dec38");
    int id = names().indexOf("id");
    List<List<String>> expected = written.stream()
        .map(r -> java.util.Arrays.asList(r.get(s), r.get(dec), r.get(id))).toList();
    assertEquals(expected, projected);
    ParquetSource perFile = ParquetSource.of(dir.toString(),
        ParquetOptions.defaults().partitionPerFile(true));
    assertEquals(2, perFile.partitions().size(), "one per part file");
    assertEquals(expected, read(perFile, List.of("s", "dec38", "id"), 4096));
  }

  @Test
  void statisticsPruneRowGroupsThatCannotMatch() throws IOException {
    write(11, 10_000, ParquetWriteOptions.defaults().withRowGroupRows(1000));
    ParquetSource source = ParquetSource.of(dir.toString(), ParquetOptions.defaults());
    assertEquals(10, source.partitions().size());
    List<Partition> one = source.partitions(Filter.eq("id", 4321L));
    assertEquals(1, one.size());
    assertEquals(List.of(List.of("4321")),
        read(source, one, List.of("id"), 1000).stream().filter(r -> r.get(0).equals("4321"))
            .toList());
    assertEquals(3, source.partitions(Filter.gt("id", 6999L)).size());
    assertEquals(2, source.partitions(Filter.or(Filter.lt("id", 5L),
        Filter.gt("id", 9990L))).size());
    assertEquals(0, source.partitions(Filter.and(Filter.lt("id", 5L),
        Filter.gt("id", 9990L))).size());
    assertEquals(0, source.partitions(new Filter.IsNull("id", false)).size());
    assertEquals(10, source.partitions(Filter.eq("s", "v1")).size(), "no literal type match");
    assertEquals(10, source.partitions(Filter.eq("id", "not a number")).size());
  }

  @Test
  void aWriterClosedWithoutCommitLeavesNoFile() throws IOException {
    try (PartWriter w = Sinks.parquet(dir.toString(), 3, ArrowData.SCHEMA,
        ParquetWriteOptions.defaults());
        VectorSchemaRoot b = ArrowData.batch(ArrowData.SCHEMA, allocator, new Random(1), 100, 0,
            0.1)) {
      w.write(b);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void partsAreNamedWithFiveDigitsAndTheMarkerComesLast() throws IOException {
    for (int p : new int[] {0, 12}) {
      try (PartWriter w = Sinks.parquet(dir.toString(), p, ArrowData.SCHEMA,
          ParquetWriteOptions.defaults().withCodec(ParquetWriteOptions.Codec.ZSTD))) {
        w.commit();
      }
    }
    assertFalse(Files.exists(dir.resolve(Sinks.SUCCESS)));
    Sinks.markSuccess(dir.toString());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("_SUCCESS", "part-00000.parquet", "part-00012.parquet"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertTrue(ParquetSource.of(dir.toString(), ParquetOptions.defaults()).partitions().isEmpty());
  }

  /**
   * Decimals are written as DuckDB and Spark write them: INT32 up to 9 digits, INT64 up to 18,
   * 16-byte FIXED_LEN_BYTE_ARRAY beyond, each with the DECIMAL logical type; DuckDB reads them back
   * as the same DECIMAL types and values.
   */
  @Test
  void decimalsAreWrittenAsDuckDbWritesThemAndReadByIt() throws Exception {
    Schema schema = new Schema(ArrowData.SCHEMA.getFields().stream()
        .filter(f -> f.getName().startsWith("dec")).toList());
    Path file = dir.resolve("dec.parquet");
    List<String> expected = new ArrayList<>();
    try (VectorSchemaRoot b = ArrowData.batch(schema, allocator, new Random(5), 3000, 0, 0.1);
        PartWriter w = Sinks.parquetFile(file.toString(), schema, ParquetWriteOptions.defaults())) {
      w.write(b);
      w.commit();
      for (int i = 0; i < b.getRowCount(); i++) {
        List<String> row = new ArrayList<>();
        for (FieldVector v : b.getFieldVectors()) {
          row.add(v.isNull(i) ? "null" : ((DecimalVector) v).getObject(i).toPlainString());
        }
        expected.add(String.join("|", row));
      }
    }
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType m = r.getFooter().getFileMetaData().getSchema();
      assertEquals(List.of("dec9 INT32 DECIMAL(9,2)", "dec18 INT64 DECIMAL(18,4)",
          "dec38 FIXED_LEN_BYTE_ARRAY DECIMAL(38,6)"), m.getColumns().stream()
          .map(c -> c.getPath()[0] + " " + c.getPrimitiveType().getPrimitiveTypeName() + " "
              + c.getPrimitiveType().getLogicalTypeAnnotation().toString().toUpperCase(Locale.ROOT))
          .toList());
    }
    List<String> duck = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT typeof(dec9) || typeof(dec18) || typeof(dec38),"
            + " dec9, dec18, dec38 FROM '" + file + "'")) {
      while (rs.next()) {
        assertEquals("DECIMAL(9,2)DECIMAL(18,4)DECIMAL(38,6)", rs.getString(1));
        List<String> row = new ArrayList<>();
        for (int k = 2; k <= 4; k++) {
          BigDecimal d = rs.getBigDecimal(k);
          row.add(d == null ? "null" : d.toPlainString());
        }
        duck.add(String.join("|", row));
      }
    }
    assertEquals(expected, duck);
  }

  /**
   * A column of 100,000 values over 500,000 rows shows 18,000 distinct in its first 20,000 rows, where a
   * dictionary does not pay yet; over the chunk it takes half the bytes of PLAIN. A unique column stays PLAIN.
   */
  @Test
  void aDictionaryIsJudgedOnTheWholeChunkProjectedFromItsFirstPage() throws Exception {
    int rows = 500_000;
    Schema schema = new Schema(List.of(Field.nullable("k", new ArrowType.Int(64, true)),
        Field.nullable("u", new ArrowType.Int(64, true))));
    Path file = dir.resolve("dict.parquet");
    Random r = new Random(7);
    long sum = 0;
    try (VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator);
        PartWriter w = Sinks.parquetFile(file.toString(), schema, ParquetWriteOptions.defaults())) {
      BigIntVector k = (BigIntVector) b.getVector(0);
      BigIntVector u = (BigIntVector) b.getVector(1);
      k.allocateNew(rows);
      u.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        k.set(i, 1_000_000 + r.nextInt(100_000));
        u.set(i, r.nextLong());
        sum += k.get(i);
      }
      b.setRowCount(rows);
      w.write(b);
      w.commit();
    }
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      List<ColumnChunkMetaData> chunks = reader.getFooter().getBlocks().get(0).getColumns();
      assertTrue(chunks.get(0).hasDictionaryPage(), chunks.get(0).getEncodings().toString());
      assertFalse(chunks.get(1).hasDictionaryPage(), chunks.get(1).getEncodings().toString());
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sum(k), count(DISTINCT u) FROM '" + file + "'")) {
      assertTrue(rs.next());
      assertEquals(sum, rs.getLong(1));
      assertEquals(rows, rs.getLong(2));
    }
  }

  /**
   * A dictionary chunk's min and max among strings equal in their first 16 bytes, prefixes of others, an empty
   * one: each set written greatest first, so that every other value must be compared to be found the least.
   */
  @Test
  void stringStatisticsOrderPrefixesAndLongStrings() throws Exception {
    List<List<String>> sets = List.of(
        List.of("abcdefghijklmnopq", "abcdefghijklmnopr", "abcdefghijklmnop", "ab\u0000", "ab", "b\u00ff",
            "b\u00ff\u0000", "", "\u00e9t\u00e9"),
        List.of("abcdefghijklmnopq", "abcdefghijklmnopr", "abcdefghijklmnop"),
        List.of("abcdefghijklmnopqs", "abcdefghijklmnopr", "abcdefghijklmnopqt"),
        List.of("ab\u0000", "ab", "b"));
    Schema schema = new Schema(List.of(Field.nullable("s", new ArrowType.Utf8())));
    Comparator<byte[]> unsigned = Arrays::compareUnsigned;
    Random r = new Random(11);
    for (int set = 0; set < sets.size(); set++) {
      List<byte[]> sorted = sets.get(set).stream().map(x -> x.getBytes(StandardCharsets.UTF_8)).sorted(unsigned)
          .toList();
      Path file = dir.resolve("s" + set + ".parquet");
      try (VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator);
          PartWriter w = Sinks.parquetFile(file.toString(), schema, ParquetWriteOptions.defaults())) {
        VarCharVector v = (VarCharVector) b.getVector(0);
        v.allocateNew();
        for (int i = 0; i < 5000; i++) {
          v.setSafe(i, i < sorted.size() ? sorted.get(sorted.size() - 1 - i) : sorted.get(r.nextInt(sorted.size())));
        }
        b.setRowCount(5000);
        w.write(b);
        w.commit();
      }
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
        ColumnChunkMetaData chunk = reader.getFooter().getBlocks().get(0).getColumns().get(0);
        assertTrue(chunk.hasDictionaryPage());
        assertEquals(new String(sorted.get(0), StandardCharsets.UTF_8), chunk.getStatistics().minAsString());
        assertEquals(new String(sorted.get(sorted.size() - 1), StandardCharsets.UTF_8),
            chunk.getStatistics().maxAsString());
      }
    }
  }

  private List<String> names() {
    return ArrowData.SCHEMA.getFields().stream().map(Field::getName).toList();
  }

  /** Writes {@code rows} random rows as two parts, in batches of random size; returns the rows. */
  private List<List<String>> write(long seed, int rows, ParquetWriteOptions o) throws IOException {
    Random rnd = new Random(seed);
    List<List<String>> out = new ArrayList<>();
    int half = rows / 2;
    for (int part = 0; part < 2; part++) {
      int left = part == 0 ? half : rows - half;
      try (PartWriter w = Sinks.parquet(dir.toString(), part, ArrowData.SCHEMA, o)) {
        while (left > 0) {
          int n = Math.min(left, 1 + rnd.nextInt(1500));
          try (VectorSchemaRoot b = ArrowData.batch(ArrowData.SCHEMA, allocator, rnd, n,
              out.size(), rnd.nextDouble() * 0.3)) {
            w.write(b);
            out.addAll(rows(b));
          }
          left -= n;
        }
        w.commit();
      }
    }
    return out;
  }

  private static List<List<String>> rows(VectorSchemaRoot b) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < b.getRowCount(); i++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < b.getFieldVectors().size(); c++) {
        row.add(ArrowData.cell(b.getVector(c), i));
      }
      out.add(row);
    }
    return out;
  }

  private List<List<String>> read(ParquetSource s, List<String> columns, int batchRows)
      throws IOException {
    return read(s, s.partitions(), columns, batchRows);
  }

  private List<List<String>> read(ParquetSource s, List<Partition> parts, List<String> columns,
      int batchRows) throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (Partition p : parts) {
      try (BatchReader r = s.open(p, ReadSpec.columns(columns).withBatchRows(batchRows),
          allocator)) {
        VectorSchemaRoot next;
        while ((next = r.next()) != null) {
          try (VectorSchemaRoot b = next) {
            out.addAll(rows(b));
          }
        }
      }
    }
    return out;
  }
}
