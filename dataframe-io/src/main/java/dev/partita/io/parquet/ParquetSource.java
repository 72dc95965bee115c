package dev.partita.io.parquet;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.Filter;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Source;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Parquet files (one file, a directory or a glob) as a {@link Source}: partitions are runs of
 * consecutive row groups of one file ({@link ParquetOptions}), projection reads only the requested
 * column chunks, and a filter skips row groups by their statistics ({@link #partitions(Filter)}
 * drops partitions none of whose row groups can match; a reader opened with a filter skips such
 * row groups inside its partition, and those whose dictionaries hold no matching value). Each
 * footer is read once, when the source is opened, and kept for the partitions' reads; a
 * deserialized source reads it again on first use.
 *
 * <pre>{@code
 * ParquetSource s = ParquetSource.of("trips/*.parquet", ParquetOptions.defaults());
 * List<Partition> ps = s.partitions(Filter.gt("fare", 100.0));
 * }</pre>
 */
public final class ParquetSource implements Source {

  private static final long serialVersionUID = 2L;

  private final String path;
  private final ParquetOptions options;
  private final List<DataFile> files;
  private final String schemaJson;
  /** Columns present in the files that cannot be read, with the reason (said when projected). */
  private final Map<String, String> unsupported;
  private final List<ParquetPartition> partitions;

  private transient volatile Schema schema;
  private transient volatile Map<DataFile, ParquetMetadata> footers;

  private ParquetSource(String path, ParquetOptions options, List<DataFile> files, Schema schema,
      Map<String, String> unsupported, List<ParquetPartition> partitions,
      Map<DataFile, ParquetMetadata> footers) {
    this.path = path;
    this.options = options;
    this.files = List.copyOf(files);
    this.schema = schema;
    this.schemaJson = schema.toJson();
    this.unsupported = Map.copyOf(unsupported);
    this.partitions = List.copyOf(partitions);
    this.footers = footers;
  }

  /**
   * Lists the files, reads every footer once and checks that all files share one schema.
   *
   * @throws DataException for a file that is not Parquet, is cut short, or whose schema differs
   */
  public static ParquetSource of(String pathOrGlobOrDir, ParquetOptions options)
      throws IOException {
    List<DataFile> files = Storage.list(pathOrGlobOrDir);
    Map<DataFile, ParquetMetadata> footers = new ConcurrentHashMap<>();
    Schema schema = null;
    Map<String, String> unsupported = null;
    DataFile first = null;
    List<List<BlockMetaData>> blocksPerFile = new ArrayList<>();
    for (DataFile f : files) {
      ParquetMetadata footer = ParquetFiles.footer(f);
      footers.put(f, footer);
      Map<String, String> bad = new LinkedHashMap<>();
      Schema s = arrowSchema(footer.getFileMetaData().getSchema(), options, bad);
      if (schema == null) {
        schema = s;
        unsupported = bad;
        first = f;
      } else if (!schema.equals(s) || !unsupported.equals(bad)) {
        throw new DataException(f.path(), null, null, null,
            "its schema " + describe(s) + " differs from " + describe(schema) + " of "
                + first.path(),
            "read the files separately, or rewrite them with one schema");
      }
      blocksPerFile.add(footer.getBlocks());
    }
    List<ParquetPartition> parts = new ArrayList<>();
    List<int[]> starts = RowGroupRuns.starts(blocksPerFile, options);
    for (int f = 0; f < files.size(); f++) {
      List<BlockMetaData> blocks = blocksPerFile.get(f);
      int[] s = starts.get(f);
      for (int r = 0; r < s.length; r++) {
        int end = r + 1 < s.length ? s[r + 1] : blocks.size();
        long rows = 0;
        for (int g = s[r]; g < end; g++) {
          rows += blocks.get(g).getRowCount();
        }
        parts.add(new ParquetPartition(files.get(f), parts.size(), s[r], end - s[r], rows));
      }
    }
    return new ParquetSource(pathOrGlobOrDir, options, files, schema, unsupported, parts,
        footers);
  }

  private static Schema arrowSchema(MessageType m, ParquetOptions options,
      Map<String, String> unsupported) {
    List<Field> fields = new ArrayList<>();
    for (Type t : m.getFields()) {
      String reason = ParquetColumns.unsupportedReason(t);
      if (reason != null) {
        unsupported.put(t.getName(), reason);
      } else {
        fields.add(ParquetColumns.field(t.asPrimitiveType()));
      }
    }
    return new Schema(fields);
  }

  private static String describe(Schema s) {
    StringBuilder sb = new StringBuilder("(");
    for (Field f : s.getFields()) {
      sb.append(sb.length() > 1 ? ", " : "").append(f.getName()).append(' ').append(f.getType());
    }
    return sb.append(')').toString();
  }

  @Override
  public Schema schema() {
    Schema s = schema;
    if (s == null) {
      try {
        s = Schema.fromJSON(schemaJson);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      schema = s;
    }
    return s;
  }

  public ParquetOptions options() {
    return options;
  }

  /** The files read, in partition order. */
  public List<DataFile> files() {
    return files;
  }

  @Override
  public List<Partition> partitions() {
    return List.copyOf(partitions);
  }

  /** The partitions some of whose row groups' statistics do not rule out {@code filter}. */
  @Override
  public List<Partition> partitions(Filter filter) {
    if (filter == null) {
      return partitions();
    }
    List<Partition> kept = new ArrayList<>();
    for (ParquetPartition p : partitions) {
      if (rowGroups(p, filter).length > 0) {
        kept.add(p);
      }
    }
    return kept;
  }

  /** The partition's row groups that {@code filter} (if any) cannot rule out by statistics. */
  private int[] rowGroups(ParquetPartition p, Filter filter) {
    List<BlockMetaData> blocks = footer(p.file()).getBlocks();
    int[] out = new int[p.rowGroups()];
    int n = 0;
    for (int g = p.firstRowGroup(); g < p.firstRowGroup() + p.rowGroups(); g++) {
      if (filter == null || RowGroupPruner.mayMatch(filter, blocks.get(g))) {
        out[n++] = g;
      }
    }
    return Arrays.copyOf(out, n);
  }

  @Override
  public BatchReader open(Partition partition, ReadSpec spec, BufferAllocator allocator)
      throws IOException {
    ParquetPartition p = (ParquetPartition) partition;
    ParquetMetadata footer = footer(p.file());
    MessageType fileSchema = footer.getFileMetaData().getSchema();
    List<Field> fields = new ArrayList<>();
    List<ColumnDescriptor> columns = new ArrayList<>();
    for (String name : spec.columns()) {
      String reason = unsupported.get(name);
      if (reason != null) {
        throw new DataException(p.file().path(), null, name, null,
            "cannot read this column: " + reason, "leave it out of the selected columns");
      }
      Field f = field(name);
      if (f == null) {
        throw new DataException(p.file().path(), null, name, null, "no such column",
            "the columns are " + schema().getFields().stream().map(Field::getName).toList());
      }
      fields.add(f);
      columns.add(fileSchema.getColumnDescription(new String[] {name}));
    }
    return new ParquetBatchReader(p.file().path(), ParquetFiles.input(p.file()), footer,
        rowGroups(p, spec.filter()), fields, columns, spec.batchRows(), allocator,
        options.vectorized(), spec.dictionaryIds(), spec.filter());
  }

  private Field field(String name) {
    for (Field f : schema().getFields()) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private ParquetMetadata footer(DataFile f) {
    Map<DataFile, ParquetMetadata> cache = footers;
    if (cache == null) {
      cache = new ConcurrentHashMap<>();
      footers = cache;
    }
    return cache.computeIfAbsent(f, file -> {
      try {
        return ParquetFiles.footer(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public String describe() {
    return "parquet[" + path + ", " + partitions.size() + " partitions]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParquetSource s && s.path.equals(path) && s.options.equals(options)
        && s.files.equals(files);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + files.hashCode() * 7 + options.hashCode();
  }

  @Override
  public String toString() {
    return describe();
  }
}
