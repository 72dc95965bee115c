package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerTest {

  private static Answer answer(Object[]... rows) {
    return new Answer(List.of("k", "v"), List.of(rows));
  }

  @Test
  void agreesRegardlessOfRowOrderAndIntegerWidth() {
    Answer a = answer(new Object[] {"id002", 7L}, new Object[] {"id001", 3L});
    Answer b = answer(new Object[] {"id001", BigInteger.valueOf(3)}, new Object[] {"id002", 7});
    assertEquals(Optional.empty(), a.firstDifference(b));
  }

  @Test
  void toleratesDoublesWithinARelativeBillionthOnly() {
    Answer a = answer(new Object[] {1L, 1000.0});
    assertEquals(Optional.empty(), a.firstDifference(answer(new Object[] {1L, 1000.0 + 1e-7})));
    assertTrue(a.firstDifference(answer(new Object[] {1L, 1000.0 + 1e-5})).orElseThrow().contains("row 0"));
    Answer noise = answer(new Object[] {1L, 2.0e-33});
    assertEquals(Optional.empty(), noise.firstDifference(answer(new Object[] {1L, 1.0e-34})));
    assertTrue(noise.firstDifference(answer(new Object[] {1L, 1e-14})).isPresent());
  }

  @Test
  void reportsTheFirstDifferingRowAndMissingRows() {
    Answer a = answer(new Object[] {"a", 1L}, new Object[] {"b", 2L});
    String diff = a.firstDifference(answer(new Object[] {"a", 1L}, new Object[] {"b", 3L})).orElseThrow();
    assertTrue(diff.contains("[b, 2]") && diff.contains("[b, 3]"), diff);
    String missing = a.firstDifference(answer(new Object[] {"a", 1L})).orElseThrow();
    assertTrue(missing.contains("row count 2 vs 1") && missing.contains("[b, 2]"), missing);
  }

  @Test
  void nullsAsNaNMakesANullEqualToNaNOnly() {
    Answer sql = answer(new Object[] {"a", null}, new Object[] {"b", Double.NaN}, new Object[] {"c", 1.0});
    Answer pandas = answer(new Object[] {"a", Double.NaN}, new Object[] {"b", Double.NaN}, new Object[] {"c", 1.0});
    assertTrue(pandas.firstDifference(sql).isPresent());
    assertEquals(Optional.empty(), pandas.firstDifference(sql.nullsAsNaN()));
    assertTrue(answer(new Object[] {"a", 0.0}).firstDifference(answer(new Object[] {"a", null}).nullsAsNaN())
        .isPresent());
  }

  @Test
  void integersAndStringsAreExact() {
    assertTrue(answer(new Object[] {"a", 1L}).firstDifference(answer(new Object[] {"a", 2L})).isPresent());
    assertTrue(answer(new Object[] {"a", 1L}).firstDifference(answer(new Object[] {"A", 1L})).isPresent());
    assertTrue(answer(new Object[] {"a", null}).firstDifference(answer(new Object[] {"a", 0L})).isPresent());
  }
}
