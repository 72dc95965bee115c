package dev.partita.io.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {

  @TempDir
  Path dir;

  private static final byte[] TEXT = Compressed.lines(null, 5_000, i -> "line " + i);

  private static DataFile file(Path p) throws IOException {
    return Storage.list(p.toString()).get(0);
  }

  private static byte[] readAll(Path p) throws IOException {
    try (InputStream in = Compression.openStream(file(p))) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
  void aCompressedFileIsReadByItsNameAndByItsFirstBytes(Compression c) throws IOException {
    Path named = Compressed.write(dir.resolve("a.txt" + c.extension()), TEXT);
    Path plain = Files.write(dir.resolve("no-extension-" + c), Compressed.compress(c, TEXT));
    assertArrayEquals(TEXT, readAll(named));
    assertArrayEquals(TEXT, readAll(plain));
    assertEquals(c, Compression.detect(file(named)));
    assertEquals(c, Compression.detect(file(plain)));
  }

  @Test
  void concatenatedMembersAreReadToTheEnd() throws IOException {
    for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD,
        Compression.BZIP2}) {
      byte[] one = Compressed.compress(c, "a\n".getBytes(StandardCharsets.UTF_8));
      byte[] two = Compressed.compress(c, "b\n".getBytes(StandardCharsets.UTF_8));
      byte[] both = new byte[one.length + two.length];
      System.arraycopy(one, 0, both, 0, one.length);
      System.arraycopy(two, 0, both, one.length, two.length);
      Path p = Files.write(dir.resolve("two" + c.extension()), both);
      assertEquals("a\nb\n", new String(readAll(p), StandardCharsets.UTF_8), c.toString());
    }
  }

  @Test
  void plainTextIsNotMistakenForACompressedFile() throws IOException {
    Path p = Files.writeString(dir.resolve("log.txt"), "BZh is not bzip2\n");
    assertEquals(Compression.NONE, Compression.detect(file(p)));
    assertEquals("BZh is not bzip2\n", new String(readAll(p), StandardCharsets.UTF_8));
  }

  @Test
  void aGzNameOnAPlainFileIsAClearError() throws IOException {
    Path p = Files.writeString(dir.resolve("data.csv.gz"), "a,b\n1,2\n");
    DataException e = assertThrows(DataException.class, () -> readAll(p));
    assertEquals(p.toString(), e.file());
    assertTrue(e.getMessage().contains("does not start with the gzip signature 1f 8b 08")
        && e.getMessage().contains("61 2c 62 0a"), e.getMessage());
    assertTrue(e.hint().contains("without .gz"), e.getMessage());
  }

  @Test
  void aNameAndContentOfDifferentCompressionsAreNamedBoth() throws IOException {
    Path p = Files.write(dir.resolve("data.bz2"), Compressed.compress(Compression.ZSTD, TEXT));
    DataException e = assertThrows(DataException.class, () -> Compression.detect(file(p)));
    assertTrue(e.getMessage().contains("the name says bzip2")
        && e.getMessage().contains("which are zstd's"), e.getMessage());
  }

  @Test
  void anEmptyGzFileIsAClearError() throws IOException {
    Path p = Files.write(dir.resolve("empty.gz"), new byte[0]);
    DataException e = assertThrows(DataException.class, () -> readAll(p));
    assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
  void aCutShortFileSaysSoWithItsEndOffset(Compression c) throws IOException {
    Path p = Compressed.writeDamaged(dir.resolve("cut" + c.extension()), TEXT,
        Compressed.Damage.TRUNCATED);
    DataException e = assertThrows(DataException.class, () -> readAll(p));
    Compressed.assertNamesFileAndOffset(e, p);
    assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    long at = Long.parseLong(e.location().split(" ")[2]);
    assertTrue(at <= Files.size(p) && at > Files.size(p) / 2, e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
  void aDamagedFileSaysSoWithTheOffsetReached(Compression c) throws IOException {
    Path p = Compressed.writeDamaged(dir.resolve("bad" + c.extension()), TEXT,
        Compressed.Damage.CORRUPT);
    DataException e = assertThrows(DataException.class, () -> readAll(p));
    Compressed.assertNamesFileAndOffset(e, p);
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
  }
}
