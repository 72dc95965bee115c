package dev.partita;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.summingLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;
import dev.partita.graph.TaskFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups with far more keys than a task's budget: under a 16 MB limit on two threads (an 8 MB budget per
 * task), 400,000 lines holding about 290,000 distinct keys (about 40 MB of hash map) spill through the
 * shuffle to the spill directory and still match Java's answer; nothing is left on disk or in Arrow memory.
 */
class BagOutOfCoreTest {

  @TempDir
  static Path data;
  static List<String> all;

  @TempDir
  Path spill;

  @BeforeAll
  static void fourFilesOfManyKeys() throws IOException {
    SplittableRandom r = new SplittableRandom(18);
    for (int f = 0; f < 4; f++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 100_000; i++) {
        sb.append("key-").append(r.nextInt(600_000)).append(' ').append(r.nextInt(1000)).append('\n');
      }
      Files.writeString(data.resolve("keys-" + f + ".txt"), sb);
    }
    all = Stream.of(0, 1, 2, 3).flatMap(f -> {
      try {
        return Files.readAllLines(data.resolve("keys-" + f + ".txt")).stream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }

  @AfterEach
  void nothingLeft() throws IOException {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
    try (Stream<Path> left = Files.list(spill)) {
      assertEquals(List.of(), left.toList(), "spill directories left behind");
    }
  }

  /** The most files seen in the spill directory at the end of a task. */
  final class SpillFiles implements SchedulerListener {
    final AtomicInteger most = new AtomicInteger();

    @Override
    public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
      try (Stream<Path> files = Files.walk(spill)) {
        int n = (int) files.filter(Files::isRegularFile).count();
        most.accumulateAndGet(n, Math::max);
      } catch (IOException | UncheckedIOException e) {
        // A directory deleted while walked: the next task end counts again.
      }
    }
  }

  private ComputeOptions small(SpillFiles files, int threads, long limit) {
    return ComputeOptions.defaults().threads(threads).memoryLimit(limit).spillDir(spill).listener(files);
  }

  private static Bag<String> keys() {
    return Bag.readText(data + "/*.txt").map(l -> l.substring(0, l.indexOf(' ')));
  }

  @Test
  void frequenciesSpillAndMatchJava() {
    Map<String, Long> expected = all.stream().collect(groupingBy(l -> l.substring(0, l.indexOf(' ')), counting()));
    assertTrue(expected.size() > 280_000, "about 290,000 distinct keys, got " + expected.size());
    SpillFiles files = new SpillFiles();
    List<Map.Entry<String, Long>> got = keys().frequencies().compute(small(files, 2, 16 << 20));
    assertEquals(expected, BagTest.toMap(got));
    assertTrue(files.most.get() > 0, "the groups should have gone through spill files");
  }

  @Test
  void distinctAndFoldBySpillAndMatchJava() {
    SpillFiles files = new SpillFiles();
    List<String> distinct = keys().distinct().compute(small(files, 2, 16 << 20));
    assertEquals(distinct.size(), new HashSet<>(distinct).size(), "a key twice");
    assertEquals(all.stream().map(l -> l.substring(0, l.indexOf(' '))).collect(java.util.stream.Collectors.toSet()),
        new HashSet<>(distinct));
    Map<String, Long> sums = all.stream().collect(groupingBy(l -> l.substring(0, l.indexOf(' ')),
        summingLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1)))));
    Bag<Map.Entry<String, Long>> folded = Bag.readText(data + "/*.txt").foldBy(l -> l.substring(0, l.indexOf(' ')),
        0L, (sum, l) -> sum + Long.parseLong(l.substring(l.indexOf(' ') + 1)), Long::sum);
    assertEquals(sums, BagTest.toMap(folded.compute(small(files, 2, 16 << 20))));
    assertTrue(files.most.get() > 0, "the groups should have gone through spill files");
  }

  @Test
  void bucketsLargerThanTheBudgetAreSplitAgain() {
    Map<String, Long> expected = all.stream().collect(groupingBy(l -> l.substring(0, l.indexOf(' ')), counting()));
    SpillFiles files = new SpillFiles();
    // 32 threads share 16 MB: a 512 KB budget, under the ~630 KB a 64th of the keys takes.
    List<Map.Entry<String, Long>> top = keys().frequencies().topK(20, Map.Entry.comparingByValue())
        .compute(small(files, 32, 16 << 20));
    assertEquals(expected.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(20).toList(),
        top.stream().map(Map.Entry::getValue).toList());
    top.forEach(e -> assertEquals(expected.get(e.getKey()), e.getValue(), e.getKey()));
  }

  /** A key that is not Serializable. */
  record Key(String name) {}

  @Test
  void keysNeedToBeSerializableOnlyOnceTheySpill() {
    List<Map.Entry<Key, Long>> few = Bag.from(List.of("a", "b", "a"), 2).map(Key::new).frequencies().compute();
    assertEquals(Map.of(new Key("a"), 2L, new Key("b"), 1L), BagTest.toMap(few));
    TaskFailedException e = assertThrows(TaskFailedException.class,
        () -> keys().map(Key::new).frequencies().compute(small(new SpillFiles(), 2, 16 << 20)));
    Throwable cause = e.getCause();
    assertTrue(cause instanceof IllegalStateException && cause.getMessage().contains(Key.class.getName()
        + " is not; make that class Serializable"), String.valueOf(cause));
  }
}
