package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ORDER BY check of an answer, and the TPC-H runner's own arguments. */
class RowsTest {

  private static Rows rows(Object[]... rows) {
    return new Rows(List.of("revenue", "o_orderdate"), new ArrayList<>(List.of(rows)));
  }

  @Test
  void rowsInOrderPassAndTheFirstPairOutOfOrderIsNamed() {
    Rows ordered = rows(new Object[] {new BigDecimal("10.50"), LocalDate.of(1995, 1, 2)},
        new Object[] {10.5, LocalDate.of(1995, 1, 3)}, new Object[] {2.0, LocalDate.of(1990, 1, 1)});
    assertEquals(Optional.empty(), ordered.outOfOrder(List.of("-revenue", "o_orderdate")));
    String wrong = ordered.outOfOrder(List.of("revenue")).orElseThrow();
    assertTrue(wrong.startsWith("rows 1 and 2 are not in ORDER BY revenue order"), wrong);
    String tie = rows(new Object[] {1.0, LocalDate.of(1995, 1, 3)}, new Object[] {1.0, LocalDate.of(1995, 1, 2)})
        .outOfOrder(List.of("-revenue", "o_orderdate")).orElseThrow();
    assertTrue(tie.contains("1995-01-03") && tie.contains("then"), tie);
    assertTrue(ordered.outOfOrder(List.of("nope")).orElseThrow().startsWith("no column nope"));
  }

  @Test
  void decimalsCompareExactlyAndWithDoublesToABillionth() {
    Answer a = new Answer(List.of("x"), List.<Object[]>of(new Object[] {new BigDecimal("406181.0111")}));
    assertEquals(Optional.empty(), a.firstDifference(
        new Answer(List.of("x"), List.<Object[]>of(new Object[] {new BigDecimal("406181.01110")}))));
    assertTrue(a.firstDifference(
        new Answer(List.of("x"), List.<Object[]>of(new Object[] {new BigDecimal("406181.0112")}))).isPresent());
    assertEquals(Optional.empty(), a.firstDifference(
        new Answer(List.of("x"), List.<Object[]>of(new Object[] {406181.0111 * (1 + 1e-12)}))));
  }

  @Test
  void tpchOptionsParseQueriesLayoutsAndEngines() {
    TpchOptions o = TpchOptions.parse("--sf", "0.01", "--only", "q3,21", "--layout", "csv", "--xmx", "1g",
        "--engines", "partita,duckdb,polars");
    assertEquals(List.of(TpchQuery.Q3, TpchQuery.Q21), o.queries());
    assertEquals(List.of(TpchData.Layout.CSV), o.layouts());
    assertTrue(o.isolate());
    assertEquals("0.01", TpchData.scale(o.sf()));
    assertTrue(o.childArgs(TpchQuery.Q3, "partita", TpchData.Layout.CSV)
        .containsAll(List.of("--sf", "0.01", "--only", "q3", "--engines", "partita", "--layout", "csv")));
    assertEquals(22, TpchQuery.all().size());
    assertThrows(IllegalArgumentException.class, () -> TpchOptions.parse("--only", "23"));
    assertThrows(IllegalArgumentException.class, () -> TpchOptions.parse("--engines", "spark"));
    assertThrows(IllegalArgumentException.class, () -> TpchOptions.parse("--layout", "orc"));
    assertThrows(IllegalArgumentException.class, () -> TpchOptions.parse("--sf", "0"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--engines", "partita,polars"));
  }
}
