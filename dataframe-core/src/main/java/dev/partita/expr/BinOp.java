package dev.partita.expr;

import dev.partita.kernel.ArithOp;
import dev.partita.kernel.CmpOp;

/**
 * The binary operators of expressions, grouped as arithmetic, comparison and boolean logic.
 *
 * <pre>{@code
 * new Node.Binary(BinOp.PLUS, col, lit);
 * BinOp.GT.comparison();   // CmpOp.GT
 * }</pre>
 */
public enum BinOp {
  PLUS(ArithOp.PLUS, null), MINUS(ArithOp.MINUS, null), MUL(ArithOp.MUL, null), DIV(ArithOp.DIV, null),
  MOD(ArithOp.MOD, null),
  EQ(null, CmpOp.EQ), NE(null, CmpOp.NE), LT(null, CmpOp.LT), LE(null, CmpOp.LE), GT(null, CmpOp.GT),
  GE(null, CmpOp.GE), AND(null, null), OR(null, null);

  private final ArithOp arithmetic;
  private final CmpOp comparison;

  BinOp(ArithOp arithmetic, CmpOp comparison) {
    this.arithmetic = arithmetic;
    this.comparison = comparison;
  }

  /** The arithmetic kernel operator, or null. */
  public ArithOp arithmetic() {
    return arithmetic;
  }

  /** The comparison kernel operator, or null. */
  public CmpOp comparison() {
    return comparison;
  }

  public String symbol() {
    if (arithmetic != null) {
      return arithmetic.symbol();
    }
    return comparison != null ? comparison.symbol() : name();
  }
}
