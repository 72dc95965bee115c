package dev.partita;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.expr.Node;
import java.util.Locale;

/**
 * One aggregation for {@link GroupedData#agg} or {@link DataFrame#agg}, from {@link Functions}, over a column
 * or an expression. Its output column is named after its input column ({@code count()} is named
 * {@code count}, an aggregation of an expression after the call, e.g. {@code sum((a * b))}) unless renamed
 * with {@link #as}.
 *
 * <pre>{@code
 * df.groupBy("id1").agg(sum("v1").as("total"), mean(col("v2").mul(col("v3"))).as("m"), count());
 * }</pre>
 */
public final class Agg {

  private final AggKind kind;
  private final Node input;
  private final String name;
  private final Node input2;
  private final double param;

  Agg(AggKind kind, String column, String name) {
    this(kind, column == null ? null : new Node.Column(column), name, null, 0);
  }

  Agg(AggKind kind, Node input, String name, Node input2, double param) {
    this.kind = kind;
    this.input = input;
    this.name = name;
    this.input2 = input2;
    this.param = param;
  }

  /** The same aggregation with output column {@code name}. */
  public Agg as(String name) {
    return new Agg(kind, input, name, input2, param);
  }

  AggKind kind() {
    return kind;
  }

  /** The input expression (null for {@code count()}). */
  Node input() {
    return input;
  }

  /** The second input of {@code corr} and {@code covar}, else null. */
  Node input2() {
    return input2;
  }

  /**
   * The call over the columns {@code column} and {@code column2} (which compute the inputs: the inputs
   * themselves when they are columns), named by the alias or after the input.
   */
  AggCall call(String column, String column2) {
    String out = name != null ? name : input == null ? "count"
        : input instanceof Node.Column c && input2 == null ? c.name() : toString();
    return new AggCall(kind, column, out, column2, param);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + "(" + (input == null ? "" : input)
        + (input2 == null ? "" : ", " + input2) + (param == 0 ? "" : ", " + param) + ")"
        + (name == null ? "" : " AS " + name);
  }
}
