package dev.partita.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Logic#isIn} per column type, with SQL's nulls. */
class LogicIsInTest {

  private final BufferAllocator allocator = new RootAllocator();

  @Test
  void int64MatchesIntegersAndWholeDoubles() {
    try (BigIntVector v = new BigIntVector("v", allocator)) {
      Long[] values = {0L, 5L, null, -3L, Long.MIN_VALUE, 7L};
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          v.setSafe(i, values[i]);
        }
      }
      v.setValueCount(values.length);
      assertEquals(Arrays.asList(true, true, null, false, true, false), in(v, List.of(0L, 5.0, Long.MIN_VALUE, 7.5)));
      assertEquals(Arrays.asList(true, null, null, null, null, null), in(v, Arrays.asList(0L, null)));
    }
  }

  @Test
  void float64MatchesAsDuckDbCompares() {
    try (Float8Vector v = new Float8Vector("v", allocator)) {
      double[] values = {1.5, Double.NaN, -0.0, 0.0, 3};
      for (int i = 0; i < values.length; i++) {
        v.setSafe(i, values[i]);
      }
      v.setValueCount(values.length);
      // NaN equals NaN and -0.0 equals 0.0 in DuckDB, so both zeros are in the list.
      assertEquals(List.of(true, true, true, true, true), in(v, List.of(1.5, Double.NaN, 0.0, 3L)));
      assertEquals(List.of(false, false, true, true, false), in(v, List.of(-0.0)));
    }
  }

  @Test
  void stringsMatchWholeValuesOnly() {
    try (VarCharVector v = new VarCharVector("v", allocator)) {
      String[] values = {"", "a", "ab", null, "é", "b", "abc"};
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
        }
      }
      v.setValueCount(values.length);
      List<Object> list = new ArrayList<>(List.of("ab", "é", "", "ab"));
      for (int k = 0; k < 40; k++) {
        list.add("x" + k);
      }
      assertEquals(Arrays.asList(true, false, true, null, true, false, false), in(v, list));
      assertEquals(Arrays.asList(false, false, false, null, false, false, false), in(v, List.of("abcd", 1L)));
    }
  }

  @Test
  void booleansMatch() {
    try (BitVector v = new BitVector("v", allocator)) {
      v.setSafe(0, 1);
      v.setSafe(1, 0);
      v.setValueCount(3);
      assertEquals(Arrays.asList(true, false, null), in(v, List.of(true)));
      assertEquals(Arrays.asList(true, null, null), in(v, Arrays.asList(true, null)));
    }
  }

  @Test
  void otherTypesAreRejected() {
    try (IntVector v = new IntVector("v", allocator)) {
      v.setValueCount(0);
      assertThrows(IllegalArgumentException.class, () -> Logic.isIn(v, List.of(1L), allocator));
    }
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private List<Boolean> in(FieldVector v, List<?> values) {
    try (BitVector out = Logic.isIn(v, values, allocator)) {
      List<Boolean> result = new ArrayList<>();
      for (int i = 0; i < out.getValueCount(); i++) {
        result.add(out.isNull(i) ? null : out.get(i) == 1);
      }
      return result;
    }
  }
}
