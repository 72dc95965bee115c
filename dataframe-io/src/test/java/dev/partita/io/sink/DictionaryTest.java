package dev.partita.io.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The distinct values a chunk is expected to hold, projected from its first rows. */
class DictionaryTest {

  @Test
  void theFirstRowsOfAColumnProjectToItsDistinctValues() {
    // db-benchmark's id6 in a million rows: 100,000 values drawn alike
    Random r = new Random(3);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      seen.add(r.nextInt(100_000));
    }
    long projected = Dictionary.projectedSize(20_000, seen.size(), 1_000_000);
    assertTrue(Math.abs(projected - 100_000) < 5_000, "projected " + projected + " from " + seen.size());
    // every row new: a unique column
    assertEquals(1_000_000, Dictionary.projectedSize(20_000, 20_000, 1_000_000));
    // a few values seen many times: all of them seen already
    assertEquals(7, Dictionary.projectedSize(20_000, 7, 1_000_000));
    // the whole chunk was the first rows
    assertEquals(5_000, Dictionary.projectedSize(20_000, 5_000, 20_000));
  }
}
