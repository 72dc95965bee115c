package dev.partita.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.fs.Compressed;
import dev.partita.io.fs.Compressed.Damage;
import dev.partita.io.fs.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextSourceTest {

  @TempDir
  Path dir;

  /** Every line of every partition, in order. */
  static List<String> lines(TextSource s, int batchRows) throws IOException {
    List<String> out = new ArrayList<>();
    try (RootAllocator a = new RootAllocator()) {
      for (Partition p : s.partitions()) {
        out.addAll(lines(s, p, a, batchRows));
      }
    }
    return out;
  }

  private static List<String> lines(TextSource s, Partition p, BufferAllocator a, int batchRows)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (BatchReader r = s.open(p, ReadSpec.columns("line").withBatchRows(batchRows), a)) {
      for (VectorSchemaRoot next; (next = r.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          VarCharVector v = (VarCharVector) b.getVector(0);
          for (int i = 0; i < b.getRowCount(); i++) {
            out.add(new String(v.get(i), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return out;
  }

  /** What splitting the decoded text at '\n' gives, '\r' before it dropped, no line after the last. */
  private static List<String> reference(String text) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      int to = nl < 0 ? text.length() : nl;
      String line = text.substring(from, to);
      out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      from = to + 1;
    }
    return out;
  }

  private static String randomText(Random r) {
    StringBuilder sb = new StringBuilder(r.nextInt(8) == 0 ? "\uFEFF" : "");
    int n = r.nextInt(200);
    String[] pieces = {"GET /index.html", " 404 ", "é", "日本", "\uD83D\uDE00", "\t", "a", "\"q\"",
        "\r", " "};
    for (int i = 0; i < n; i++) {
      int len = r.nextInt(5) == 0 ? 0 : r.nextInt(12);
      for (int k = 0; k < len; k++) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      sb.append(r.nextInt(4) == 0 ? "\r\n" : "\n");
    }
    if (r.nextBoolean()) {
      sb.append("last line without newline");
    }
    return sb.toString();
  }

  @Test
  void randomFilesSplitAtRandomReadEveryLineOnceInOrder() throws IOException {
    Random r = new Random(18);
    for (int round = 0; round < 60; round++) {
      Path d = Files.createDirectories(dir.resolve("r" + round));
      List<String> expected = new ArrayList<>();
      int files = 1 + r.nextInt(4);
      for (int f = 0; f < files; f++) {
        String text = randomText(r);
        String ext = List.of(".txt", ".txt", ".txt.gz", ".txt.zst", ".txt.bz2").get(r.nextInt(5));
        Compressed.write(d.resolve("f" + f + ext), text.getBytes(StandardCharsets.UTF_8));
        expected.addAll(reference(text));
      }
      long block = 1 + r.nextInt(300);
      TextSource s = TextSource.of(d + "/f*", block);
      assertEquals(expected, lines(s, 1 + r.nextInt(50)), "round " + round + ", block " + block);
    }
  }

  @Test
  void plainFilesReadLikeDuckDbSplittingTheWholeText() throws Exception {
    Random r = new Random(7);
    for (int f = 0; f < 3; f++) {
      String text = randomText(r).replace("\uFEFF", "");
      Files.writeString(dir.resolve("d" + f + ".log"), text.endsWith("\n") ? text : text + "\n");
    }
    List<String> duck = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select regexp_replace(l, '\\r$', '') from (select"
            + " filename, generate_subscripts(parts, 1) i, unnest(parts) l from (select filename,"
            + " string_split(content, chr(10))[:-2] parts from read_text('" + dir
            + "/d*.log'))) order by filename, i")) {
      while (rs.next()) {
        duck.add(rs.getString(1));
      }
    }
    assertEquals(duck, lines(TextSource.of(dir + "/d*.log", 97), 13));
  }

  @Test
  void aLineLongerThanTheBufferIsReadWhole() throws IOException {
    String longLine = "x".repeat(3 << 20);
    Files.writeString(dir.resolve("long.txt"), "a\n" + longLine + "\nb\n");
    assertEquals(List.of("a", longLine, "b"), lines(TextSource.of(dir + "/long.txt"), 10));
    assertEquals(List.of("a", longLine, "b"), lines(TextSource.of(dir + "/long.txt", 1 << 20), 10));
  }

  @Test
  void emptyFilesHoldNoPartitionAndNoProjectionStillCountsLines() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "");
    Files.writeString(dir.resolve("b.txt"), "1\n2\n\n3");
    TextSource s = TextSource.of(dir.toString(), 3);
    assertEquals(2, s.partitions().size(), "6 bytes in blocks of 3, the empty file none");
    long rows = 0;
    try (RootAllocator a = new RootAllocator()) {
      for (Partition p : s.partitions()) {
        try (BatchReader r = s.open(p, ReadSpec.columns(List.of()), a)) {
          for (VectorSchemaRoot next; (next = r.next()) != null; ) {
            try (VectorSchemaRoot b = next) {
              assertEquals(0, b.getFieldVectors().size());
              rows += b.getRowCount();
            }
          }
        }
      }
    }
    assertEquals(4, rows);
  }

  @Test
  void aCompressedFileIsOnePartitionAndAPlainOneIsSplit() throws IOException {
    byte[] text = Compressed.lines(null, 10_000, i -> "line " + i);
    Compressed.write(dir.resolve("big.log.gz"), text);
    Files.write(dir.resolve("big.log"), text);
    Files.write(dir.resolve("gzip-without-extension.log"),
        Compressed.compress(Compression.GZIP, text));
    assertEquals(1, TextSource.of(dir + "/big.log.gz", 1000).partitions().size());
    assertEquals(1, TextSource.of(dir + "/gzip-without-extension.log", 1000).partitions().size());
    assertTrue(TextSource.of(dir + "/big.log", 1000).partitions().size() > 80);
    List<String> expected = reference(new String(text, StandardCharsets.UTF_8));
    assertEquals(expected, lines(TextSource.of(dir + "/gzip-without-extension.log", 1000), 999));
  }

  @Test
  void invalidUtf8NamesFileLineAndTheFix() throws IOException {
    Path f = dir.resolve("latin1.log");
    Files.write(f, new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
    DataException e = assertThrows(DataException.class, () -> lines(TextSource.of(f.toString()), 10));
    assertEquals(f.toString(), e.file());
    assertEquals("line 2", e.location());
    assertTrue(e.getMessage().contains("iconv"), e.getMessage());
  }

  @Test
  void aLineNumberInALaterPartitionCountsTheLinesBeforeIt() throws IOException {
    Path f = dir.resolve("late.log");
    byte[] text = Compressed.lines(null, 5000, i -> i == 4321 ? "bad \u0000" : "line " + i);
    text[new String(text, StandardCharsets.UTF_8).indexOf('\u0000')] = (byte) 0xFF;
    Files.write(f, text);
    TextSource s = TextSource.of(f.toString(), 4096);
    DataException e = assertThrows(DataException.class, () -> lines(s, 100));
    assertEquals("line 4322", e.location());
  }

  @ParameterizedTest
  @CsvSource({"gz,TRUNCATED", "gz,CORRUPT", "zst,TRUNCATED", "zst,CORRUPT", "bz2,TRUNCATED",
      "bz2,CORRUPT"})
  void aDamagedArchiveNamesTheFileAndTheCompressedOffset(String ext, Damage damage)
      throws IOException {
    byte[] text = Compressed.lines(null, 60_000, i -> "GET /p/" + Integer.toHexString(i * 7919));
    Path f = Compressed.writeDamaged(dir.resolve("d.log." + ext), text, damage);
    DataException e = assertThrows(DataException.class, () -> lines(TextSource.of(f.toString()),
        1000));
    Compressed.assertNamesFileAndOffset(e, f);
  }

  @Test
  void unknownColumnsAreRefused() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "x\n");
    TextSource s = TextSource.of(dir + "/a.txt");
    try (RootAllocator a = new RootAllocator()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.open(s.partitions().get(0), ReadSpec.columns("text"), a));
      assertTrue(e.getMessage().contains("'line'"), e.getMessage());
    }
  }
}
