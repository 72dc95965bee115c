package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void acceptsRowCountsInScientificPlainAndGroupedForms() {
    assertEquals(10_000_000L, Options.parse("--rows", "1e7").rows());
    assertEquals(100_000L, Options.parse("--rows", "1e5").rows());
    assertEquals(10_000_000L, Options.parse("--rows", "10000000").rows());
    assertEquals(10_000_000L, Options.parse("--rows", "10_000_000").rows());
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--rows", "1.5"));
  }

  @Test
  void xmxImpliesIsolationAndFlagsAreValidated() {
    Options o = Options.parse("--rows", "1e8", "--xmx", "1g", "--memory", "512m", "--only", "q1,q10");
    assertTrue(o.isolate());
    assertEquals(List.of(Question.Q1, Question.Q10), o.questions());
    assertEquals(512L << 20, Options.bytes(o.memory()));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--bogus", "1"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--only", "q11"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--task", "join", "--only", "q6"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--task", "sort"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--engines", "spark"));
    assertEquals(1, Options.parse().warmups());
    assertEquals(0, Options.parse("--warmup", "0").warmups());
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--warmup", "-1"));
  }

  @Test
  void theJoinTaskHasItsOwnQuestionsWhateverTheOrderOfTheFlags() {
    Options o = Options.parse("--only", "q1,q5", "--task", "join", "--rows", "1e5");
    assertEquals(Question.Task.JOIN, o.task());
    assertEquals(List.of(Question.JOIN_Q1, Question.JOIN_Q5), o.questions());
    assertEquals(Question.of(Question.Task.GROUPBY), Options.parse().questions());
    assertTrue(o.childArgs(Question.JOIN_Q5, "partita", Format.CSV).containsAll(List.of("--task", "join")));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--task", "join", "--rows", "999"));
  }

  @Test
  void daskIsAnEngineToAskForAndItsPythonCanBeChosen() {
    assertEquals(List.of("partita", "duckdb"), Options.parse().engines());
    assertNull(Options.parse().python());
    Options o = Options.parse("--engines", "partita,duckdb,dask", "--python", "/opt/py/bin/python3");
    assertEquals(List.of("partita", "duckdb", "dask"), o.engines());
    assertEquals("/opt/py/bin/python3", o.python());
  }
}
