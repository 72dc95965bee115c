package dev.partita.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.DataException;
import dev.partita.io.fs.Compressed;
import dev.partita.io.fs.Compressed.Damage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/** One test per bad input, each asserting what its message tells the user. */
class CsvBadInputTest {

  @TempDir
  Path dir;

  private DataException readFails(CsvSource s) {
    try (RootAllocator a = new RootAllocator()) {
      return assertThrows(DataException.class, () -> CsvTestSupport.readAll(s, a));
    }
  }

  @Test
  void nonNumericValuePastTheSampleNamesFileLineColumnValueAndTheFix() throws IOException {
    Path f = dir.resolve("big.csv");
    try (BufferedWriter w = Files.newBufferedWriter(f)) {
      w.write("id,x,name\n");
      for (int line = 2; line <= 300_000; line++) {
        w.write(line + "," + (line == 250_000 ? "12x4" : String.valueOf(line % 97)) + ",n\n");
      }
    }
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().blockSize(1 << 20));
    assertTrue(s.partitions().size() > 3, "the bad line must be in a mid-file partition");
    assertEquals(CsvType.INT64, s.types().get("x"));
    DataException e = readFails(s);
    assertEquals(f.toString(), e.file());
    assertEquals("line 250000", e.location());
    assertEquals("x", e.column());
    assertEquals("12x4", e.value());
    assertTrue(e.getMessage().contains("INT64"), e.getMessage());
    assertTrue(e.getMessage().contains("first 1048576 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("CsvOptions.dtype(\"x\", CsvType.STRING)"), e.getMessage());
    assertTrue(e.getMessage().contains("--dtype x=string"), e.getMessage());
  }

  @Test
  void aDecimalInAnIntColumnSuggestsFloat64() throws IOException {
    Path f = CsvTestSupport.write(dir, "d.csv", "x\n1\n2\n1.5\n");
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().sampleBytes(6));
    DataException e = readFails(s);
    assertEquals("line 4", e.location());
    assertTrue(e.getMessage().contains("CsvType.FLOAT64"), e.getMessage());
  }

  @Test
  void aDeclaredTypeIsNamedAsDeclared() throws IOException {
    Path f = CsvTestSupport.write(dir, "d.csv", "x,y\n1,a\nnope,b\n");
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().dtype("x", CsvType.INT64));
    DataException e = readFails(s);
    assertEquals("line 3", e.location());
    assertTrue(e.getMessage().contains("type declared for this column"), e.getMessage());
  }

  @Test
  void raggedRowNamesLineAndFieldCounts() throws IOException {
    Path f = CsvTestSupport.write(dir, "r.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
    DataException e = readFails(CsvSource.of(f.toString(), CsvOptions.defaults()));
    assertEquals("line 3", e.location());
    assertEquals("4,5", e.value());
    assertTrue(e.getMessage().contains("expected 3 fields but found 2"), e.getMessage());
    assertTrue(e.getMessage().contains("OnBadLines.SKIP"), e.getMessage());
  }

  @Test
  void raggedRowsAreSkippedWhenAsked() throws IOException {
    Path f = CsvTestSupport.write(dir, "r.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n");
    for (OnBadLines mode : List.of(OnBadLines.SKIP, OnBadLines.WARN)) {
      CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().onBadLines(mode));
      try (RootAllocator a = new RootAllocator()) {
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(10L, 11L, 12L)),
            CsvTestSupport.readAll(s, a));
      }
    }
  }

  @Test
  void unclosedQuoteAtEndOfFile() throws IOException {
    Path f = CsvTestSupport.write(dir, "q.csv", "a,b\n1,x\n2,\"open\n3,y\n");
    DataException e = readFails(CsvSource.of(f.toString(), CsvOptions.defaults()));
    assertEquals("line 3", e.location());
    assertTrue(e.getMessage().contains("never closed"), e.getMessage());
  }

  @Test
  void textAfterAClosingQuote() throws IOException {
    Path f = CsvTestSupport.write(dir, "q.csv", "a,b\n1,\"x\"y\n");
    DataException e = readFails(CsvSource.of(f.toString(), CsvOptions.defaults()));
    assertEquals("line 2", e.location());
    assertTrue(e.getMessage().contains("must be doubled"), e.getMessage());
  }

  @Test
  void invalidUtf8NamesLineAndColumn() throws IOException {
    Path f = dir.resolve("u.csv");
    byte[] bad = {'a', ',', 'b', '\n', '1', ',', 'o', 'k', '\n', '2', ',', 'x', (byte) 0xC3,
        (byte) 0x28, '\n'};
    Files.write(f, bad);
    DataException e = readFails(CsvSource.of(f.toString(), CsvOptions.defaults()));
    assertEquals("line 3", e.location());
    assertEquals("b", e.column());
    assertTrue(e.getMessage().contains("invalid UTF-8"), e.getMessage());
  }

  @Test
  void headerDifferingBetweenGlobFilesNamesTheFileAndBothHeaders() throws IOException {
    CsvTestSupport.write(dir, "2024-01.csv", "a,b\n1,2\n");
    Path other = CsvTestSupport.write(dir, "2024-02.csv", "a,c\n3,4\n");
    DataException e = assertThrows(DataException.class,
        () -> CsvSource.of(dir + "/2024-*.csv", CsvOptions.defaults()));
    assertEquals(other.toString(), e.file());
    assertTrue(e.getMessage().contains("a,c") && e.getMessage().contains("a,b"), e.getMessage());
  }

  @Test
  void emptyFileHasNoHeader() throws IOException {
    Path f = CsvTestSupport.write(dir, "e.csv", "");
    DataException e = assertThrows(DataException.class,
        () -> CsvSource.of(f.toString(), CsvOptions.defaults()));
    assertEquals(f.toString(), e.file());
    assertTrue(e.getMessage().contains("empty file, no header"), e.getMessage());
  }

  @Test
  void dtypeForAMissingColumnListsTheColumns() throws IOException {
    Path f = CsvTestSupport.write(dir, "m.csv", "a,b\n1,2\n");
    DataException e = assertThrows(DataException.class,
        () -> CsvSource.of(f.toString(), CsvOptions.defaults().dtype("z", CsvType.STRING)));
    assertEquals("z", e.column());
    assertTrue(e.getMessage().contains("a, b"), e.getMessage());
  }

  @Test
  void quotedLineBreakPastTheSampleFailsTheSplitLoudly() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 2000; i++) {
      sb.append(i).append(",plain\n");
    }
    int at = sb.length();
    sb.append("9,\"two\nlines\"\n");
    for (int i = 0; i < 100; i++) {
      sb.append(i).append(",plain\n");
    }
    Path f = CsvTestSupport.write(dir, "m.csv", sb.toString());
    CsvSource s = CsvSource.of(f.toString(), CsvOptions.defaults().sampleBytes(1000)
        .blockSize(at + 5));
    assertEquals(2, s.partitions().size());
    DataException e = readFails(s);
    assertTrue(e.getMessage().contains("CsvOptions.blockSize(Long.MAX_VALUE)"), e.getMessage());
    assertEquals("line 2002", e.location());
    CsvSource whole = CsvSource.of(f.toString(), CsvOptions.defaults().sampleBytes(1000)
        .blockSize(Long.MAX_VALUE));
    try (RootAllocator a = new RootAllocator()) {
      assertEquals(2101, CsvTestSupport.readAll(whole, a).size());
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"gz,TRUNCATED", "gz,CORRUPT", "zst,TRUNCATED", "zst,CORRUPT", "bz2,TRUNCATED",
      "bz2,CORRUPT"})
  void aDamagedArchiveNamesTheFileAndTheCompressedOffset(String ext, Damage damage)
      throws IOException {
    byte[] text = Compressed.lines("id,word", 60_000, i -> i + ",w" + Integer.toHexString(i * 7919));
    Path f = Compressed.writeDamaged(dir.resolve("d.csv." + ext), text, damage);
    DataException e;
    try (RootAllocator a = new RootAllocator()) {
      e = assertThrows(DataException.class, () -> CsvTestSupport.readAll(
          CsvSource.of(f.toString(), CsvOptions.defaults()), a));
    }
    Compressed.assertNamesFileAndOffset(e, f);
  }
}
