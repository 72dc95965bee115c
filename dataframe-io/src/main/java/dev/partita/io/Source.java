package dev.partita.io;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A partitioned, typed table on storage: a schema and a list of partitions, each opened as a
 * stream of Arrow batches. Sources are small serializable descriptions (paths and options), so a
 * graph task can carry one and a cache key can hash it.
 *
 * <pre>{@code
 * Source s = Sources.open("trips/*.csv");
 * try (BatchReader r = s.open(s.partitions().get(0), ReadSpec.columns("fare"), allocator)) { ... }
 * }</pre>
 */
public interface Source extends Serializable {

  /** The full schema of the table (all columns, in file order). */
  Schema schema();

  /** Every partition, in a stable order. */
  List<Partition> partitions();

  /**
   * The partitions that may hold rows matching {@code filter}; a source with statistics (Parquet
   * row groups) drops those that cannot match. {@code null} means no filter. The default keeps all.
   */
  default List<Partition> partitions(Filter filter) {
    return partitions();
  }

  /**
   * Opens one partition. Only {@link ReadSpec#columns()} are read; the batches have exactly those
   * columns in that order, each a vector of its schema type, except that a column in
   * {@link ReadSpec#dictionaryIds()} may come as a {@link DictionaryVector}. The caller closes the
   * reader and every batch it returns.
   */
  BatchReader open(Partition partition, ReadSpec spec, BufferAllocator allocator) throws IOException;

  /** A one-line description for plans and reports, e.g. {@code csv[trips/*.csv, 12 partitions]}. */
  String describe();
}
