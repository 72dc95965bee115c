package dev.partita.kernel;

/**
 * A comparison operator, applied to the sign of a three-way comparison.
 *
 * <pre>{@code
 * BitVector gt = Compare.vectorScalar(CmpOp.GT, fares, 10.0, allocator);
 * }</pre>
 */
public enum CmpOp {
  EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

  private final String symbol;

  CmpOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** The operator that gives the same answer with its operands swapped ({@code a < b} is {@code b > a}). */
  public CmpOp flip() {
    switch (this) {
      case LT: return GT;
      case LE: return GE;
      case GT: return LT;
      case GE: return LE;
      default: return this;
    }
  }

  /**
   * The operator as three bits, one for each sign of a comparison (bit 0: less, 1: equal, 2: greater), so a
   * kernel tests {@code (mask >>> (sign + 1)) & 1} without a branch per row.
   */
  int mask() {
    switch (this) {
      case EQ: return 0b010;
      case NE: return 0b101;
      case LT: return 0b001;
      case LE: return 0b011;
      case GT: return 0b100;
      default: return 0b110;
    }
  }

  boolean test(int c) {
    switch (this) {
      case EQ: return c == 0;
      case NE: return c != 0;
      case LT: return c < 0;
      case LE: return c <= 0;
      case GT: return c > 0;
      default: return c >= 0;
    }
  }
}
