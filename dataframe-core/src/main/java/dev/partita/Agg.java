package dev.partita;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;

/**
 * One aggregation for {@link GroupedData#agg} or {@link DataFrame#agg}, from {@link Functions}.
 * Its output column is named after its input column ({@code count()} is named {@code count})
 * unless renamed with {@link #as}.
 *
 * <pre>{@code
 * df.groupBy("id1").agg(sum("v1").as("total"), mean("v3"), count());
 * }</pre>
 */
public final class Agg {

  private final AggKind kind;
  private final String column;
  private final String name;
  private final String column2;
  private final double param;

  Agg(AggKind kind, String column, String name) {
    this(kind, column, name, null, 0);
  }

  Agg(AggKind kind, String column, String name, String column2, double param) {
    this.kind = kind;
    this.column = column;
    this.name = name;
    this.column2 = column2;
    this.param = param;
  }

  /** The same aggregation with output column {@code name}. */
  public Agg as(String name) {
    return new Agg(kind, column, name, column2, param);
  }

  AggCall call() {
    return new AggCall(kind, column, name != null ? name : column != null ? column : "count", column2, param);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + (column == null ? "" : column)
        + (column2 == null ? "" : ", " + column2) + (param == 0 ? "" : ", " + param) + ")"
        + (name == null ? "" : " AS " + name);
  }
}
