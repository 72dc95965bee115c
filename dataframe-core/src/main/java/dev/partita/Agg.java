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

  Agg(AggKind kind, String column, String name) {
    this.kind = kind;
    this.column = column;
    this.name = name;
  }

  /** The same aggregation with output column {@code name}. */
  public Agg as(String name) {
    return new Agg(kind, column, name);
  }

  AggCall call() {
    return new AggCall(kind, column, name != null ? name : column != null ? column : "count");
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + (column == null ? "" : column) + ")"
        + (name == null ? "" : " AS " + name);
  }
}
