package dev.partita.io.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.DataException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Storage#list} reports of a directory: which files, and how a file is identified. */
class StorageListTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void filesUnderHiddenDirectoriesAreNotData(boolean hadoop) throws IOException {
    for (String f : List.of("a.csv", "sub/b.csv", "_SUCCESS", ".a.csv.tmp-1", "_staging/c.csv",
        ".out.partita-w0/part-00000.csv", "sub/_temporary/0/d.csv", "sub/.hidden/e.csv")) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), "x\n1\n");
    }
    String listed = hadoop ? dir.toUri().toString() : dir.toString();
    List<String> files = Storage.list(listed).stream()
        .map(f -> dir.relativize(hadoop ? Path.of(URI.create(f.path())) : Path.of(f.path())).toString())
        .toList();
    assertEquals(List.of("a.csv", "sub/b.csv"), files);
  }

  @Test
  void aFileRewrittenWithItsSizeAndTimeKeptIsAnotherFile() throws IOException {
    Path f = dir.resolve("data.csv");
    byte[] bytes = new byte[300 << 10];
    new Random(5).nextBytes(bytes);
    Files.write(f, bytes);
    Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_000_000L));
    DataFile before = Storage.list(f.toString()).get(0);
    assertEquals(before, Storage.list(f.toString()).get(0));

    for (long at : new long[] {10, bytes.length - 10}) {
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.seek(at);
        int b = raf.readByte();
        raf.seek(at);
        raf.write(b ^ 1);
      }
      Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_000_000L));
      DataFile after = Storage.list(f.toString()).get(0);
      assertEquals(before.size(), after.size());
      assertEquals(before.modifiedMillis(), after.modifiedMillis());
      assertNotEquals(before.fingerprint(), after.fingerprint(), "a change at byte " + at);
      before = after;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3a://bucket/logs/*.csv", "s3://bucket/x.csv", "nosuch://host/x.csv"})
  void aSchemeWithoutItsFileSystemSaysWhatToInstall(String uri) {
    DataException e = assertThrows(DataException.class, () -> Storage.list(uri));
    String scheme = uri.substring(0, uri.indexOf(':'));
    assertEquals(uri, e.file());
    assertTrue(e.getMessage().contains("no file system for '" + scheme + "://'"), e.getMessage());
    assertTrue(e.getMessage().contains(scheme.startsWith("s3") ? "hadoop-aws" : "PARTITA_CLASSPATH"), e.getMessage());
  }
}
