package dev.partita.io.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Source;
import dev.partita.io.Sources;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write modes, crash points and recovery of {@link OutputTarget}, through java.nio (plain paths) and
 * Hadoop's file system ({@code file://} URIs), each read back as a reader would.
 */
class OutputTargetTest {

  private static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  @TempDir
  Path root;

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  /** The target {@code name} under the temporary directory, as a plain path or a file:// URI. */
  private String target(String name, boolean hadoop) {
    Path p = root.resolve(name);
    return hadoop ? p.toUri().toString() : p.toString();
  }

  /** Writes part {@code part} holding ids {@code from} to {@code from + rows - 1}. */
  private long writePart(OutputTarget t, int part, long from, int rows) throws IOException {
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
        PartWriter w = t.part(part, SCHEMA)) {
      BigIntVector id = (BigIntVector) batch.getVector(0);
      id.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        id.set(i, from + i);
      }
      batch.setRowCount(rows);
      w.write(batch);
      w.commit();
    }
    return rows;
  }

  /** A complete write of {@code parts} parts of 10 rows each, ids from {@code from}. */
  private OutputTarget write(String dir, WriteMode mode, int parts, long from) throws IOException {
    OutputTarget t = OutputTarget.parquet(dir, mode);
    t.begin();
    List<Long> rows = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      rows.add(writePart(t, p, from + 10L * p, 10));
    }
    assertEquals(10L * parts, t.commit(rows));
    return t;
  }

  private static List<Long> ids(long from, int count) {
    return LongStream.range(from, from + count).boxed().toList();
  }

  /**
   * Every id a reader of {@code dir} sees, in the order it reads them; empty when nothing is there. A
   * file:// target is read through its local path: Storage opens what Hadoop lists as {@code file:/x}
   * as a relative local path.
   */
  private List<Long> read(String dir) throws IOException {
    List<Long> ids = new ArrayList<>();
    Path local = Storage.isLocal(dir) ? Path.of(dir) : Path.of(URI.create(dir));
    if (!Files.isDirectory(local)) {
      return ids;
    }
    Source source = Sources.open(local.toString());
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, ReadSpec.columns("id"), allocator)) {
        for (VectorSchemaRoot next = r.next(); next != null; next = r.next()) {
          try (VectorSchemaRoot b = next) {
            BigIntVector id = (BigIntVector) b.getVector(0);
            for (int i = 0; i < b.getRowCount(); i++) {
              ids.add(id.get(i));
            }
          }
        }
      }
    }
    return ids;
  }

  /** The names in {@code dir} but hidden ones (such as the checksum files of Hadoop's local file system). */
  private List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  /** What writes to {@code name} left next to it: nothing once each is committed or rolled back. */
  private List<String> leftovers(String name) throws IOException {
    try (Stream<Path> files = Files.list(root)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("." + name + ".partita-"))
          .toList();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void errorWritesANewOrEmptyDirectoryAndRefusesOneHoldingData(boolean hadoop) throws IOException {
    String out = target("out", hadoop);
    write(out, WriteMode.ERROR, 2, 0);
    assertEquals(ids(0, 20), read(out));
    assertEquals(List.of("_SUCCESS", "part-00000.parquet", "part-00001.parquet"), names(root.resolve("out")));

    OutputTarget again = OutputTarget.parquet(out, WriteMode.ERROR);
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, again::begin);
    assertEquals(out + ": already holds data (3 entries: _SUCCESS, part-00000.parquet,"
        + " part-00001.parquet); write to another directory, or say what to do with it:"
        + " mode(\"overwrite\") replaces it, mode(\"append\") adds parts (CLI: --mode overwrite,"
        + " --mode append)", e.getMessage());
    assertEquals(ids(0, 20), read(out));
    assertEquals(List.of(), leftovers("out"));

    Files.createDirectories(root.resolve("empty"));
    Files.writeString(root.resolve("empty/.keep"), "");
    write(target("empty", hadoop), WriteMode.ERROR, 1, 50);
    assertEquals(ids(50, 10), read(target("empty", hadoop)));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void overwriteLeavesNoOldPartBehind(boolean hadoop) throws IOException {
    String out = target("out", hadoop);
    write(out, WriteMode.ERROR, 8, 0);
    write(out, WriteMode.OVERWRITE, 1, 1000);
    assertEquals(ids(1000, 10), read(out));
    assertEquals(List.of("_SUCCESS", "part-00000.parquet"), names(root.resolve("out")));
    assertEquals(List.of(), leftovers("out"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void appendAddsPartsUnderFreshNamesReadAfterTheOlderOnes(boolean hadoop) throws IOException {
    String out = target("out", hadoop);
    write(out, WriteMode.ERROR, 2, 0);
    OutputTarget first = write(out, WriteMode.APPEND, 2, 100);
    OutputTarget second = write(out, WriteMode.APPEND, 1, 200);
    List<Long> expected = new ArrayList<>(ids(0, 20));
    expected.addAll(ids(100, 20));
    expected.addAll(ids(200, 10));
    assertEquals(expected, read(out));
    assertEquals(List.of("_SUCCESS", "part-00000.parquet", "part-00001.parquet",
        "part-" + first.writeId() + "-00000.parquet", "part-" + first.writeId() + "-00001.parquet",
        "part-" + second.writeId() + "-00000.parquet"), names(root.resolve("out")));
    assertEquals(List.of(), leftovers("out"));
    write(target("fresh", hadoop), WriteMode.APPEND, 1, 7);
    assertEquals(ids(7, 10), read(target("fresh", hadoop)));
  }

  @Test
  void aFileIsRefusedByErrorAndAppendAndReplacedByOverwrite() throws IOException {
    Path file = Files.writeString(root.resolve("out"), "not a directory");
    FileAlreadyExistsException error = assertThrows(FileAlreadyExistsException.class,
        () -> OutputTarget.parquet(file.toString(), WriteMode.ERROR).begin());
    assertEquals(file + ": is a file; write the directory elsewhere, or replace the file with"
        + " mode(\"overwrite\") (CLI: --mode overwrite)", error.getMessage());
    FileAlreadyExistsException append = assertThrows(FileAlreadyExistsException.class,
        () -> OutputTarget.parquet(file.toString(), WriteMode.APPEND).begin());
    assertEquals(file + ": is a file, and append adds parts to a directory; write the directory"
        + " elsewhere, or replace the file with mode(\"overwrite\") (CLI: --mode overwrite)",
        append.getMessage());
    assertEquals("not a directory", Files.readString(file));
    write(file.toString(), WriteMode.OVERWRITE, 1, 0);
    assertEquals(ids(0, 10), read(file.toString()));
  }

  @Test
  void aSingleFileIsRefusedUnlessOverwriteAndNeverAppendedTo() throws IOException {
    String file = root.resolve("one.csv").toString();
    try (PartWriter w = Sinks.csvFile(file, SCHEMA, WriteMode.ERROR)) {
      w.commit();
    }
    assertEquals("id\n", Files.readString(Path.of(file)));
    FileAlreadyExistsException error = assertThrows(FileAlreadyExistsException.class,
        () -> Sinks.csvFile(file, SCHEMA, WriteMode.ERROR));
    assertEquals(file + ": exists; write with mode(\"overwrite\") to replace it (CLI: --mode"
        + " overwrite)", error.getMessage());
    FileAlreadyExistsException append = assertThrows(FileAlreadyExistsException.class,
        () -> Sinks.parquetFile(file, SCHEMA, ParquetWriteOptions.defaults(), WriteMode.APPEND));
    assertEquals(file + ": exists, and a single file is written whole, never appended to; write a"
        + " directory of parts to append, or replace the file with mode(\"overwrite\") (CLI: --mode"
        + " overwrite)", append.getMessage());
    FileAlreadyExistsException dir = assertThrows(FileAlreadyExistsException.class,
        () -> Sinks.csvFile(root.toString(), SCHEMA, WriteMode.OVERWRITE));
    assertTrue(dir.getMessage().endsWith(": is a directory; name a file to write one, or write a"
        + " directory of parts"), dir.getMessage());
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
        PartWriter w = Sinks.csvFile(file, SCHEMA, WriteMode.OVERWRITE)) {
      ((BigIntVector) batch.getVector(0)).allocateNew(1);
      ((BigIntVector) batch.getVector(0)).set(0, 42);
      batch.setRowCount(1);
      w.write(batch);
      w.commit();
    }
    assertEquals("id\n42\n", Files.readString(Path.of(file)));
  }

  /**
   * Stops the commit of a write of 2 new parts over 3 old ones after each of its steps in turn (0:
   * after everything before the commit point), as a crash would: a reader then sees the old parts or
   * the new (overwrite: or, between the two renames, nothing; append: the old and some of the new),
   * and recovery leaves the new when the commit marker was created, else the old, and nothing else.
   */
  @ParameterizedTest
  @ValueSource(strings = {"overwrite/local", "overwrite/hadoop", "append/local", "append/hadoop",
      "error/local"})
  void aCrashAfterAnyStepLeavesTheOldOrTheNewAndRecoveryResolvesIt(String modeAndFs) throws IOException {
    WriteMode mode = WriteMode.parse(modeAndFs.substring(0, modeAndFs.indexOf('/')));
    boolean hadoop = modeAndFs.endsWith("hadoop");
    List<Long> old = mode == WriteMode.ERROR ? List.of() : ids(0, 30);
    List<Long> added = ids(500, 20);
    List<Long> after = new ArrayList<>(mode == WriteMode.APPEND ? old : List.of());
    after.addAll(added);
    for (int crashAfter = 0; ; crashAfter++) {
      String name = "out" + crashAfter;
      String out = target(name, hadoop);
      if (mode != WriteMode.ERROR) {
        write(out, WriteMode.ERROR, 3, 0);
      }
      OutputTarget t = OutputTarget.parquet(out, mode);
      t.begin();
      writePart(t, 1, 510, 10);
      writePart(t, 0, 500, 10);
      Commit commit = new Commit(Commit.Place.of(out), Dirs.of(out), t.writeId(), mode);
      commit.prepare(2, t::partName);
      List<Commit.Step> steps = commit.steps();
      for (Commit.Step step : steps.subList(0, crashAfter)) {
        step.run();
      }
      List<Long> seen = read(out);
      String when = crashAfter == 0 ? "before the commit point"
          : "after '" + steps.get(crashAfter - 1).what() + "'";
      if (mode == WriteMode.APPEND) {
        assertTrue(seen.subList(0, old.size()).equals(old) && added.containsAll(seen.subList(old.size(),
            seen.size())), when + " a reader saw " + seen);
      } else {
        assertTrue(seen.equals(old) || seen.equals(after) || seen.isEmpty(),
            when + " a reader saw " + seen);
      }
      List<String> resolved = OutputTarget.recover(out);
      assertEquals(crashAfter == 0 ? old : after, read(out), "recovered " + when + ": " + resolved);
      assertEquals(List.of(), leftovers(name), when);
      if (crashAfter == steps.size()) {
        assertEquals(List.of(), resolved, "the whole commit left nothing to recover");
        break;
      }
      assertEquals(List.of((crashAfter == 0 ? "rolled back write " : "finished write ") + t.writeId()),
          resolved.stream().map(r -> r.substring(0, r.indexOf(" to '"))).toList());
    }
  }

  @Test
  void theNextWriteRecoversACrashedOneFirst() throws IOException {
    String out = target("out", false);
    write(out, WriteMode.ERROR, 3, 0);
    OutputTarget crashed = OutputTarget.parquet(out, WriteMode.OVERWRITE);
    crashed.begin();
    writePart(crashed, 0, 500, 10);
    Commit commit = new Commit(Commit.Place.of(out), Dirs.of(out), crashed.writeId(), WriteMode.OVERWRITE);
    commit.prepare(1, crashed::partName);
    List<Commit.Step> steps = commit.steps();
    for (Commit.Step step : steps.subList(0, 2)) {
      step.run();
    }
    assertEquals(List.of(), read(out));
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> OutputTarget.parquet(out, WriteMode.ERROR).begin());
    assertTrue(e.getMessage().contains("already holds data (2 entries: _SUCCESS, part-00000.parquet)"),
        e.getMessage());
    assertEquals(ids(500, 10), read(out));
    assertEquals(List.of(), leftovers("out"));
  }

  @Test
  void partsWrittenConcurrentlyInAnyOrderAllCommit() throws Exception {
    String out = target("out", false);
    OutputTarget t = OutputTarget.parquet(out, WriteMode.ERROR);
    t.begin();
    List<Integer> order = new ArrayList<>();
    for (int p = 0; p < 24; p++) {
      order.add(p);
    }
    Collections.shuffle(order, new Random(17));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Long>> written = new ArrayList<>();
      for (int p : order) {
        written.add(pool.submit(() -> writePart(t, p, 100L * p, 1 + p)));
      }
      for (Future<Long> f : written) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    List<Long> rows = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (int p = 0; p < 24; p++) {
      rows.add(1L + p);
      expected.addAll(ids(100L * p, 1 + p));
    }
    assertEquals(300, t.commit(rows));
    assertEquals(expected, read(out));
  }

  @Test
  void aMissingPartStopsTheCommitAndAbortDropsTheWrite() throws IOException {
    String out = target("out", false);
    write(out, WriteMode.ERROR, 1, 0);
    OutputTarget t = OutputTarget.parquet(out, WriteMode.OVERWRITE);
    t.begin();
    writePart(t, 0, 100, 10);
    writePart(t, 2, 120, 10);
    IOException e = assertThrows(IOException.class, () -> t.commit(List.of(10L, 10L, 10L)));
    assertTrue(e.getMessage().startsWith("cannot commit write " + t.writeId() + " to '" + root.resolve("out")
        + "': part(s) [1] of 3 are missing from its staging directory"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(their tasks did not commit); abort() it and write again"),
        e.getMessage());
    assertEquals(ids(0, 10), read(out));
    t.abort();
    t.abort();
    assertEquals(List.of(), leftovers("out"));
    FileNotFoundException late = assertThrows(FileNotFoundException.class, () -> t.part(1, SCHEMA));
    assertTrue(late.getMessage().contains("is not under way"), late.getMessage());
    assertEquals(ids(0, 10), read(out));
  }

  @Test
  void aWriteThatBeginsRollsBackAnUncommittedOneToTheSameTarget() throws IOException {
    String out = target("out", false);
    OutputTarget first = OutputTarget.parquet(out, WriteMode.OVERWRITE);
    first.begin();
    writePart(first, 0, 0, 10);
    write(out, WriteMode.OVERWRITE, 1, 100);
    FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> first.commit(List.of(10L)));
    assertTrue(e.getMessage().contains("rolled back by a later write to the same directory"), e.getMessage());
    assertEquals(ids(100, 10), read(out));
  }

  @Test
  void errorModeChecksAgainAtCommit() throws IOException {
    String out = target("out", false);
    OutputTarget t = OutputTarget.parquet(out, WriteMode.ERROR);
    t.begin();
    writePart(t, 0, 0, 10);
    Files.createDirectories(root.resolve("out"));
    Files.writeString(root.resolve("out/data.csv"), "id\n7\n");
    assertThrows(FileAlreadyExistsException.class, () -> t.commit(List.of(10L)));
    t.abort();
    assertEquals(List.of("data.csv"), names(root.resolve("out")));
    assertEquals(List.of(), leftovers("out"));
  }

  @Test
  void readersOfTheParentSeeNoStagedPart() throws IOException {
    Files.writeString(root.resolve("visible.csv"), "id\n1\n");
    OutputTarget t = OutputTarget.parquet(target("out", false), WriteMode.ERROR);
    t.begin();
    writePart(t, 0, 0, 10);
    assertEquals(List.of(root.resolve("visible.csv").toString()),
        Storage.list(root.toString()).stream().map(DataFile::path).toList());
    assertEquals(List.of(root.resolve("visible.csv").toString()),
        Storage.list(root.toUri().toString()).stream().map(f -> Path.of(URI.create(f.path())).toString())
            .toList());
  }

  @Test
  void aTargetTravelsSerializedAndWritesItsPartFromThere() throws Exception {
    String out = target("out", false);
    OutputTarget t = OutputTarget.csv(out, WriteMode.ERROR);
    t.begin();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(t);
    }
    OutputTarget copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (OutputTarget) in.readObject();
    }
    assertEquals(t, copy);
    writePart(copy, 0, 0, 3);
    assertEquals(3, t.commit(List.of(3L)));
    assertEquals("id\n0\n1\n2\n", Files.readString(root.resolve("out/part-00000.csv")));
  }

  @Test
  void textPartsHoldOneLinePerValueAndReadBackAsLines() throws IOException {
    Schema lines = new Schema(List.of(new Field("line", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    List<String> values = new ArrayList<>();
    Random random = new Random(18);
    for (int i = 0; i < 500; i++) {
      values.add(i % 50 == 7 ? null : "l\u00e9" + i + " " + "x".repeat(random.nextInt(30)));
    }
    String out = target("out", false);
    for (WriteMode mode : List.of(WriteMode.ERROR, WriteMode.APPEND)) {
      OutputTarget t = OutputTarget.text(out, mode);
      t.begin();
      try (VectorSchemaRoot batch = VectorSchemaRoot.create(lines, allocator); PartWriter w = t.part(0, lines)) {
        VarCharVector v = (VarCharVector) batch.getVector(0);
        v.allocateNew();
        for (int i = 0; i < values.size(); i++) {
          if (values.get(i) != null) {
            v.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
          }
        }
        batch.setRowCount(values.size());
        w.write(batch);
        w.commit();
      }
      t.commit(List.of((long) values.size()));
    }
    List<String> expected = new ArrayList<>();
    for (int copy = 0; copy < 2; copy++) {
      values.forEach(x -> expected.add(x == null ? "" : x));
    }
    Source source = Sources.open(out);
    List<String> read = new ArrayList<>();
    for (Partition p : source.partitions()) {
      try (BatchReader r = source.open(p, ReadSpec.columns("line"), allocator)) {
        for (VectorSchemaRoot next = r.next(); next != null; next = r.next()) {
          try (VectorSchemaRoot b = next) {
            for (int i = 0; i < b.getRowCount(); i++) {
              read.add(b.getVector(0).getObject(i).toString());
            }
          }
        }
      }
    }
    assertEquals(expected, read);
    OutputTarget numbers = OutputTarget.text(target("other", false), WriteMode.ERROR);
    numbers.begin();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numbers.part(0, SCHEMA));
    assertTrue(e.getMessage().startsWith("a text file is written from one string column"), e.getMessage());
    numbers.abort();
  }

  @Test
  void modesAreParsedByNameAndAnUnknownOneIsNamed() {
    assertEquals(WriteMode.OVERWRITE, WriteMode.parse("Overwrite"));
    assertEquals(WriteMode.APPEND, WriteMode.parse("append"));
    assertEquals(WriteMode.ERROR, WriteMode.parse("error"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WriteMode.parse("replace"));
    assertEquals("unknown write mode 'replace': use error (the default: refuse a target that holds data),"
        + " overwrite or append", e.getMessage());
    IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
        () -> new OutputTarget("out", OutputTarget.Format.CSV, ParquetWriteOptions.defaults(),
            WriteMode.ERROR, "../x"));
    assertEquals("not a write id: '../x'", id.getMessage());
  }
}
