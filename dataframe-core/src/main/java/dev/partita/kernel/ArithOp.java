package dev.partita.kernel;

/**
 * An arithmetic operator. {@code DIV} gives a double, as in DuckDB: IEEE division, so a zero divisor
 * gives an infinity or NaN.
 *
 * <pre>{@code
 * FieldVector total = Arithmetic.vectorVector(ArithOp.PLUS, fare, tip, allocator);
 * }</pre>
 */
public enum ArithOp {
  PLUS("+"), MINUS("-"), MUL("*"), DIV("/"), MOD("%");

  private final String symbol;

  ArithOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
