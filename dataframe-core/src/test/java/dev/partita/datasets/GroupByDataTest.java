package dev.partita.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupByDataTest {

  @TempDir Path dir;

  @Test
  void writesTheDbBenchmarkColumnsAndRanges() throws IOException {
    Path file = dir.resolve("g.csv");
    GroupByData.writeCsv(file, 20_000, 100, 7);
    List<String> lines = Files.readAllLines(file);
    assertEquals("id1,id2,id3,id4,id5,id6,v1,v2,v3", lines.get(0));
    assertEquals(20_001, lines.size());
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertEquals(9, f.length, line);
      assertTrue(f[0].matches("id\\d{3}") && f[1].matches("id\\d{3}"), line);
      assertTrue(f[2].matches("id\\d{10}"), line);
      int id1 = Integer.parseInt(f[0].substring(2));
      long id3 = Long.parseLong(f[2].substring(2));
      assertTrue(id1 >= 1 && id1 <= 100 && id3 >= 1 && id3 <= 200, line);
      assertTrue(Integer.parseInt(f[3]) <= 100 && Integer.parseInt(f[5]) <= 200, line);
      int v1 = Integer.parseInt(f[6]);
      int v2 = Integer.parseInt(f[7]);
      assertTrue(v1 >= 1 && v1 <= 5 && v2 >= 1 && v2 <= 15, line);
      assertTrue(f[8].matches("\\d{1,2}\\.\\d{6}"), line);
    }
    Set<String> keys = lines.stream().skip(1).map(l -> l.substring(0, 5)).collect(Collectors.toSet());
    assertEquals(100, keys.size());
  }

  @Test
  void isDeterministicForASeedAndLeavesNoTemporaryFiles() throws IOException {
    GroupByData.writeCsv(dir.resolve("a.csv"), 5_000, 10, 42);
    GroupByData.writeCsv(dir.resolve("b.csv"), 5_000, 10, 42);
    GroupByData.writeCsv(dir.resolve("c.csv"), 5_000, 10, 43);
    byte[] a = Files.readAllBytes(dir.resolve("a.csv"));
    assertArrayEquals(a, Files.readAllBytes(dir.resolve("b.csv")));
    assertFalse(Arrays.equals(a, Files.readAllBytes(dir.resolve("c.csv"))));
    try (var files = Files.list(dir)) {
      assertEquals(3, files.count());
    }
  }

  @Test
  void namesDataSetsLikeDbBenchmark() {
    assertEquals("G1_1e7_1e2_0_0", GroupByData.name(10_000_000, 100));
    assertEquals("G1_2e5_1e2_0_0", GroupByData.name(200_000, 100));
    assertEquals("G1_12345_1e1_0_0", GroupByData.name(12_345, 10));
  }
}
