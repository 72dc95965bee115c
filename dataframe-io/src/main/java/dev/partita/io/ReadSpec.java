package dev.partita.io;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What to read from a partition: the projected columns (in output order), an optional filter that a
 * reader may use to skip data that cannot match (row groups, or rows it can decide cheaply; the
 * caller filters the rows it gets again), the batch size
 * in rows, and the string and integer columns the caller also accepts as a {@link DictionaryVector} of
 * codes (a reader that keeps no dictionaries, such as CSV's, hands them out as values all the same).
 *
 * <pre>{@code
 * ReadSpec spec = ReadSpec.columns("id1", "v1").withFilter(Filter.gt("v1", 2))
 *     .withDictionaryIds(List.of("id1"));
 * }</pre>
 */
public record ReadSpec(List<String> columns, Filter filter, int batchRows, Set<String> dictionaryIds)
    implements Serializable {

  /** Default rows per batch. */
  public static final int DEFAULT_BATCH_ROWS = 65_536;

  public ReadSpec {
    columns = List.copyOf(columns);
    dictionaryIds = Set.copyOf(dictionaryIds);
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
    }
    if (!columns.containsAll(dictionaryIds)) {
      throw new IllegalArgumentException("dictionary ids " + dictionaryIds
          + " are not all among the columns " + columns);
    }
  }

  /** Reads the given columns, no filter, default batch size, strings as strings. */
  public static ReadSpec columns(List<String> columns) {
    return new ReadSpec(columns, null, DEFAULT_BATCH_ROWS, Set.of());
  }

  /** Reads the given columns, no filter, default batch size, strings as strings. */
  public static ReadSpec columns(String... columns) {
    return columns(List.of(columns));
  }

  public ReadSpec withFilter(Filter f) {
    return new ReadSpec(columns, f, batchRows, dictionaryIds);
  }

  public ReadSpec withBatchRows(int rows) {
    return new ReadSpec(columns, filter, rows, dictionaryIds);
  }

  /** The same, with {@code columns} (among the read ones) accepted as dictionary codes. */
  public ReadSpec withDictionaryIds(Collection<String> columns) {
    return new ReadSpec(this.columns, filter, batchRows, Set.copyOf(columns));
  }
}
