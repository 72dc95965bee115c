package dev.partita.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.DataException;
import dev.partita.io.fs.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared decimal columns against DuckDB's {@code read_csv(..., columns = {...: 'DECIMAL(p,s)'})}
 * on random files (nulls, negative values, fewer and more fraction digits than the scale, several
 * files, both readers, small partitions), the parser against BigDecimal, and the errors.
 */
class CsvDecimalTest {

  private static final CSVFormat COMMONS = CSVFormat.DEFAULT.builder().setEscape('\\').get();

  @TempDir
  Path dir;

  /** A random decimal literal that fits DECIMAL(p, s) once rounded to s fraction digits. */
  private static String literal(Random r, int p, int s) {
    StringBuilder b = new StringBuilder();
    int sign = r.nextInt(10);
    b.append(sign < 4 ? "-" : sign == 4 ? "+" : "");
    int before = r.nextInt(p - s + 1);
    for (int i = 0; i < before; i++) {
      b.append((char) ('0' + (i == 0 && before == p - s ? 1 + r.nextInt(8) : r.nextInt(10))));
    }
    int leadingZeros = r.nextInt(8) == 0 ? 1 + r.nextInt(3) : 0;
    b.insert(sign < 5 ? 1 : 0, "0".repeat(leadingZeros));
    int after = r.nextInt(s + 4);
    if (after > 0 || r.nextInt(6) == 0 || before + leadingZeros == 0) {
      b.append('.');
    }
    for (int i = 0; i < after; i++) {
      b.append((char) ('0' + (i == 0 && p == s ? r.nextInt(9) : r.nextInt(10))));
    }
    if (before + leadingZeros + after == 0) {
      b.append('5');
    }
    return b.toString();
  }

  /** The same value as {@code text} written with an exponent of -6 to 6. */
  private static String withExponent(Random r, String text) {
    int e = r.nextInt(13) - 6;
    return new BigDecimal(text).movePointLeft(e).toPlainString() + (r.nextBoolean() ? "e" : "E")
        + (e >= 0 && r.nextBoolean() ? "+" : "") + e;
  }

  @Property(tries = 6)
  void declaredDecimalsReadAsDuckDbReadsThem(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 4) int shape) throws Exception {
    int[][] shapes = {{15, 2}, {18, 0}, {9, 4}, {18, 18}, {20, 3}};
    int p = shapes[shape][0];
    int s = shapes[shape][1];
    Random r = new Random(seed);
    Path files = Files.createTempDirectory("csv-decimals");
    try {
      compareWithDuckDb(files, r, p, s);
    } finally {
      Storage.deleteRecursively(files.toString());
    }
  }

  private static void compareWithDuckDb(Path files, Random r, int p, int s) throws Exception {
    int id = 0;
    int fileCount = 1 + r.nextInt(3);
    for (int f = 0; f < fileCount; f++) {
      StringBuilder csv = new StringBuilder("id,price,wide,label\n");
      int rows = r.nextInt(3000);
      for (int i = 0; i < rows; i++) {
        csv.append(id++).append(',')
            .append(r.nextInt(5) == 0 ? "" : literal(r, p, s)).append(',')
            .append(r.nextInt(5) == 0 ? "" : literal(r, 38, 10)).append(",x")
            .append(r.nextInt(100)).append('\n');
      }
      Files.writeString(files.resolve("part-" + f + ".csv"), csv);
    }
    String glob = files.resolve("*.csv").toString();
    // Fetched as BigDecimals, not as price::VARCHAR: DuckDB answers a ::VARCHAR of a CSV column
    // with the field's text, never cast to the declared type.
    List<String> expected = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, price, wide FROM read_csv('" + glob
            + "', header = true, columns = {'id': 'BIGINT', 'price': 'DECIMAL(" + p + "," + s
            + ")', 'wide': 'DECIMAL(38,10)', 'label': 'VARCHAR'}) ORDER BY id")) {
      while (rs.next()) {
        expected.add(rs.getLong(1) + "|" + plain(rs.getBigDecimal(2)) + "|"
            + plain(rs.getBigDecimal(3)));
      }
    }
    assertEquals(id, expected.size());
    CsvOptions declared = CsvOptions.defaults().dtype("price", CsvType.decimal(p, s))
        .dtypes(Map.of("wide", CsvType.decimal(38, 10)));
    for (CsvOptions o : List.of(declared, declared.blockSize(4096), declared.format(COMMONS))) {
      CsvSource source = CsvSource.of(glob, o);
      assertEquals(new ArrowType.Decimal(p, s, 128),
          source.schema().findField("price").getType());
      assertEquals(new ArrowType.Decimal(38, 10, 128),
          source.schema().findField("wide").getType());
      try (BufferAllocator a = new RootAllocator()) {
        List<String> actual = CsvTestSupport.readAll(source, List.of("id", "price", "wide"), a,
            1 + r.nextInt(1000)).stream()
            .map(row -> row.stream().map(CsvDecimalTest::plain).collect(Collectors.joining("|")))
            .sorted((x, y) -> Long.compare(idOf(x), idOf(y))).toList();
        assertEquals(expected, actual, source.describe());
      }
    }
  }

  private static String plain(Object v) {
    return v == null ? "null" : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
  }

  private static long idOf(String row) {
    return Long.parseLong(row.substring(0, row.indexOf('|')));
  }

  /**
   * The parser against DuckDB's {@code TRY_CAST(text AS DECIMAL(p, s))} at every width, on text
   * that fits and text that may not (more fraction digits than the scale, rounded half away from
   * zero; leading zeros; too many digits), and with exponents against BigDecimal's exact value
   * rounded half up (DuckDB 2.0's cast is not exact with exponents: see {@link DecimalParser}).
   */
  @Property(tries = 30)
  void parserCastsAsDuckDbCasts(@ForAll long seed, @ForAll @IntRange(min = 1, max = 38) int p,
      @ForAll @IntRange(min = 0, max = 38) int s) throws Exception {
    int scale = Math.min(s, p);
    Random r = new Random(seed);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      texts.add(i % 2 == 0 ? literal(r, p, scale) : wild(r, p, scale));
    }
    List<String> exponents = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      exponents.add(withExponent(r, i % 2 == 0 ? literal(r, p, scale) : wild(r, p, scale)));
    }
    List<String> expected = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT TRY_CAST(t AS DECIMAL(" + p + "," + scale
            + ")) FROM (VALUES " + texts.stream().map(t -> "('" + t + "')")
            .collect(Collectors.joining(", ")) + ") v(t)")) {
      while (rs.next()) {
        expected.add(plain(rs.getBigDecimal(1)));
      }
    }
    for (String text : exponents) {
      BigDecimal exact = new BigDecimal(text).setScale(scale, RoundingMode.HALF_UP);
      expected.add(exact.precision() - exact.scale() > p - scale ? "null" : plain(exact));
    }
    texts.addAll(exponents);
    DecimalParser parser = new DecimalParser(p, scale);
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
      String actual = parser.parse(b, 2, text.length()) != DecimalParser.OK ? "null"
          : new BigDecimal(BigInteger.valueOf(parser.hi).shiftLeft(64)
              .add(new BigInteger(Long.toUnsignedString(parser.lo))), scale).toPlainString();
      assertEquals(expected.get(i), actual, text + " as DECIMAL(" + p + "," + scale + ")");
    }
  }

  /** Decimal text of any width: up to p + 2 digits before the point. */
  private static String wild(Random r, int p, int s) {
    StringBuilder b = new StringBuilder(r.nextBoolean() ? "-" : "");
    int before = r.nextInt(p + 3);
    for (int i = 0; i < before; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    int after = r.nextInt(s + 6);
    if (after > 0 || before == 0) {
      b.append('.').append('5');
    }
    for (int i = 1; i < after; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  @Test
  void malformedAndTooWideTextIsRejected() {
    DecimalParser p = new DecimalParser(5, 2);
    for (String bad : List.of("", "-", "+", ".", "-.", "1.2.3", "--1", "1e", "e5", ".e1", "1e+",
        "1e5.", "1e1e1", " 1", "1 ", "1,5", "0x1", "12a", "NaN", "inf")) {
      byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
      assertEquals(DecimalParser.MALFORMED, p.parse(b, 0, b.length), bad);
    }
    for (String wide : List.of("1000", "-1000.00", "999.995", "-999.999", "123456789012345678901",
        "1e3", "9.99995e2", "1e99999999999", "0.1e4", "1000e-0", "99999.5e-2")) {
      byte[] b = wide.getBytes(StandardCharsets.US_ASCII);
      assertEquals(DecimalParser.TOO_WIDE, p.parse(b, 0, b.length), wide);
    }
    for (String ok : List.of("999.99", "-999.994", "0001.5", "-0.001", "+.5", "7.", "1e2", "1.E2",
        ".5e1", "-1.25e-1", "1e-99999999999", "0e99999999999", "12345e-2", "0.0012345e5")) {
      byte[] b = ok.getBytes(StandardCharsets.US_ASCII);
      assertEquals(DecimalParser.OK, p.parse(b, 0, b.length), ok);
    }
  }

  private DataException readError(String value, CsvOptions o) throws IOException {
    Path f = dir.resolve("bad-" + Math.abs(value.hashCode()) + ".csv");
    Files.writeString(f, "id,price\n1,2.50\n2," + value + "\n");
    CsvSource s = CsvSource.of(f.toString(), o.dtype("price", CsvType.decimal(15, 2)));
    try (BufferAllocator a = new RootAllocator()) {
      return assertThrows(DataException.class, () -> CsvTestSupport.readAll(s, a));
    }
  }

  @Test
  void tooManyDigitsNamesFileLineColumnValueAndAWiderType() throws IOException {
    for (CsvOptions o : List.of(CsvOptions.defaults(), CsvOptions.defaults().format(COMMONS))) {
      DataException e = readError("-12345678901234.5", o);
      String m = e.getMessage();
      assertTrue(e.file().endsWith(".csv") && e.location().equals("line 3"), m);
      assertEquals("price", e.column(), m);
      assertEquals("-12345678901234.5", e.value(), m);
      assertTrue(m.contains("needs 14 digits before the point, DECIMAL(15,2)"), m);
      assertTrue(m.contains("CsvOptions.dtype(\"price\", CsvType.decimal(16, 2))"), m);
      assertTrue(m.contains("--dtype price=decimal(16,2)"), m);
      assertTrue(m.contains("--dtype price=float64"), m);
    }
    String m = readError("9999999999999.995", CsvOptions.defaults()).getMessage();
    assertTrue(m.contains("needs 14 digits before the point"), m);
    m = readError("1234567890123456789e-3", CsvOptions.defaults()).getMessage();
    assertTrue(m.contains("needs 16 digits before the point"), m);
    assertTrue(m.contains("CsvType.decimal(18, 2)"), m);
    for (String huge : List.of("1e99999999999", "1e999999999", "-7e40")) {
      m = readError(huge, CsvOptions.defaults()).getMessage();
      assertTrue(m.contains("needs more than 38 digits before the point"), m);
    }
    m = readError("1" + "0".repeat(40), CsvOptions.defaults()).getMessage();
    assertTrue(m.contains("Read the column as doubles: CsvOptions.dtype(\"price\","
        + " CsvType.FLOAT64)"), m);
  }

  @Test
  void malformedDecimalNamesTheValueAndAnotherType() throws IOException {
    for (CsvOptions o : List.of(CsvOptions.defaults(), CsvOptions.defaults().format(COMMONS))) {
      DataException e = readError("Infinity", o);
      assertEquals("line 3", e.location(), e.getMessage());
      assertTrue(e.getMessage().contains("cannot read the value as DECIMAL(15,2), the type declared"
          + " for this column (an optional sign, digits with an optional point, an optional"
          + " exponent)"), e.getMessage());
      assertTrue(e.getMessage().contains("--dtype price=float64"), e.getMessage());
      e = readError("n/a", o);
      assertTrue(e.getMessage().contains("CsvType.STRING"), e.getMessage());
    }
  }

  @Test
  void typesCompareByValueSurviveSerializationAndCheckTheirArguments() throws Exception {
    assertEquals(CsvType.decimal(15, 2), CsvType.decimal(15, 2));
    assertEquals(CsvType.decimal(15, 2).hashCode(), CsvType.decimal(15, 2).hashCode());
    assertTrue(!CsvType.decimal(15, 2).equals(CsvType.decimal(15, 3)));
    assertEquals("DECIMAL(38,10)", CsvType.decimal(38, 10).toString());
    CsvOptions o = CsvOptions.defaults().dtype("p", CsvType.decimal(38, 10))
        .dtype("i", CsvType.INT64);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(o, in.readObject());
    }
    for (int[] bad : new int[][] {{0, 0}, {39, 2}, {10, 11}, {10, -1}}) {
      assertThrows(IllegalArgumentException.class, () -> CsvType.decimal(bad[0], bad[1]));
    }
  }

  @Test
  void decimalsAreNeverInferred() throws IOException {
    Path f = dir.resolve("inferred.csv");
    Files.writeString(f, "price\n1.25\n-3.5\n");
    assertEquals(CsvType.FLOAT64, CsvSource.of(f.toString(), CsvOptions.defaults()).types()
        .get("price"));
  }
}
