package dev.partita.cli;

import dev.partita.cli.Lexer.Kind;
import dev.partita.cli.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One aggregate of {@code --agg}: a function, its column (null for {@code count()}) and an optional
 * alias, e.g. {@code sum(v1) as s}.
 */
record AggSpec(String function, String column, String alias) {
  /** The aggregate functions {@code --agg} knows, in the order the error message lists them. */
  static final List<String> FUNCTIONS =
      List.of("sum", "mean", "min", "max", "count", "std", "var", "nunique", "first", "last");

  private static final String WHAT = "--agg";

  /** Parses a comma-separated list such as {@code sum(v1) as s, mean(v3), count()}. */
  static List<AggSpec> parseList(String text) {
    List<Token> tokens = Lexer.tokens(WHAT, text);
    List<AggSpec> out = new ArrayList<>();
    int[] pos = {0};
    if (tokens.get(0).kind() == Kind.END) {
      throw new SyntaxException(WHAT, text, 0, "no aggregate given (e.g. 'sum(v1), count()')");
    }
    do {
      out.add(parseOne(text, tokens, pos));
    } while (accept(tokens, pos, ","));
    Token t = tokens.get(pos[0]);
    if (t.kind() != Kind.END) {
      throw new SyntaxException(WHAT, text, t.offset(), "unexpected " + t.describe());
    }
    return out;
  }

  private static AggSpec parseOne(String text, List<Token> tokens, int[] pos) {
    Token fn = tokens.get(pos[0]);
    if (fn.kind() != Kind.IDENT) {
      throw new SyntaxException(WHAT, text, fn.offset(),
          "expected an aggregate function but found " + fn.describe());
    }
    String name = fn.text().toLowerCase(Locale.ROOT);
    if (!FUNCTIONS.contains(name)) {
      throw new SyntaxException(WHAT, text, fn.offset(),
          "unknown aggregate '" + fn.text() + "' (known: " + String.join(", ", FUNCTIONS) + ")");
    }
    pos[0]++;
    expect(text, tokens, pos, "(");
    String column = null;
    Token arg = tokens.get(pos[0]);
    if (arg.kind() == Kind.IDENT || arg.kind() == Kind.NAME) {
      column = arg.text();
      pos[0]++;
    } else if (arg.is("*") && name.equals("count")) {
      pos[0]++;
    }
    expect(text, tokens, pos, ")");
    if (column == null && !name.equals("count")) {
      throw new SyntaxException(WHAT, text, arg.offset(), name + "() needs a column, e.g. " + name + "(v1)");
    }
    String alias = null;
    if (accept(tokens, pos, "as")) {
      Token a = tokens.get(pos[0]);
      if (a.kind() != Kind.IDENT && a.kind() != Kind.NAME) {
        throw new SyntaxException(WHAT, text, a.offset(), "expected a name after 'as' but found " + a.describe());
      }
      alias = a.text();
      pos[0]++;
    }
    return new AggSpec(name, column, alias);
  }

  private static boolean accept(List<Token> tokens, int[] pos, String s) {
    if (tokens.get(pos[0]).is(s)) {
      pos[0]++;
      return true;
    }
    return false;
  }

  private static void expect(String text, List<Token> tokens, int[] pos, String s) {
    if (!accept(tokens, pos, s)) {
      Token t = tokens.get(pos[0]);
      throw new SyntaxException(WHAT, text, t.offset(), "expected '" + s + "' but found " + t.describe());
    }
  }

  /** The output column name: the alias, else e.g. {@code sum_v1} or {@code count}. */
  String outputName() {
    return alias != null ? alias : column == null ? function : function + "_" + column;
  }
}
