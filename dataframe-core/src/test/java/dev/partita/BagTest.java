package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.summingLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.io.DataException;
import dev.partita.io.sink.WriteMode;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bag operation against plain Java streams over the same lines, read back with the JDK: a plain log
 * split into byte ranges, the same kind of log gzip-, zstd- and bzip2-compressed, and empty files (a 0-byte
 * file and a compressed file holding nothing), with one and with three threads.
 */
class BagTest {

  private static final long BLOCK = 64 << 10;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);

  @TempDir
  static Path dir;
  static String glob;
  static List<String> all;

  @BeforeAll
  static void logs() throws Exception {
    List<Path> files = List.of(
        LogFiles.write(dir.resolve("a.log"), 12_000, 1),
        LogFiles.write(dir.resolve("b.log.gz"), 9_000, 2),
        LogFiles.writeText(dir.resolve("c.log"), ""),
        LogFiles.write(dir.resolve("d.log.zst"), 7_000, 3),
        LogFiles.writeText(dir.resolve("e.log.gz"), ""),
        LogFiles.write(dir.resolve("f.log.bz2"), 5_000, 4));
    glob = dir + "/*.log*";
    all = LogFiles.lines(files);
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  private static Bag<String> lines() {
    return Bag.readText(glob, BLOCK);
  }

  private static ComputeOptions threads(int n) {
    return ComputeOptions.defaults().threads(n);
  }

  static String field(String line, int i) {
    return line.split(" ")[i];
  }

  @Test
  void partitionsAreByteRangesOfPlainFilesAndOneCompressedFileEach() throws Exception {
    long plain = Files.size(dir.resolve("a.log"));
    int ranges = (int) ((plain + BLOCK - 1) / BLOCK);
    assertTrue(ranges > 10, "the plain file should span many partitions");
    assertEquals(ranges + 4, lines().numPartitions(), "ranges of a.log, then b, d, e (empty, still one) and f");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void computeGivesEveryLineInFileOrder(int threads) {
    assertEquals(all, lines().compute(threads(threads)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void countAndFilteredCount(int threads) {
    assertEquals(all.size(), lines().count().compute(threads(threads)));
    assertEquals(all.stream().filter(l -> l.contains("\" 404 ")).count(),
        lines().filter(l -> l.contains("\" 404 ")).count().compute(threads(threads)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void frequenciesOfUrls(int threads) {
    Map<String, Long> expected = all.stream().collect(groupingBy(l -> field(l, 6), counting()));
    List<Map.Entry<String, Long>> got = lines().map(l -> field(l, 6)).frequencies().compute(threads(threads));
    assertEquals(expected.size(), got.size(), "one entry per distinct url");
    assertEquals(expected, toMap(got));
  }

  @Test
  void distinctClients() {
    List<String> got = lines().map(l -> field(l, 0)).distinct().compute(threads(3));
    assertEquals(all.stream().map(l -> field(l, 0)).distinct().sorted().toList(), got.stream().sorted().toList());
  }

  @Test
  void foldByStatusSumsTheBytes() {
    Map<String, Long> expected = all.stream()
        .collect(groupingBy(l -> field(l, 8), summingLong(BagTest::bytes)));
    Bag<Map.Entry<String, Long>> sums = lines().foldBy(l -> field(l, 8), 0L, (sum, l) -> sum + bytes(l), Long::sum);
    assertEquals(expected, toMap(sums.compute(threads(3))));
  }

  @Test
  void foldByWithAListAccumulatorKeepsEveryElementOfAKey() {
    Map<Integer, List<Integer>> expected = new HashMap<>();
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      numbers.add(i * 37 % 1001);
      expected.computeIfAbsent(numbers.get(i) % 7, k -> new ArrayList<>()).add(numbers.get(i));
    }
    Bag<Map.Entry<Integer, List<Integer>>> groups = Bag.from(numbers, 6).foldBy(x -> x % 7, List.<Integer>of(),
        (list, x) -> append(list, List.of(x)), BagTest::append);
    Map<Integer, List<Integer>> got = toMap(groups.compute(threads(2)));
    got.replaceAll((k, v) -> v.stream().sorted().toList());
    expected.replaceAll((k, v) -> v.stream().sorted().toList());
    assertEquals(expected, got);
  }

  private static <T> List<T> append(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void topKOfFrequenciesIsTheLargestCountsLargestFirst() {
    Map<String, Long> counts = all.stream().collect(groupingBy(l -> field(l, 6), counting()));
    List<Map.Entry<String, Long>> top = lines().map(l -> field(l, 6)).frequencies()
        .topK(5, Map.Entry.comparingByValue()).compute(threads(3));
    assertEquals(counts.values().stream().sorted(Comparator.reverseOrder()).limit(5).toList(),
        top.stream().map(Map.Entry::getValue).toList());
    for (Map.Entry<String, Long> e : top) {
      assertEquals(counts.get(e.getKey()), e.getValue(), e.getKey());
    }
  }

  @Test
  void topKWithALambdaOrderAndMoreThanThereAre() {
    List<Integer> numbers = List.of(5, 3, 9, 1, 7, 3, 8);
    assertEquals(List.of(1, 3, 3), Bag.from(numbers, 3).topK(3, (a, b) -> Integer.compare(b, a)).compute());
    assertEquals(numbers.stream().sorted(Comparator.reverseOrder()).toList(),
        Bag.from(numbers, 2).topK(100, Comparator.naturalOrder()).compute());
    assertEquals(List.of(), Bag.from(numbers, 2).topK(0, Comparator.naturalOrder()).compute());
  }

  @Test
  void flatMapIntoWords() {
    Map<String, Long> expected = all.stream().flatMap(l -> Arrays.stream(l.split(" ")))
        .collect(groupingBy(Function.identity(), counting()));
    Bag<String> words = lines().flatMap(l -> Arrays.asList(l.split(" ")));
    assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), words.count().compute(threads(3)));
    assertEquals(expected, toMap(words.frequencies().compute(threads(3))));
  }

  @Test
  void chainsOfFunctionsAfterAGroup() {
    Map<String, Long> perStatus = all.stream().collect(groupingBy(l -> field(l, 8), counting()));
    List<String> got = lines().map(l -> field(l, 8)).frequencies().filter(e -> e.getValue() > 100)
        .map(e -> e.getKey() + "=" + e.getValue()).compute();
    assertEquals(perStatus.entrySet().stream().filter(e -> e.getValue() > 100)
        .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList(), got.stream().sorted().toList());
  }

  @Test
  void takeGivesTheFirstElementsInOrder() {
    assertEquals(all.subList(0, 10), lines().take(10, threads(2)));
    assertEquals(List.of(), lines().take(0, threads(2)));
    assertEquals(all, lines().take(all.size() + 5, threads(3)));
    List<String> notFound = all.stream().filter(l -> l.contains("\" 404 ")).limit(700).toList();
    assertEquals(notFound, lines().filter(l -> l.contains("\" 404 ")).take(700, threads(2)));
  }

  @Test
  void fromListInAnyNumberOfPartitions() {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 10_007; i++) {
      numbers.add(i * 7919 % 10_007);
    }
    for (int parts : new int[] {1, 3, 64}) {
      Bag<Integer> bag = Bag.from(numbers, parts);
      assertEquals(parts, bag.numPartitions());
      assertEquals(numbers.stream().map(x -> x * 3).filter(x -> x % 2 == 0).toList(),
          bag.map(x -> x * 3).filter(x -> x % 2 == 0).compute(threads(2)));
      assertEquals(numbers.stream().collect(groupingBy(x -> x % 10, counting())),
          toMap(bag.map(x -> x % 10).frequencies().compute(threads(2))));
      assertEquals(numbers.size(), bag.count().compute(threads(2)));
    }
    assertEquals(List.of(), Bag.from(List.<String>of()).compute());
    assertEquals(0L, Bag.from(List.<String>of()).count().compute());
    assertEquals(List.of(), Bag.from(List.<String>of()).frequencies().compute());
  }

  @Test
  void toDataFrameIsAFrameLikeAnyOther() {
    Schema schema = new Schema(List.of(Field.nullable("client", ArrowType.Utf8.INSTANCE),
        Field.nullable("status", new ArrowType.Int(64, true)), Field.nullable("bytes", new ArrowType.Int(64, true)),
        Field.nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
    DataFrame df = lines().toDataFrame(schema, BagTest::row);
    assertEquals(all.size(), df.count().compute(threads(2)));
    Map<Long, long[]> expected = new HashMap<>();
    for (String l : all) {
      long[] sc = expected.computeIfAbsent(Long.parseLong(field(l, 8)), k -> new long[2]);
      sc[0] += bytes(l);
      sc[1]++;
    }
    try (Table t = df.groupBy("status").agg(sum("bytes").as("s"), count().as("n")).compute(threads(3))) {
      assertEquals(expected.size(), t.rowCount());
      for (int i = 0; i < t.rowCount(); i++) {
        long[] sc = expected.get(t.getLong(i, "status"));
        assertEquals(sc[0], t.isNull(i, "s") ? 0 : t.getLong(i, "s"));
        assertEquals(sc[1], t.getLong(i, "n"));
      }
    }
    long late = all.stream().filter(l -> time(l).getHour() >= 3).count();
    assertEquals(late, df.filter(col("at").hour().ge(3)).count().compute(threads(2)));
  }

  @Test
  void aGroupedBagBecomesAOnePartitionFrame() {
    Schema schema = new Schema(List.of(Field.nullable("url", ArrowType.Utf8.INSTANCE),
        Field.nullable("n", new ArrowType.Int(64, true))));
    DataFrame df = lines().map(l -> field(l, 6)).frequencies()
        .toDataFrame(schema, e -> new Object[] {e.getKey(), e.getValue()});
    Map<String, Long> expected = all.stream().collect(groupingBy(l -> field(l, 6), counting()));
    try (Table t = df.filter(col("n").gt(50)).compute(threads(2))) {
      Map<String, Long> got = new HashMap<>();
      for (int i = 0; i < t.rowCount(); i++) {
        got.put(t.getString(i, "url"), t.getLong(i, "n"));
      }
      expected.values().removeIf(n -> n <= 50);
      assertEquals(expected, got);
    }
  }

  @Test
  void writeTextThenReadTextGivesTheSameLines() throws Exception {
    String out = dir.resolve("out").toString();
    Bag<String> statuses = lines().map(l -> field(l, 8) + " " + field(l, 6));
    List<String> expected = all.stream().map(l -> field(l, 8) + " " + field(l, 6)).toList();
    assertEquals(expected.size(), statuses.writeText(out));
    assertTrue(Files.exists(Path.of(out, "_SUCCESS")));
    assertEquals(expected, Bag.readText(out).compute());
    UncheckedIOException again = assertThrows(UncheckedIOException.class, () -> statuses.writeText(out));
    assertTrue(again.getCause() instanceof FileAlreadyExistsException, again.toString());
    assertTrue(again.getMessage().contains("overwrite"), again.getMessage());
    Bag.from(List.of(1, 2, 3), 2).writeText(out, WriteMode.APPEND, threads(2));
    List<String> appended = new ArrayList<>(expected);
    appended.addAll(List.of("1", "2", "3"));
    assertEquals(appended, Bag.readText(out).compute());
    Bag.from(List.of("x"), 1).writeText(out, WriteMode.OVERWRITE, threads(2));
    assertEquals(List.of("x"), Bag.readText(out).compute());
  }

  @Test
  void aCutShortOrDamagedGzipIsTheIoModulesErrorNamingFileAndOffset() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    byte[] whole = Files.readAllBytes(dir.resolve("b.log.gz"));
    Path cut = Files.write(bad.resolve("cut.log.gz"), Arrays.copyOf(whole, whole.length / 2));
    DataException e = assertThrows(DataException.class, () -> Bag.readText(cut.toString()).count().compute());
    assertEquals(cut.toString(), e.file(), e.getMessage());
    assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    assertTrue(e.location().matches("compressed byte \\d+ of " + Files.size(cut)), e.getMessage());
    byte[] spoiled = whole.clone();
    for (int i = whole.length / 3; i < whole.length / 3 + 64; i++) {
      spoiled[i] ^= 0x5A;
    }
    Path damaged = Files.write(bad.resolve("damaged.log.gz"), spoiled);
    DataException d = assertThrows(DataException.class,
        () -> Bag.readText(damaged.toString()).map(String::length).frequencies().compute());
    assertEquals(damaged.toString(), d.file(), d.getMessage());
    assertTrue(d.getMessage().contains("damaged"), d.getMessage());
  }

  static long bytes(String line) {
    String b = field(line, 9);
    return b.equals("-") ? 0 : Long.parseLong(b);
  }

  static LocalDateTime time(String line) {
    return LocalDateTime.parse(field(line, 3).substring(1), TIME);
  }

  static Object[] row(String line) {
    String b = field(line, 9);
    return new Object[] {field(line, 0), Long.parseLong(field(line, 8)), b.equals("-") ? null : Long.parseLong(b),
        time(line).toInstant(ZoneOffset.UTC)};
  }

  static <K, V> Map<K, V> toMap(List<Map.Entry<K, V>> entries) {
    return entries.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
