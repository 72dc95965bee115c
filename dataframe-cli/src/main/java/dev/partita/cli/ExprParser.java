package dev.partita.cli;

import dev.partita.cli.Lexer.Kind;
import dev.partita.cli.Lexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for {@code --where} expressions. Precedence, loosest first: {@code or},
 * {@code and}, {@code not}, comparison ({@code = != <> < <= > >=}, {@code is [not] null},
 * {@code [not] in (...)}), {@code + -}, {@code * /}, unary minus.
 */
final class ExprParser {
  private static final String WHAT = "--where";

  private final String text;
  private final List<Token> tokens;
  private int pos;

  private ExprParser(String text) {
    this.text = text;
    this.tokens = Lexer.tokens(WHAT, text);
  }

  static Ast parse(String text) {
    ExprParser p = new ExprParser(text);
    if (p.peek().kind() == Kind.END) {
      throw new SyntaxException(WHAT, text, 0, "empty expression");
    }
    Ast ast = p.or();
    if (p.peek().kind() != Kind.END) {
      throw p.unexpected();
    }
    return ast;
  }

  private Ast or() {
    Ast left = and();
    while (peek().is("or")) {
      pos++;
      left = new Ast.Binary("or", left, and());
    }
    return left;
  }

  private Ast and() {
    Ast left = not();
    while (peek().is("and")) {
      pos++;
      left = new Ast.Binary("and", left, not());
    }
    return left;
  }

  private Ast not() {
    if (peek().is("not")) {
      pos++;
      return new Ast.Unary("not", not());
    }
    return comparison();
  }

  private Ast comparison() {
    Ast left = additive();
    Token t = peek();
    if (t.is("=") || t.is("==")) {
      pos++;
      return new Ast.Binary("=", left, additive());
    }
    if (t.is("!=") || t.is("<>")) {
      pos++;
      return new Ast.Binary("!=", left, additive());
    }
    if (t.is("<") || t.is("<=") || t.is(">") || t.is(">=")) {
      pos++;
      return new Ast.Binary(t.text(), left, additive());
    }
    if (t.is("is")) {
      pos++;
      boolean negated = accept("not");
      expect("null");
      return new Ast.IsNull(left, negated);
    }
    if (t.is("in") || (t.is("not") && tokens.get(pos + 1).is("in"))) {
      boolean negated = accept("not");
      pos++;
      return new Ast.In(left, list(), negated);
    }
    return left;
  }

  private List<Ast.Literal> list() {
    expect("(");
    List<Ast.Literal> values = new ArrayList<>();
    do {
      Ast v = unary();
      if (v instanceof Ast.Unary u && u.operand() instanceof Ast.Literal l && l.value() instanceof Number) {
        v = negate(l);
      }
      if (!(v instanceof Ast.Literal lit)) {
        throw new SyntaxException(WHAT, text, tokens.get(pos - 1).offset(),
            "the values after 'in' must be literals");
      }
      values.add(lit);
    } while (accept(","));
    expect(")");
    return values;
  }

  private static Ast.Literal negate(Ast.Literal l) {
    Object v = l.value();
    return new Ast.Literal(v instanceof Long x ? (Object) (-x) : (Object) (-(Double) v));
  }

  private Ast additive() {
    Ast left = multiplicative();
    while (peek().is("+") || peek().is("-")) {
      String op = tokens.get(pos++).text();
      left = new Ast.Binary(op, left, multiplicative());
    }
    return left;
  }

  private Ast multiplicative() {
    Ast left = unary();
    while (peek().is("*") || peek().is("/")) {
      String op = tokens.get(pos++).text();
      left = new Ast.Binary(op, left, unary());
    }
    return left;
  }

  private Ast unary() {
    if (peek().is("-")) {
      pos++;
      Ast operand = unary();
      if (operand instanceof Ast.Literal l && l.value() instanceof Number) {
        return negate(l);
      }
      return new Ast.Unary("-", operand);
    }
    if (peek().is("+")) {
      pos++;
      return unary();
    }
    return primary();
  }

  private Ast primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER:
        pos++;
        return new Ast.Literal(number(t));
      case STRING:
        pos++;
        return new Ast.Literal(t.text());
      case NAME:
        pos++;
        return new Ast.Column(t.text());
      case IDENT:
        if (t.is("true") || t.is("false")) {
          pos++;
          return new Ast.Literal(t.is("true"));
        }
        if (t.is("null")) {
          pos++;
          return new Ast.Literal(null);
        }
        if (Lexer.isKeyword(t)) {
          throw unexpected();
        }
        pos++;
        return new Ast.Column(t.text());
      case SYMBOL:
        if (t.is("(")) {
          pos++;
          Ast inner = or();
          expect(")");
          return inner;
        }
        throw unexpected();
      default:
        throw unexpected();
    }
  }

  private Object number(Token t) {
    String s = t.text();
    if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new SyntaxException(WHAT, text, t.offset(), "integer '" + s + "' is out of range");
      }
    }
    return Double.parseDouble(s);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private boolean accept(String s) {
    if (peek().is(s)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String s) {
    if (!accept(s)) {
      Token t = peek();
      throw new SyntaxException(WHAT, text, t.offset(), "expected '" + s + "' but found " + t.describe());
    }
  }

  private SyntaxException unexpected() {
    Token t = peek();
    return new SyntaxException(WHAT, text, t.offset(), "unexpected " + t.describe());
  }
}
