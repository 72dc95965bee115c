package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AggSpecTest {

  @Test
  void parsesFunctionsColumnsAndAliases() {
    assertEquals(List.of(new AggSpec("sum", "v1", "s"), new AggSpec("mean", "v3", null),
            new AggSpec("count", null, null), new AggSpec("count", null, "n")),
        AggSpec.parseList("sum(v1) as s, MEAN(v3),count(), count(*) AS n"));
    assertEquals("sum_v1", new AggSpec("sum", "v1", null).outputName());
    assertEquals("s", new AggSpec("sum", "v1", "s").outputName());
    assertEquals("count", new AggSpec("count", null, null).outputName());
  }

  @Test
  void listsTheKnownFunctionsForAnUnknownOne() {
    SyntaxException e = assertThrows(SyntaxException.class, () -> AggSpec.parseList("sum(v1), median(v2)"));
    assertEquals(10, e.column());
    assertTrue(e.getMessage().startsWith("unknown aggregate 'median' (known: sum, mean, min, max, count, std,"
        + " var, nunique, first, last) at column 10"), e.getMessage());
  }

  @Test
  void reportsMissingPartsWithTheirColumn() {
    assertEquals(5, assertThrows(SyntaxException.class, () -> AggSpec.parseList("sum()")).column());
    assertEquals(7, assertThrows(SyntaxException.class, () -> AggSpec.parseList("sum(v1")).column());
    assertEquals(9, assertThrows(SyntaxException.class, () -> AggSpec.parseList("sum(v1) mean(v2)")).column());
    assertEquals(1, assertThrows(SyntaxException.class, () -> AggSpec.parseList("")).column());
  }
}
