package dev.partita;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a bag's graph holds (fused partitions, a combine tree), what take runs, and functions that travel. */
class BagGraphTest {

  @TempDir
  static Path dir;
  static String logs;

  @BeforeAll
  static void tenFilesOfAThousandLines() throws Exception {
    for (int i = 0; i < 10; i++) {
      LogFiles.write(dir.resolve("access-" + i + ".log.gz"), 1000, i);
    }
    logs = dir + "/*.log.gz";
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  private static Map<String, Long> kinds(Graph g) {
    return g.keys().stream().collect(Collectors.groupingBy(k -> k.substring(0, k.lastIndexOf('-')),
        Collectors.counting()));
  }

  private static Bag<String> chained() {
    return Bag.readText(logs).map(String::trim).filter(l -> !l.isEmpty())
        .flatMap(l -> Arrays.asList(l.split(" "))).map(String::toUpperCase);
  }

  @Test
  void elementFunctionsFuseIntoOneTaskPerPartition() {
    Bag<String> chained = chained();
    assertEquals(Map.of("bag-collect", 10L), kinds(chained.graph()));
    assertEquals(Map.of("bag-fold", 10L, "bag-merge", 3L, "bag-finish", 1L), kinds(chained.count().graph()),
        "ten folds, a combine tree of splitEvery 8 (two combines, then their root), one finish");
    assertEquals(Map.of("bag-group", 10L, "bag-group-combine", 3L, "bag-collect", 1L),
        kinds(chained.frequencies().graph()));
    assertEquals(Map.of("bag-group", 10L, "bag-group-combine", 3L, "bag-fold", 1L, "bag-finish", 1L,
        "bag-collect", 1L), kinds(chained.frequencies().topK(3, Map.Entry.comparingByValue()).graph()));
    assertEquals(chained.graph().keys(), chained().graph().keys(), "the same bag built twice has the same keys");
    List<String> explained = chained.explain().lines().toList();
    assertEquals(10, explained.size(), chained.explain());
    assertTrue(explained.stream().allMatch(l -> l.endsWith(" + 4 element functions")), chained.explain());
  }

  /** Records the keys of the tasks that start. */
  static final class Started implements SchedulerListener {
    final List<String> keys = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onTaskStart(String key, int worker) {
      keys.add(key);
    }
  }

  @Test
  void takeRunsOnlyTheFirstWavesOfPartitions() {
    Bag<String> lines = Bag.readText(logs);
    Started few = new Started();
    List<String> five = lines.take(5, ComputeOptions.defaults().threads(2).listener(few));
    assertEquals(lines.compute().subList(0, 5), five);
    assertEquals(2, few.keys.size(), "one wave of two partitions: " + few.keys);

    Started more = new Started();
    assertEquals(2500, lines.take(2500, ComputeOptions.defaults().threads(2).listener(more)).size());
    assertEquals(4, more.keys.size(), "two waves for three partitions' worth: " + more.keys);

    Started rare = new Started();
    Bag<String> errors = lines.filter(l -> l.contains("\" 500 "));
    long perFile = Bag.readText(dir.resolve("access-0.log.gz").toString()).filter(l -> l.contains("\" 500 "))
        .count().compute();
    assertEquals(errors.compute().subList(0, (int) perFile + 1),
        errors.take((int) perFile + 1, ComputeOptions.defaults().threads(1).listener(rare)));
    assertEquals(2, rare.keys.size(), "one partition at a time, two needed: " + rare.keys);
  }

  @Test
  void aBagTravelsSerializedWithItsFunctions() throws Exception {
    Pattern request = Pattern.compile("\"(\\S+) (\\S+) HTTP");
    String prefix = "/products/";
    Bag<Map.Entry<String, Long>> products = Bag.readText(logs)
        .map(l -> {
          Matcher m = request.matcher(l);
          return m.find() ? m.group(2) : "";
        })
        .filter(u -> u.startsWith(prefix))
        .frequencies()
        .topK(4, Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(products);
    }
    Bag<?> copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Bag<?>) in.readObject();
    }
    List<Map.Entry<String, Long>> expected = products.compute();
    assertEquals(4, expected.size());
    assertTrue(expected.get(0).getKey().startsWith(prefix), expected.toString());
    assertEquals(expected, copy.compute());
    assertEquals(products.graph().keys(), copy.graph().keys(), "a copy hashes to the same keys");
  }

  @Test
  void aFunctionThatCannotTravelIsRefusedWhenTheBagIsBuilt() {
    Object notSerializable = new Object();
    IllegalArgumentException map = assertThrows(IllegalArgumentException.class,
        () -> Bag.readText(logs).map(l -> l + notSerializable.hashCode()));
    assertTrue(map.getMessage().startsWith("the function or value given to map cannot be serialized: it holds a"
        + " java.lang.Object"), map.getMessage());
    Comparator<String> anonymous = new Comparator<>() {
      @Override
      public int compare(String a, String b) {
        return a.compareTo(b);
      }
    };
    IllegalArgumentException top = assertThrows(IllegalArgumentException.class,
        () -> Bag.readText(logs).topK(3, anonymous));
    assertTrue(top.getMessage().contains("is not Serializable"), top.getMessage());
    IllegalArgumentException init = assertThrows(IllegalArgumentException.class,
        () -> Bag.readText(logs).foldBy(l -> l.length(), new Object(), (o, l) -> o, (a, b) -> a));
    assertTrue(init.getMessage().contains("foldBy's init"), init.getMessage());
  }
}
