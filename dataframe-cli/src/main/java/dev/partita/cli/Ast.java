package dev.partita.cli;

import java.util.List;
import java.util.stream.Collectors;

/** The syntax tree of a {@code --where} expression, independent of the engine's expression classes. */
sealed interface Ast {

  /** A column reference. */
  record Column(String name) implements Ast {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A literal: a Long, Double, String, Boolean or null. */
  record Literal(Object value) implements Ast {
    @Override
    public String toString() {
      return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
  }

  /** A binary operator: {@code + - * / = != < <= > >= and or}. */
  record Binary(String op, Ast left, Ast right) implements Ast {
    @Override
    public String toString() {
      return "(" + left + " " + op + " " + right + ")";
    }
  }

  /** {@code not x} or {@code -x}. */
  record Unary(String op, Ast operand) implements Ast {
    @Override
    public String toString() {
      return "(" + op + " " + operand + ")";
    }
  }

  /** {@code x is null} or, negated, {@code x is not null}. */
  record IsNull(Ast operand, boolean negated) implements Ast {
    @Override
    public String toString() {
      return "(" + operand + (negated ? " is not null)" : " is null)");
    }
  }

  /** {@code x in (a, b)} or, negated, {@code x not in (a, b)}. */
  record In(Ast operand, List<Literal> values, boolean negated) implements Ast {
    @Override
    public String toString() {
      String list = values.stream().map(Literal::toString).collect(Collectors.joining(", "));
      return "(" + operand + (negated ? " not in (" : " in (") + list + "))";
    }
  }
}
