package dev.partita.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits {@code --where} and {@code --agg} text into tokens, each remembering its offset. */
final class Lexer {

  enum Kind { IDENT, NAME, NUMBER, STRING, SYMBOL, END }

  record Token(Kind kind, String text, int offset) {
    boolean is(String s) {
      return (kind == Kind.SYMBOL && text.equals(s))
          || (kind == Kind.IDENT && text.equalsIgnoreCase(s));
    }

    String describe() {
      return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
  }

  private Lexer() {}

  static List<Token> tokens(String what, String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Kind.IDENT, text.substring(start, i), start));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
        i = number(what, text, i, out);
      } else if (c == '\'' || c == '"' || c == '`') {
        i = quoted(what, text, i, out);
      } else {
        String two = i + 1 < n ? text.substring(i, i + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("<>")
            || two.equals("==")) {
          out.add(new Token(Kind.SYMBOL, two, i));
          i += 2;
        } else if ("=<>+-*/(),".indexOf(c) >= 0) {
          out.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
          i++;
        } else {
          throw new SyntaxException(what, text, i, "unexpected character '" + c + "'");
        }
      }
    }
    out.add(new Token(Kind.END, "", n));
    return out;
  }

  private static int number(String what, String text, int start, List<Token> out) {
    int i = start;
    int n = text.length();
    while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
      }
    }
    String s = text.substring(start, i);
    try {
      Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new SyntaxException(what, text, start, "malformed number '" + s + "'");
    }
    if (i < n && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
      throw new SyntaxException(what, text, i, "unexpected '" + text.charAt(i) + "' after a number");
    }
    out.add(new Token(Kind.NUMBER, s, start));
    return i;
  }

  /** 'text' is a string literal; "name" and `name` are column names; a doubled quote escapes itself. */
  private static int quoted(String what, String text, int start, List<Token> out) {
    char q = text.charAt(start);
    StringBuilder sb = new StringBuilder();
    int i = start + 1;
    while (true) {
      if (i >= text.length()) {
        throw new SyntaxException(what, text, start, "unterminated " + (q == '\'' ? "string" : "name"));
      }
      char c = text.charAt(i);
      if (c == q) {
        if (i + 1 < text.length() && text.charAt(i + 1) == q) {
          sb.append(q);
          i += 2;
          continue;
        }
        break;
      }
      sb.append(c);
      i++;
    }
    Kind kind = q == '\'' ? Kind.STRING : Kind.NAME;
    out.add(new Token(kind, sb.toString(), start));
    return i + 1;
  }

  static boolean isKeyword(Token t) {
    if (t.kind() != Kind.IDENT) {
      return false;
    }
    switch (t.text().toLowerCase(Locale.ROOT)) {
      case "and": case "or": case "not": case "is": case "in": case "null": case "true": case "false":
        return true;
      default:
        return false;
    }
  }
}
