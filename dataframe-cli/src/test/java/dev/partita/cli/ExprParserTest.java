package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExprParserTest {

  private static String p(String text) {
    return ExprParser.parse(text).toString();
  }

  @Test
  void honoursPrecedenceOrAndNotComparisonArithmetic() {
    assertEquals("((v1 > 2) and (id1 = 'id016'))", p("v1 > 2 and id1 = 'id016'"));
    assertEquals("((a = 1) or ((b = 2) and (c = 3)))", p("a = 1 or b = 2 and c = 3"));
    assertEquals("((not (a = 1)) and (b < 2))", p("not a = 1 and b < 2"));
    assertEquals("((a + (b * c)) >= ((d - e) / 2))", p("a + b * c >= (d - e) / 2"));
    assertEquals("((a - b) - c)", p("a - b - c"));
    assertEquals("(not ((x = 1) or (y = 2)))", p("NOT (x = 1 OR y = 2)"));
    assertEquals("((- a) * -2.5)", p("-a * -2.5"));
  }

  @Test
  void parsesNullChecksInListsLiteralsAndQuotedNames() {
    assertEquals("(x is null)", p("x is null"));
    assertEquals("(x is not null)", p("x IS NOT NULL"));
    assertEquals("(x in (1, -2, 'a'))", p("x in (1, -2, 'a')"));
    assertEquals("(x not in (1.5))", p("x not in (1.5)"));
    assertEquals("((flag = true) and (y != null))", p("flag == true and y <> null"));
    assertEquals("(my col = 'it's')", p("\"my col\" = 'it''s'"));
    assertEquals(List.of(3L), List.of(((Ast.Literal) ((Ast.Binary) ExprParser.parse("a=3")).right()).value()));
  }

  @Test
  void pointsAtTheOffendingColumnWithACaret() {
    SyntaxException e = assertThrows(SyntaxException.class, () -> ExprParser.parse("v1 > > 2"));
    assertEquals(6, e.column());
    assertTrue(e.getMessage().startsWith("unexpected '>' at column 6"), e.getMessage());
    assertTrue(e.getMessage().endsWith("\n  v1 > > 2\n       ^"), e.getMessage());
  }

  @Test
  void reportsOtherMistakes() {
    assertEquals(7, assertThrows(SyntaxException.class, () -> ExprParser.parse("(a > 1")).column());
    assertEquals(6, assertThrows(SyntaxException.class, () -> ExprParser.parse("x is 3")).column());
    assertEquals(5, assertThrows(SyntaxException.class, () -> ExprParser.parse("x = 'abc")).column());
    assertEquals(3, assertThrows(SyntaxException.class, () -> ExprParser.parse("a # b")).column());
    assertEquals(7, assertThrows(SyntaxException.class, () -> ExprParser.parse("a > 1 b")).column());
    assertEquals(1, assertThrows(SyntaxException.class, () -> ExprParser.parse("  ")).column());
    assertTrue(assertThrows(SyntaxException.class, () -> ExprParser.parse("x in (y)"))
        .getMessage().startsWith("the values after 'in' must be literals"));
  }
}
