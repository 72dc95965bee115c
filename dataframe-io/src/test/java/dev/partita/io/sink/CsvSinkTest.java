package dev.partita.io.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CSV sink's text, and both sinks' files read back by DuckDB (an independent reader). */
class CsvSinkTest {

  private Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("csvsink");
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

  @Test
  void valuesAreWrittenSoTheyReadBack() throws IOException {
    Schema schema = new Schema(List.of(
        ArrowData.field("id", new ArrowType.Int(64, true), false),
        ArrowData.field("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true),
        ArrowData.field("s", ArrowType.Utf8.INSTANCE, true),
        ArrowData.field("d", new ArrowType.Date(DateUnit.DAY), true),
        ArrowData.field("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), true),
        ArrowData.field("local", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null), true),
        ArrowData.field("amount", new ArrowType.Decimal(10, 2, 128), true)));
    try (VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator)) {
      b.allocateNew();
      ((BigIntVector) b.getVector("id")).setSafe(0, 1);
      ((BigIntVector) b.getVector("id")).setSafe(1, 2);
      ((Float8Vector) b.getVector("x")).setSafe(0, 0.1);
      ((Float8Vector) b.getVector("x")).setSafe(1, 1e21);
      ((VarCharVector) b.getVector("s")).setSafe(0, "a, \"quoted\"".getBytes(StandardCharsets.UTF_8));
      ((DateDayVector) b.getVector("d")).setSafe(1, 19_784);
      ((TimeStampMicroTZVector) b.getVector("at")).setSafe(0, 1_709_294_400_000_001L);
      ((TimeStampMilliVector) b.getVector("local")).setSafe(1, -1000L);
      ((DecimalVector) b.getVector("amount")).setSafe(0, new BigDecimal("-12.50"));
      b.setRowCount(2);
      String file = dir.resolve("out.csv").toString();
      try (PartWriter w = Sinks.csvFile(file, schema)) {
        w.write(b);
        w.commit();
      }
      assertEquals("""
          id,x,s,d,at,local,amount
          1,0.1,"a, ""quoted\"\"\",,2024-03-01T12:00:00.000001Z,,-12.50
          2,1.0E21,,2024-03-02,,1969-12-31T23:59:59,
          """, Files.readString(Path.of(file)));
    }
  }

  @Test
  void plainDecimalSpellsWhatBigDecimalSpells() {
    Random rnd = new Random(11);
    for (int k = 0; k < 20_000; k++) {
      long u = switch (k % 4) {
        case 0 -> rnd.nextLong();
        case 1 -> rnd.nextLong() >> rnd.nextInt(64);
        case 2 -> List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE).get(rnd.nextInt(5));
        default -> rnd.nextInt(2001) - 1000;
      };
      int scale = rnd.nextInt(25);
      assertEquals(BigDecimal.valueOf(u, scale).toPlainString(),
          CsvPartWriter.plainDecimal(u, scale), u + " scale " + scale);
    }
  }

  /**
   * Decimals of every width, small ones (leading zeros after the point), scale 0 and nulls: each
   * field is BigDecimal's plain text with the scale's digits, and DuckDB reads the file back with
   * the same DECIMAL types to the same values.
   */
  @Test
  void decimalsAreWrittenWithTheirScalesDigits() throws IOException, SQLException {
    Random rnd = new Random(7);
    List<String> names = List.of("dec9", "dec18", "dec38", "small", "whole");
    Schema schema = new Schema(Stream.concat(ArrowData.SCHEMA.getFields().stream()
        .filter(f -> names.contains(f.getName())), Stream.of(
            ArrowData.field("small", new ArrowType.Decimal(18, 5, 128), true),
            ArrowData.field("whole", new ArrowType.Decimal(9, 0, 128), true))).toList());
    int rows = 2000;
    List<String> expected = new ArrayList<>();
    String file = dir.resolve("dec.csv").toString();
    try (VectorSchemaRoot b = ArrowData.batch(schema, allocator, rnd, rows, 0, 0.1)) {
      for (String small : List.of("small", "whole")) {
        DecimalVector d = (DecimalVector) b.getVector(small);
        for (int i = 0; i < rows; i++) {
          if (!d.isNull(i)) {
            d.set(i, BigDecimal.valueOf(rnd.nextInt(20_001) - 10_000, d.getScale()));
          }
        }
      }
      for (int i = 0; i < rows; i++) {
        List<String> row = new ArrayList<>();
        for (String n : names) {
          DecimalVector d = (DecimalVector) b.getVector(n);
          row.add(d.isNull(i) ? "" : d.getObject(i).toPlainString());
        }
        expected.add(String.join(",", row));
      }
      try (PartWriter w = Sinks.csvFile(file, schema)) {
        w.write(b);
        w.commit();
      }
    }
    List<String> lines = Files.readAllLines(Path.of(file));
    assertEquals(String.join(",", names), lines.get(0));
    assertEquals(expected, lines.subList(1, lines.size()));
    // The values are fetched as BigDecimals: DuckDB answers a ::VARCHAR of a CSV column with the
    // field's text, never cast to the declared type.
    List<String> duck = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select * from read_csv('" + file + "', header = true,"
            + " types = {'dec9': 'DECIMAL(9,2)', 'dec18': 'DECIMAL(18,4)', 'dec38': 'DECIMAL(38,6)',"
            + " 'small': 'DECIMAL(18,5)', 'whole': 'DECIMAL(9,0)'})")) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int k = 1; k <= names.size(); k++) {
          BigDecimal d = rs.getBigDecimal(k);
          row.add(d == null ? "" : d.toPlainString());
        }
        duck.add(String.join(",", row));
      }
    }
    assertEquals(expected, duck);
  }

  @Test
  void duckDbReadsBothSinksOutput() throws IOException, SQLException {
    Random rnd = new Random(3);
    Schema schema = new Schema(ArrowData.SCHEMA.getFields().stream()
        .filter(f -> List.of("id", "i64", "f64", "s", "d").contains(f.getName())).toList());
    long expectedIds = 0;
    double expectedF64 = 0;
    try (VectorSchemaRoot b = ArrowData.batch(schema, allocator, rnd, 3000, 0, 0.2);
        PartWriter pq = Sinks.parquet(dir.toString(), 0, schema, ParquetWriteOptions.defaults());
        PartWriter csv = Sinks.csv(dir.toString(), 0, schema)) {
      pq.write(b);
      csv.write(b);
      pq.commit();
      csv.commit();
      for (int i = 0; i < b.getRowCount(); i++) {
        expectedIds += ((BigIntVector) b.getVector("id")).get(i);
        Float8Vector f = (Float8Vector) b.getVector("f64");
        expectedF64 += f.isNull(i) ? 0 : f.get(i);
      }
    }
    Sinks.markSuccess(dir.toString());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      for (String from : new String[] {"read_parquet('" + dir + "/part-00000.parquet')",
          "read_csv('" + dir + "/part-00000.csv')"}) {
        try (ResultSet rs = st.executeQuery(
            "select count(*), sum(id), sum(f64), count(s) from " + from)) {
          rs.next();
          assertEquals(3000, rs.getLong(1), from);
          assertEquals(expectedIds, rs.getLong(2), from);
          assertEquals(expectedF64, rs.getDouble(3), 1e-6, from);
          assertFalse(rs.getLong(4) == 0, from);
        }
      }
    }
  }
}
