package dev.partita.plan;

import java.util.Locale;

/**
 * The kinds of join, with SQL's semantics: which unmatched rows are kept, and whether the right's columns
 * are part of the output ({@code semi} and {@code anti} keep only the left's).
 *
 * <pre>{@code
 * JoinType t = JoinType.of("left");   // LEFT
 * }</pre>
 */
public enum JoinType {
  INNER, LEFT, RIGHT, FULL, SEMI, ANTI;

  /** The join type named {@code how} ({@code inner}, {@code left}, {@code right}, {@code full}, {@code semi}, {@code anti}). */
  public static JoinType of(String how) {
    String h = how.trim().toLowerCase(Locale.ROOT);
    switch (h) {
      case "inner": return INNER;
      case "left": case "left_outer": case "leftouter": return LEFT;
      case "right": case "right_outer": case "rightouter": return RIGHT;
      case "full": case "outer": case "full_outer": case "fullouter": return FULL;
      case "semi": case "left_semi": case "leftsemi": return SEMI;
      case "anti": case "left_anti": case "leftanti": return ANTI;
      default:
        throw new IllegalArgumentException("unknown join type '" + how
            + "'; use one of inner, left, right, full, semi, anti");
    }
  }

  /** Whether left rows without a match are kept (with nulls for the right's columns). */
  public boolean keepsUnmatchedLeft() {
    return this == LEFT || this == FULL;
  }

  /** Whether right rows without a match are kept (with nulls for the left's columns). */
  public boolean keepsUnmatchedRight() {
    return this == RIGHT || this == FULL;
  }

  /** Whether the output has the right's columns (all but semi and anti). */
  public boolean outputsRight() {
    return this != SEMI && this != ANTI;
  }
}
