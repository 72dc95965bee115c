package dev.partita.io.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Source;
import dev.partita.io.Sources;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvSource;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import dev.partita.io.text.JsonSource;
import dev.partita.io.text.TextSource;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every remote store must do: read globs of CSV, Parquet, JSON lines and text files exactly as
 * the same files read locally, write parts that appear whole on commit and not at all without it,
 * and name remote files, never credentials, in errors. A subclass starts the store and says where.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RemoteStorageContract {

  private Path local;

  /** Starts the store. */
  abstract void start() throws Exception;

  /** Stops the store. */
  abstract void stop() throws Exception;

  /** Where the test writes on the store, e.g. {@code s3a://bucket/run}. */
  abstract String base();

  /** Strings that must never appear in an error message, e.g. the secret key. */
  abstract List<String> secrets();

  /**
   * Whether a committed output is renamed from a temporary name (HDFS) rather than uploaded under
   * its final name (S3, whose rename is a copy).
   */
  abstract boolean renamesOnCommit();

  @BeforeAll
  void setUp() throws Exception {
    local = Files.createTempDirectory("remote-local");
    start();
    upload();
  }

  @AfterAll
  void tearDown() throws Exception {
    try {
      stop();
    } finally {
      Storage.deleteRecursively(local.toString());
    }
  }

  private void upload() throws IOException {
    Random r = new Random(4);
    for (String name : List.of("a", "b")) {
      StringBuilder csv = new StringBuilder("id,name,v\n");
      StringBuilder json = new StringBuilder();
      StringBuilder log = new StringBuilder();
      for (int i = 0; i < 3000; i++) {
        int id = r.nextInt(1_000_000);
        String v = r.nextInt(10) == 0 ? "" : String.valueOf(r.nextInt(100_000) / 100.0);
        csv.append(id).append(",n").append(r.nextInt(50)).append(',').append(v).append('\n');
        json.append("{\"id\": ").append(id).append(", \"user\": {\"name\": \"u").append(i % 7)
            .append("\"}, \"ok\": ").append(r.nextBoolean()).append("}\n");
        log.append("127.0.0.1 - - \"GET /p/").append(i).append("\" ").append(i % 9 == 0 ? 404 : 200)
            .append('\n');
      }
      write("csv/" + name + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8));
      write("json/" + name + ".jsonl.gz", gzip(json.toString()));
      write("logs/" + name + ".log.gz", gzip(log.toString()));
    }
    byte[] cut = gzip("{\"id\": 1}\n".repeat(20_000));
    write("broken/cut.jsonl.gz", Arrays.copyOf(cut, cut.length / 2));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buf)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return buf.toByteArray();
  }

  /** Writes the file locally and, through {@link Storage#createAtomically}, to the store. */
  private void write(String relative, byte[] bytes) throws IOException {
    Path f = local.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.write(f, bytes);
    int slash = relative.lastIndexOf('/');
    try (Storage.AtomicOutput out = Storage.createAtomically(base() + "/"
        + relative.substring(0, slash), relative.substring(slash + 1))) {
      out.stream().write(bytes);
      out.commit();
    }
  }

  /** Every row of every partition, all columns, in order. */
  static List<List<Object>> rows(Source s) throws IOException {
    List<String> columns = s.schema().getFields().stream().map(f -> f.getName()).toList();
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator()) {
      for (Partition p : s.partitions()) {
        try (BatchReader r = s.open(p, ReadSpec.columns(columns), a)) {
          for (VectorSchemaRoot next; (next = r.next()) != null; ) {
            try (VectorSchemaRoot b = next) {
              for (int i = 0; i < b.getRowCount(); i++) {
                List<Object> row = new ArrayList<>();
                for (FieldVector v : b.getFieldVectors()) {
                  Object o = v.getObject(i);
                  row.add(o instanceof Text t ? t.toString() : o);
                }
                rows.add(row);
              }
            }
          }
        }
      }
    }
    return rows;
  }

  @Test
  void globsOfCsvJsonLinesAndTextReadAsTheSameFilesLocally() throws IOException {
    Source csv = Sources.open(base() + "/csv/*.csv");
    assertInstanceOf(CsvSource.class, csv);
    assertEquals(rows(Sources.open(local + "/csv/*.csv")), rows(csv));
    assertEquals(6000, rows(csv).size());

    CsvSource split = CsvSource.of(base() + "/csv/*.csv", CsvOptions.defaults().blockSize(5000));
    assertTrue(split.partitions().size() > 10, "byte ranges of remote files");
    assertEquals(rows(csv), rows(split));

    Source json = Sources.open(base() + "/json/*.jsonl.gz");
    assertInstanceOf(JsonSource.class, json);
    assertEquals(List.of("id", "user.name", "ok"), json.schema().getFields().stream()
        .map(f -> f.getName()).toList());
    assertEquals(rows(Sources.open(local + "/json/*.jsonl.gz")), rows(json));

    Source logs = Sources.open(base() + "/logs");
    assertInstanceOf(TextSource.class, logs);
    List<List<Object>> lines = rows(logs);
    assertEquals(rows(TextSource.of(local + "/logs")), lines);
    assertEquals(6000, lines.size());
  }

  @Test
  void parquetPartsWrittenThereReadBackWithTheirSuccessMarkerLeftOut() throws IOException {
    String dir = base() + "/parquet";
    Source csv = Sources.open(local + "/csv/*.csv");
    try (BufferAllocator a = new RootAllocator()) {
      int part = 0;
      for (Partition p : csv.partitions()) {
        try (PartWriter w = Sinks.parquet(dir, part++, csv.schema(),
            ParquetWriteOptions.defaults());
            BatchReader r = csv.open(p, ReadSpec.columns(List.of("id", "name", "v")), a)) {
          for (VectorSchemaRoot next; (next = r.next()) != null; ) {
            try (VectorSchemaRoot b = next) {
              w.write(b);
            }
          }
          w.commit();
        }
      }
    }
    Sinks.markSuccess(dir);
    List<DataFile> files = Storage.list(dir);
    assertEquals(2, files.size(), files.toString());
    Source parquet = Sources.open(dir);
    assertInstanceOf(ParquetSource.class, parquet);
    assertEquals(rows(csv), rows(parquet));
    assertEquals(rows(parquet), rows(Sources.open(dir + "/part-*.parquet")));
  }

  @Test
  void anOutputAppearsWholeOnCommitAndNotAtAllWithout() throws IOException {
    String dir = base() + "/out";
    byte[] bytes = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    try (Storage.AtomicOutput out = Storage.createAtomically(dir, "dropped.bin")) {
      assertEquals(renamesOnCommit(), !out.tempPath().equals(out.path()), out.tempPath());
      out.stream().write(bytes);
    }
    FileSystem fs = Storage.hadoop(dir);
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(dir + "/dropped.bin")));
    assertThrows(FileNotFoundException.class, () -> Storage.list(dir));

    try (Storage.AtomicOutput out = Storage.createAtomically(dir, "kept.bin")) {
      out.stream().write(bytes);
      out.commit();
    }
    List<DataFile> files = Storage.list(dir);
    assertEquals(1, files.size(), files.toString());
    assertEquals(bytes.length, files.get(0).size());
    try (InputStream in = Storage.openStream(files.get(0), 0)) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
  }

  @Test
  void errorsNameTheRemoteFileAndNeverACredential() throws IOException {
    DataException cut = assertThrows(DataException.class,
        () -> rows(JsonSource.of(base() + "/broken/cut.jsonl.gz")));
    assertTrue(cut.file().endsWith("/broken/cut.jsonl.gz") && cut.file().contains("://"),
        cut.getMessage());
    assertTrue(cut.location().startsWith("compressed byte "), cut.getMessage());
    IOException missing = assertThrows(IOException.class,
        () -> Sources.open(base() + "/nothing/*.csv"));
    for (Throwable t : List.of(cut, missing)) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        for (String secret : secrets()) {
          assertFalse(String.valueOf(c.getMessage()).contains(secret), c.getMessage());
        }
      }
    }
  }
}
