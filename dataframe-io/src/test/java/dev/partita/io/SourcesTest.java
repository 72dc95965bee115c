package dev.partita.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.csv.CsvSource;
import dev.partita.io.fs.Compressed;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import dev.partita.io.text.JsonSource;
import dev.partita.io.text.TextSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SourcesTest {

  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("sources");
  }

  @AfterEach
  void tearDown() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void parquet(String dirName, int part) throws IOException {
    Schema schema = new Schema(List.of(
        new Field("x", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    try (PartWriter w = Sinks.parquet(dir.resolve(dirName).toString(), part, schema,
        ParquetWriteOptions.defaults())) {
      w.commit();
    }
  }

  @Test
  void filesDirectoriesAndGlobsAreReadByExtension() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "x,y\n1,2\n");
    Files.writeString(dir.resolve("b.tsv"), "x\ty\n1\t2\n");
    parquet("pq", 0);
    parquet("pq", 1);
    assertInstanceOf(CsvSource.class, Sources.open(dir.resolve("a.csv").toString()));
    Source tsv = Sources.open(dir.resolve("b.tsv").toString());
    assertEquals(2, tsv.schema().getFields().size(), "split at tabs");
    assertInstanceOf(ParquetSource.class, Sources.open(dir.resolve("pq").toString()));
    assertInstanceOf(ParquetSource.class, Sources.open(dir + "/pq/*.parquet"));
  }

  @Test
  void textAndJsonLinesPlainOrCompressedAreReadByExtension() throws IOException {
    byte[] json = "{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8);
    for (String name : List.of("e.jsonl", "e.ndjson", "e.json", "e.jsonl.gz", "e.ndjson.zst",
        "e.json.bz2")) {
      Compressed.write(dir.resolve(name), json);
      assertInstanceOf(JsonSource.class, Sources.open(dir.resolve(name).toString()), name);
    }
    for (String name : List.of("l.txt", "l.log", "l.log.gz", "l.txt.zst", "l.log.bz2")) {
      Compressed.write(dir.resolve(name), json);
      assertInstanceOf(TextSource.class, Sources.open(dir.resolve(name).toString()), name);
    }
    Compressed.write(dir.resolve("c.csv.bz2"), "x\n1\n".getBytes(StandardCharsets.UTF_8));
    assertInstanceOf(CsvSource.class, Sources.open(dir.resolve("c.csv.bz2").toString()));
    assertInstanceOf(JsonSource.class, Sources.open(dir + "/e.*"));
  }

  @Test
  void anUnknownExtensionNamesTheReaders() throws IOException {
    for (String name : List.of("data.xml", "data.parquet.gz", "noextension")) {
      Path f = dir.resolve(name);
      Files.writeString(f, "{}");
      DataException e = assertThrows(DataException.class, () -> Sources.open(f.toString()));
      assertEquals(f.toString(), e.file());
      assertTrue(e.getMessage().contains("readCsv") && e.getMessage().contains("readParquet")
          && e.getMessage().contains(".parquet") && e.getMessage().contains(".jsonl")
          && e.getMessage().contains(".log") && e.getMessage().contains(".bz2"), e.getMessage());
    }
  }

  @Test
  void aDirectoryMixingFormatsNamesTwoFiles() throws IOException {
    parquet("mixed", 0);
    Files.writeString(dir.resolve("mixed/part-00001.csv"), "x\n1\n");
    DataException e = assertThrows(DataException.class,
        () -> Sources.open(dir.resolve("mixed").toString()));
    assertTrue(e.getMessage().contains("part-00000.parquet is Parquet")
        && e.getMessage().contains("part-00001.csv is CSV"), e.getMessage());
  }
}
