package dev.partita.plan;

import java.io.Serializable;

/**
 * One key of a sort: a column, its direction, and where nulls go. DuckDB's defaults: ascending, nulls last
 * (whatever the direction).
 *
 * <pre>{@code
 * new SortKey("revenue", true, false);   // revenue DESC NULLS LAST
 * }</pre>
 */
public record SortKey(String column, boolean descending, boolean nullsFirst) implements Serializable {

  /** Ascending, nulls last. */
  public static SortKey asc(String column) {
    return new SortKey(column, false, false);
  }

  @Override
  public String toString() {
    return column + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }
}
