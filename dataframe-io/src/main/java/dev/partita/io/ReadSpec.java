package dev.partita.io;

import java.io.Serializable;
import java.util.List;

/**
 * What to read from a partition: the projected columns (in output order), an optional filter that a
 * reader may use to skip data that cannot match (it never removes individual rows), and the batch
 * size in rows.
 *
 * <pre>{@code
 * ReadSpec spec = ReadSpec.columns("id1", "v1").withFilter(Filter.gt("v1", 2));
 * }</pre>
 */
public record ReadSpec(List<String> columns, Filter filter, int batchRows) implements Serializable {

  /** Default rows per batch. */
  public static final int DEFAULT_BATCH_ROWS = 65_536;

  public ReadSpec {
    columns = List.copyOf(columns);
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
    }
  }

  /** Reads the given columns, no filter, default batch size. */
  public static ReadSpec columns(List<String> columns) {
    return new ReadSpec(columns, null, DEFAULT_BATCH_ROWS);
  }

  /** Reads the given columns, no filter, default batch size. */
  public static ReadSpec columns(String... columns) {
    return columns(List.of(columns));
  }

  public ReadSpec withFilter(Filter f) {
    return new ReadSpec(columns, f, batchRows);
  }

  public ReadSpec withBatchRows(int rows) {
    return new ReadSpec(columns, filter, rows);
  }
}
