package dev.partita.kernel;

/**
 * An arithmetic operator. Integer {@code DIV} gives a double, as in DuckDB.
 *
 * <pre>{@code
 * FieldVector total = Arithmetic.vectorVector(ArithOp.PLUS, fare, tip, allocator);
 * }</pre>
 */
public enum ArithOp {
  PLUS("+"), MINUS("-"), MUL("*"), DIV("/");

  private final String symbol;

  ArithOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
