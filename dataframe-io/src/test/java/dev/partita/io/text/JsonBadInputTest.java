package dev.partita.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.DataException;
import dev.partita.io.csv.OnBadLines;
import dev.partita.io.fs.Compressed;
import dev.partita.io.fs.Compressed.Damage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per bad input, each asserting what its message tells the user. */
class JsonBadInputTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static DataException readFails(JsonSource s, String... columns) {
    List<String> cols = columns.length == 0 ? List.copyOf(s.types().keySet()) : List.of(columns);
    return assertThrows(DataException.class, () -> JsonSourceTest.rows(s, cols, 100));
  }

  @Test
  void aValuePastTheSampleThatDoesNotFitNamesFileLineFieldValueAndTheFix() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 5000; i++) {
      sb.append("{\"id\": ").append(i).append(", \"user\": {\"age\": ")
          .append(i == 4321 ? "\"forty\"" : String.valueOf(i % 90)).append("}}\n");
    }
    Path f = write("e.jsonl", sb.toString());
    JsonSource s = JsonSource.of(f.toString(), JsonOptions.defaults().blockSize(10_000)
        .sample(1000, 8));
    assertEquals(JsonType.INT64, s.types().get("user.age"));
    assertTrue(s.partitions().size() > 5, "the bad line is in a later partition");
    DataException e = readFails(s);
    assertEquals(f.toString(), e.file());
    assertEquals("line 4321", e.location());
    assertEquals("user.age", e.column());
    assertEquals("forty", e.value());
    assertTrue(e.getMessage().contains("the first 1000 bytes of " + f), e.getMessage());
    assertTrue(e.getMessage().contains("JsonOptions.dtype(\"user.age\", JsonType.STRING)"),
        e.getMessage());
  }

  @Test
  void aDecimalInAnIntegerFieldSuggestsFloat64AndADeclaredTypeSaysDeclared() throws IOException {
    Path f = write("d.jsonl", "{\"x\": 1}\n{\"x\": 2}\n{\"x\": 2.5}\n");
    DataException e = readFails(JsonSource.of(f.toString(), JsonOptions.defaults().sample(10, 1)));
    assertEquals("line 3", e.location());
    assertTrue(e.getMessage().contains("JsonType.FLOAT64"), e.getMessage());
    Path g = write("g.jsonl", "{\"x\": \"2024-01-01\"}\n{\"x\": \"soon\"}\n");
    DataException declared = readFails(JsonSource.of(g.toString(),
        JsonOptions.defaults().dtype("x", JsonType.DATE)));
    assertTrue(declared.getMessage().contains("the type declared for this field"),
        declared.getMessage());
  }

  @Test
  void unreadFieldsAreNotChecked() throws IOException {
    Path f = write("u.jsonl", "{\"a\": 1, \"b\": 1}\n{\"a\": 2, \"b\": \"x\"}\n");
    JsonSource s = JsonSource.of(f.toString(), JsonOptions.defaults().sample(10, 1));
    assertEquals(List.of(Map.of("a", 1L), Map.of("a", 2L)), JsonSourceTest.rows(s,
        List.of("a"), 10));
    assertEquals("b", readFails(s, "b").column());
  }

  @Test
  void malformedJsonNamesLineAndCharacter() throws IOException {
    Path f = write("m.jsonl", "{\"a\": 1}\n{\"a\": 2,}\n");
    DataException e = readFails(JsonSource.of(f.toString(), JsonOptions.defaults().sample(9, 1)));
    assertEquals("line 2", e.location());
    assertEquals("{\"a\": 2,}", e.value());
    assertTrue(e.getMessage().contains("not valid JSON at character 9"), e.getMessage());
    assertTrue(e.getMessage().contains("OnBadLines.SKIP"), e.getMessage());
  }

  @Test
  void aLineThatIsNotOneObjectSaysWhatItHolds() throws IOException {
    for (String[] c : new String[][] {{"[1, 2]", "an array"}, {"{\"a\": 1} {\"a\": 2}",
        "more than one JSON value"}, {"\"text\"", "a string"}}) {
      Path f = write("n.jsonl", "{\"a\": 1}\n" + c[0] + "\n");
      DataException e = readFails(JsonSource.of(f.toString(),
          JsonOptions.defaults().sample(9, 1)));
      assertEquals("line 2", e.location());
      assertTrue(e.getMessage().contains("this line holds " + c[1]), e.getMessage());
    }
  }

  @Test
  void aBadLineInTheSampleFailsTheSourceUnlessSkipped() throws IOException {
    Path f = write("s.jsonl", "{\"a\": 1}\nnot json\n\n{\"a\": 3}\n[]\n");
    DataException e = assertThrows(DataException.class, () -> JsonSource.of(f.toString()));
    assertEquals("line 2", e.location());
    for (OnBadLines mode : List.of(OnBadLines.SKIP, OnBadLines.WARN)) {
      JsonSource s = JsonSource.of(f.toString(), JsonOptions.defaults().onBadLines(mode));
      assertEquals(List.of(Map.of("a", 1L), Map.of("a", 3L)), JsonSourceTest.rows(s,
          List.of("a"), 10));
    }
  }

  @Test
  void anObjectFieldHoldingAValueNamesTheFix() throws IOException {
    Path f = write("o.jsonl", "{\"o\": {\"x\": 1}}\n{\"o\": 5}\n");
    DataException e = readFails(JsonSource.of(f.toString(), JsonOptions.defaults().sample(16, 1)));
    assertEquals("o", e.column());
    assertEquals("5", e.value());
    assertTrue(e.getMessage().contains("JsonOptions.dtype(\"o\", JsonType.STRING)"),
        e.getMessage());
  }

  @Test
  void invalidUtf8IsABadLine() throws IOException {
    Path f = dir.resolve("u.jsonl");
    Files.write(f, new byte[] {'{', '"', 'a', '"', ':', '"', 'o', 'k', '"', '}', '\n', '{', '"',
        'a', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'});
    DataException e = readFails(JsonSource.of(f.toString(), JsonOptions.defaults().sample(11, 1)));
    assertEquals("line 2", e.location());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void emptyFilesAndFieldlessSamplesSayToDeclareFields() throws IOException {
    Path empty = write("empty.jsonl", "");
    DataException e = assertThrows(DataException.class, () -> JsonSource.of(empty.toString()));
    assertTrue(e.getMessage().contains("every file is empty")
        && e.getMessage().contains("JsonOptions.dtype"), e.getMessage());
    Path braces = write("b.jsonl", "{}\n{}\n");
    assertTrue(assertThrows(DataException.class, () -> JsonSource.of(braces.toString()))
        .getMessage().contains("hold no field"));
    JsonSource declared = JsonSource.of(braces.toString(), JsonOptions.defaults()
        .dtype("a", JsonType.INT64));
    assertEquals(2, JsonSourceTest.rows(declared, List.of("a"), 10).size());
  }

  @ParameterizedTest
  @CsvSource({"gz,TRUNCATED", "gz,CORRUPT", "zst,TRUNCATED", "zst,CORRUPT", "bz2,TRUNCATED",
      "bz2,CORRUPT"})
  void aDamagedArchiveNamesTheFileAndTheCompressedOffset(String ext, Damage damage)
      throws IOException {
    byte[] text = Compressed.lines(null, 60_000, i -> "{\"id\": " + i + ", \"p\": \"/"
        + Integer.toHexString(i * 7919) + "\"}");
    Path f = Compressed.writeDamaged(dir.resolve("d.jsonl." + ext), text, damage);
    DataException e = assertThrows(DataException.class,
        () -> JsonSourceTest.rows(JsonSource.of(f.toString()), List.of("id", "p"), 1000));
    Compressed.assertNamesFileAndOffset(e, f);
  }
}
