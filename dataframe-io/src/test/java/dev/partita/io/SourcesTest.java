package dev.partita.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.csv.CsvSource;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
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
  void anUnknownExtensionNamesTheReaders() throws IOException {
    Path f = dir.resolve("data.json");
    Files.writeString(f, "{}");
    DataException e = assertThrows(DataException.class, () -> Sources.open(f.toString()));
    assertEquals(f.toString(), e.file());
    assertTrue(e.getMessage().contains("readCsv") && e.getMessage().contains("readParquet")
        && e.getMessage().contains(".parquet"), e.getMessage());
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
