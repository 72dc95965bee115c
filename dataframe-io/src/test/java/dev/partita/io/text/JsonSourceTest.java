package dev.partita.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.fs.Compressed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON lines read by Partita and by DuckDB's read_json from the same random files. */
class JsonSourceTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  /** Every row, in order, as a column name to value map (Text as String, dates as days). */
  static List<Map<String, Object>> rows(JsonSource s, List<String> columns, int batchRows)
      throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (RootAllocator a = new RootAllocator()) {
      for (Partition p : s.partitions()) {
        out.addAll(rows(s, p, columns, a, batchRows));
      }
    }
    return out;
  }

  private static List<Map<String, Object>> rows(JsonSource s, Partition p, List<String> columns,
      BufferAllocator a, int batchRows) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (BatchReader r = s.open(p, ReadSpec.columns(columns).withBatchRows(batchRows), a)) {
      for (VectorSchemaRoot next; (next = r.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          for (int i = 0; i < b.getRowCount(); i++) {
            Map<String, Object> row = new HashMap<>();
            for (FieldVector v : b.getFieldVectors()) {
              row.put(v.getName(), value(v, i));
            }
            out.add(row);
          }
        }
      }
    }
    return out;
  }

  private static Object value(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof VarCharVector s) {
      return new String(s.get(i), StandardCharsets.UTF_8);
    }
    if (v instanceof DateDayVector d) {
      return (long) d.get(i);
    }
    if (v instanceof TimeStampMicroTZVector t) {
      return t.get(i);
    }
    return v.getObject(i);
  }

  private static String randomString(Random r) {
    String[] pieces = {"a", "Zürich", "日本", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00",
        " ", "404", "x,y"};
    StringBuilder sb = new StringBuilder("\"");
    for (int k = r.nextInt(6); k > 0; k--) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    return sb.append('"').toString();
  }

  /** One field's JSON text, or null to leave the field out. */
  private static String field(String name, Random r, int id) {
    if (r.nextInt(10) < 2) {
      return null;
    }
    if (r.nextInt(10) == 0) {
      return "null";
    }
    LocalDateTime t = LocalDateTime.of(2000, 1, 1, 0, 0).plusSeconds(r.nextInt(900_000_000))
        .plusNanos(r.nextInt(1_000_000) * 1000L);
    return switch (name) {
      case "i" -> String.valueOf(r.nextLong() >> r.nextInt(64));
      case "f" -> r.nextBoolean() ? String.valueOf(r.nextInt(1000) - 500)
          : String.valueOf((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12) - 4));
      case "b" -> String.valueOf(r.nextBoolean());
      case "s" -> randomString(r);
      case "d" -> "\"" + t.toLocalDate() + "\"";
      case "tz" -> "\"" + t + (r.nextBoolean() ? "Z" : r.nextBoolean() ? "+05:30" : "-02:00") + "\"";
      case "o" -> {
        List<String> parts = new ArrayList<>();
        String x = field("i", r, id);
        if (x != null) {
          parts.add("\"x\": " + x);
        }
        if (r.nextInt(4) > 0) {
          String z = field("s", r, id);
          parts.add("\"y\": {\"z\": " + (z == null ? "null" : z) + ", \"w\": "
              + (r.nextBoolean() ? "true" : "false") + "}");
        }
        yield "{" + String.join(", ", parts) + "}";
      }
      case "a" -> "[" + Stream.generate(() -> String.valueOf(r.nextInt(100))).limit(r.nextInt(4))
          .collect(Collectors.joining(", ")) + "]";
      case "m" -> r.nextBoolean() ? String.valueOf(r.nextInt(1000)) : randomString(r);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static String line(Random r, int id) {
    List<String> names = new ArrayList<>(List.of("i", "f", "b", "s", "d", "tz", "o", "a", "m"));
    java.util.Collections.shuffle(names, r);
    StringBuilder sb = new StringBuilder("{\"id\": " + id);
    for (String n : names) {
      String v = field(n, r, id);
      if (v != null) {
        sb.append(r.nextBoolean() ? ", " : ",").append('"').append(n).append("\":").append(v);
      }
    }
    return sb.append('}').toString();
  }

  /** DuckDB's value of one of our columns, in the form {@link #value} gives ours. */
  private static String duckExpr(String name, JsonType type) {
    String[] path = name.split("\\.");
    String e = "\"" + path[0] + "\"";
    for (int k = 1; k < path.length; k++) {
      e = "struct_extract(" + e + ", '" + path[k] + "')";
    }
    return switch (type) {
      case INT64 -> "CAST(" + e + " AS BIGINT)";
      case FLOAT64 -> "CAST(" + e + " AS DOUBLE)";
      case BOOLEAN -> "CAST(" + e + " AS BOOLEAN)";
      case DATE -> "CAST(CAST(" + e + " AS DATE) - DATE '1970-01-01' AS BIGINT)";
      case TIMESTAMP -> "epoch_us(CAST(" + e + " AS TIMESTAMPTZ))";
      case STRING -> "to_json(" + e + ")::VARCHAR";
    };
  }

  /** A JSON text as a comparable value: strings unquoted, numbers and booleans as text. */
  private static Object normalizeDuck(String json) throws IOException {
    if (json == null) {
      return null;
    }
    JsonNode n = MAPPER.readTree(json);
    return n.isContainerNode() ? n : n.isNull() ? null : n.asText();
  }

  private static Object normalizeOurs(Object v) throws IOException {
    if (v instanceof String s && (s.startsWith("{") || s.startsWith("["))) {
      return MAPPER.readTree(s);
    }
    return v;
  }

  @Test
  void randomFilesReadAsDuckDbReadsThemEveryValue() throws Exception {
    Random r = new Random(1818);
    String[] extensions = {".jsonl", ".ndjson", ".json", ".jsonl.gz", ".jsonl.zst"};
    for (int round = 0; round < 12; round++) {
      Path d = Files.createDirectories(dir.resolve("r" + round));
      int id = 0;
      List<String> names = new ArrayList<>();
      for (int f = 0, files = 1 + r.nextInt(4); f < files; f++) {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(300); n > 0; n--) {
          sb.append(line(r, id++)).append(r.nextInt(20) == 0 ? "\r\n" : "\n");
          if (r.nextInt(50) == 0) {
            sb.append("  \n");
          }
        }
        String name = "part-" + f + extensions[r.nextInt(extensions.length)];
        Compressed.write(d.resolve(name), sb.toString().getBytes(StandardCharsets.UTF_8));
        names.add(d.resolve(name).toString());
      }
      JsonSource s = JsonSource.of(d.toString(), JsonOptions.defaults()
          .blockSize(64 + r.nextInt(4000)));
      Map<String, JsonType> types = s.types();
      List<String> columns = new ArrayList<>(types.keySet());
      List<Map<String, Object>> ours = rows(s, columns, 1 + r.nextInt(100));
      ours.sort(Comparator.comparing(m -> (Long) m.get("id")));
      assertEquals(id, ours.size());

      String files = names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
      String sql = "SELECT " + columns.stream().map(c -> duckExpr(c, types.get(c)))
          .collect(Collectors.joining(", ")) + " FROM read_json([" + files + "],"
          + " format='newline_delimited', sample_size=-1, maximum_sample_files=-1) ORDER BY id";
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = c.createStatement()) {
        st.execute("SET TimeZone='UTC'");
        assertDuckTypesAgree(st, files, types);
        try (ResultSet rs = st.executeQuery(sql)) {
          for (int row = 0; row < id; row++) {
            assertTrue(rs.next(), "DuckDB has fewer rows");
            for (int k = 0; k < columns.size(); k++) {
              String col = columns.get(k);
              Object expected = types.get(col) == JsonType.STRING
                  ? normalizeDuck(rs.getString(k + 1)) : rs.getObject(k + 1);
              Object actual = normalizeOurs(ours.get(row).get(col));
              assertEquals(expected, actual, "round " + round + ", row " + row + ", " + col);
            }
          }
        }
      }
    }
  }

  /** Our type for each column against DuckDB's: the same family, or a mix both keep as text. */
  private static void assertDuckTypesAgree(Statement st, String files, Map<String, JsonType> types)
      throws Exception {
    Map<String, String> duck = new HashMap<>();
    try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_json([" + files + "],"
        + " format='newline_delimited', sample_size=-1, maximum_sample_files=-1)")) {
      while (rs.next()) {
        duck.put(rs.getString(1), rs.getString(2));
      }
    }
    for (Map.Entry<String, JsonType> e : types.entrySet()) {
      String top = e.getKey().split("\\.")[0];
      String t = duck.get(top);
      boolean nested = e.getKey().contains(".");
      boolean agrees = switch (e.getValue()) {
        case INT64 -> nested || t.equals("BIGINT") || t.equals("HUGEINT");
        case FLOAT64 -> nested || t.equals("DOUBLE");
        case BOOLEAN -> nested || t.equals("BOOLEAN");
        case DATE -> t.equals("DATE");
        case TIMESTAMP -> t.startsWith("TIMESTAMP");
        case STRING -> nested || t.equals("VARCHAR") || t.equals("JSON") || t.endsWith("[]")
            || t.equals("\"NULL\"");
      };
      assertTrue(agrees, e + " but DuckDB says " + t);
    }
  }

  @Test
  void projectionReadsTheSameValuesAndSkipsWhatItDoesNotRead() throws IOException {
    Path f = dir.resolve("p.jsonl");
    Files.writeString(f, "{\"a\": 1, \"o\": {\"x\": \"u\", \"y\": 2}, \"z\": [1, {\"q\": 3}]}\n"
        + "{\"a\": 2, \"o\": {\"y\": 5}, \"z\": null}\n");
    JsonSource s = JsonSource.of(f.toString(), JsonOptions.defaults().sample(40, 1));
    assertEquals(List.of("a", "o.x", "o.y", "z"), new ArrayList<>(s.types().keySet()));
    assertEquals(List.of(Map.of("o.y", 2L), Map.of("o.y", 5L)), rows(s, List.of("o.y"), 10));
    List<Map<String, Object>> noColumns = rows(s, List.of(), 10);
    assertEquals(2, noColumns.size());
    Map<String, Object> first = rows(s, List.of("z", "a"), 10).get(0);
    assertEquals("[1, {\"q\": 3}]", first.get("z"));
  }

  @Test
  void aFieldHoldingObjectsAndValuesIsJsonTextAndDeclaredTypesWin() throws IOException {
    Path f = dir.resolve("m.jsonl");
    Files.writeString(f, "{\"k\": {\"a\": 1}, \"n\": 1, \"e\": {}}\n{\"k\": 7, \"n\": 2.5}\n");
    JsonSource s = JsonSource.of(f.toString());
    assertEquals(Map.of("k", JsonType.STRING, "n", JsonType.FLOAT64, "e", JsonType.STRING),
        s.types());
    assertEquals("{\"a\": 1}", rows(s, List.of("k"), 10).get(0).get("k"));
    assertEquals("7", rows(s, List.of("k"), 10).get(1).get("k"));
    JsonSource declared = JsonSource.of(f.toString(), JsonOptions.defaults()
        .dtype("n", JsonType.STRING).dtype("k.a", JsonType.INT64).dtype("later", JsonType.DATE));
    assertEquals(List.of("k.a", "n", "e", "later"), new ArrayList<>(declared.types().keySet()));
  }
}
