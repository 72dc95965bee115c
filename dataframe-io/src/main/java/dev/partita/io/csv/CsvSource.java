package dev.partita.io.csv;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Source;
import dev.partita.io.fs.Compression;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV files (a path, a glob such as {@code logs/2024-*.csv}, or a directory) as a partitioned
 * source. Files are split into byte ranges of {@link CsvOptions#blockSize()}; compressed files
 * ({@code .gz}, {@code .zst}, {@code .bz2}, or a plain name with a compressed signature, see
 * {@link Compression}) are one partition each.
 *
 * <pre>{@code
 * CsvSource s = CsvSource.of("logs/2024-*.csv", CsvOptions.defaults().dtype("zip", CsvType.STRING));
 * try (BatchReader r = s.open(s.partitions().get(0), ReadSpec.columns("v3"), allocator)) { ... }
 * }</pre>
 *
 * <p>Schema: column names come from the first file's header (all files must have the same header
 * line, else a {@link DataException} names the file that differs); types are inferred from the
 * first {@link CsvOptions#sampleBytes()} bytes of the first non-empty file, as DuckDB's sniffer
 * does, trying the {@link CsvType} constants in order; a column with no value in the sample is a
 * string, and decimals ({@link CsvType#decimal}) are only declared, never inferred. A later
 * value that does not fit fails the read with a {@link DataException} that names file, line, column,
 * value and the {@code dtype} option that fixes it.
 *
 * <p>Empty files: a 0-byte file holds no rows and is skipped; when every file is empty there is no
 * header to take a schema from and {@link #of} fails ("empty file, no header"), as pandas and DuckDB
 * do. A header-only file has the header's columns and no rows.
 *
 * <p>Line breaks inside quoted fields make byte-range splits unsafe. When the sample holds one,
 * every file is read as one partition ({@link #describe()} says so). When the first one is past the
 * sample, the partition whose last line holds it fails loudly, naming
 * {@code CsvOptions.blockSize(Long.MAX_VALUE)}: it is the one reader that knows the next partition
 * would start inside the quoted field. Dialects the byte tokenizer does not handle (escape
 * character, trimming, comment marker, multi-character delimiter) are read with commons-csv, one
 * partition per file.
 */
public final class CsvSource implements Source {

  private static final long serialVersionUID = 1L;
  private static final int HEADER_PROBE_BYTES = 1 << 16;

  /** One column: its name, its type, and whether the type was declared rather than inferred. */
  record Column(String name, CsvType type, boolean declared) implements Serializable {}

  private final String path;
  private final List<DataFile> files;
  private final CsvOptions options;
  private final List<Column> columns;
  private final String sampleFile;
  private final boolean quotedNewlines;
  private final List<Partition> partitions;
  private transient Schema schema;

  private CsvSource(String path, List<DataFile> files, CsvOptions options, List<Column> columns,
      String sampleFile, boolean quotedNewlines) throws IOException {
    this.path = path;
    this.files = List.copyOf(files);
    this.options = options;
    this.columns = List.copyOf(columns);
    this.sampleFile = sampleFile;
    this.quotedNewlines = quotedNewlines;
    this.partitions = List.copyOf(split());
  }

  /**
   * Lists the files, reads the first file's header and sample, checks the other files' headers
   * and plans the partitions.
   *
   * @throws java.io.FileNotFoundException when nothing matches
   * @throws DataException for an empty source, differing headers or a dtype naming no column
   */
  public static CsvSource of(String pathOrGlobOrDir, CsvOptions options) throws IOException {
    List<DataFile> files = Storage.list(pathOrGlobOrDir);
    DataFile first = files.stream().filter(f -> f.size() > 0).findFirst()
        .orElseThrow(() -> CsvErrors.emptyFile(files.get(0).path()));
    Sample sample = Sample.read(first, options);
    if (sample.records.isEmpty()) {
      throw CsvErrors.emptyFile(first.path());
    }
    List<String> header = sample.records.get(0);
    if (options.hasHeader()) {
      for (DataFile f : files) {
        if (f.size() > 0 && !f.equals(first)) {
          List<String> h = readHeader(f, options);
          if (!h.equals(header)) {
            throw CsvErrors.headerDiffers(f.path(), h, first.path(), header);
          }
        }
      }
    }
    List<String> names = names(header, options.hasHeader());
    for (String declared : options.dtypes().keySet()) {
      if (!names.contains(declared)) {
        throw new DataException(first.path(), null, declared, null,
            "CsvOptions.dtype names a column the file does not have",
            "The columns are: " + String.join(", ", names));
      }
    }
    List<List<String>> data = sample.records.subList(options.hasHeader() ? 1 : 0,
        sample.records.size());
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      CsvType declared = options.dtypes().get(names.get(i));
      columns.add(declared != null ? new Column(names.get(i), declared, true)
          : new Column(names.get(i), infer(data, i, names.size(), options.nullString()), false));
    }
    return new CsvSource(pathOrGlobOrDir, files, options, columns, first.path(),
        sample.quotedNewlines);
  }

  /** Header names, blank ones named {@code column<i>} and repeats suffixed {@code _1, _2, ...}. */
  private static List<String> names(List<String> header, boolean hasHeader) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String base = hasHeader && header.get(i) != null && !header.get(i).isBlank()
          ? header.get(i) : "column" + i;
      String n = base;
      for (int k = 1; !seen.add(n); k++) {
        n = base + "_" + k;
      }
      out.add(n);
    }
    return out;
  }

  /** The first type in inference order that every non-null sampled value fits. */
  private static CsvType infer(List<List<String>> rows, int col, int ncols, String nullString) {
    Set<CsvType> candidates = new LinkedHashSet<>(CsvType.INFERRED);
    boolean any = false;
    for (List<String> r : rows) {
      String v = r.size() == ncols ? r.get(col) : null;
      if (v == null || v.isEmpty() || v.equals(nullString)) {
        continue;
      }
      any = true;
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      candidates.removeIf(t -> !Values.fits(t, b, 0, b.length));
      if (candidates.size() == 1) {
        break;
      }
    }
    return any ? candidates.iterator().next() : CsvType.STRING;
  }

  /** The first record of a file. */
  private static List<String> readHeader(DataFile f, CsvOptions o) throws IOException {
    for (int n = HEADER_PROBE_BYTES; ; n *= 4) {
      Sample s = Sample.parse(prefix(f, n), n, o);
      if (!s.records.isEmpty()) {
        return s.records.get(0);
      }
      if (!s.truncated) {
        return List.of();
      }
    }
  }

  /** Up to {@code n + 1} decompressed bytes from the start of the file (n + 1 tells "more"). */
  private static byte[] prefix(DataFile f, int n) throws IOException {
    try (InputStream in = Compression.openStream(f)) {
      return in.readNBytes(n + 1);
    }
  }

  /** The parsed start of a file: its records and whether a quoted field spans lines. */
  private static final class Sample {
    final List<List<String>> records = new ArrayList<>();
    boolean truncated;
    boolean quotedNewlines;

    static Sample read(DataFile f, CsvOptions o) throws IOException {
      return parse(prefix(f, o.sampleBytes()), o.sampleBytes(), o);
    }

    /**
     * Parses whole lines of {@code bytes} (cut after the last newline when the file goes on). A
     * parse error, e.g. a quote still open where the cut falls, counts as a quoted line break:
     * the file is then read whole, and the reader reports any real error with its line.
     */
    static Sample parse(byte[] bytes, int limit, CsvOptions o) throws IOException {
      Sample s = new Sample();
      int n = bytes.length;
      if (n > limit) {
        s.truncated = true;
        n = limit;
        while (n > 0 && bytes[n - 1] != '\n') {
          n--;
        }
      }
      String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
      try (CSVParser p = CSVParser.parse(new StringReader(text), o.format())) {
        for (CSVRecord r : p) {
          List<String> values = r.toList();
          for (String v : values) {
            if (v != null && (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)) {
              s.quotedNewlines = true;
            }
          }
          s.records.add(values);
        }
      } catch (UncheckedIOException e) {
        s.quotedNewlines = true;
      }
      return s;
    }
  }

  private List<CsvPartition> split() throws IOException {
    List<CsvPartition> out = new ArrayList<>();
    boolean whole = quotedNewlines || !options.byteDialect();
    long bs = options.blockSize();
    for (DataFile f : files) {
      if (f.size() == 0) {
        continue;
      }
      if (whole || f.size() <= bs || Compression.detect(f) != Compression.NONE) {
        out.add(new CsvPartition(f, out.size(), 0, f.size()));
      } else {
        for (long s = 0; s < f.size(); s += bs) {
          out.add(new CsvPartition(f, out.size(), s, Math.min(f.size(), s + bs)));
        }
      }
    }
    return out;
  }

  @Override
  public Schema schema() {
    if (schema == null) {
      schema = schemaOf(columns);
    }
    return schema;
  }

  private static Schema schemaOf(List<Column> cols) {
    List<Field> fields = new ArrayList<>();
    for (Column c : cols) {
      fields.add(new Field(c.name(), FieldType.nullable(c.type().arrowType()), null));
    }
    return new Schema(fields);
  }

  @Override
  public List<Partition> partitions() {
    return partitions;
  }

  /** The files read, in partition order (0-byte files included, they hold no partition). */
  public List<DataFile> files() {
    return files;
  }

  public CsvOptions options() {
    return options;
  }

  /** Column name to type, in file order (declared or inferred). */
  public Map<String, CsvType> types() {
    Map<String, CsvType> m = new LinkedHashMap<>();
    columns.forEach(c -> m.put(c.name(), c.type()));
    return Collections.unmodifiableMap(m);
  }

  @Override
  public BatchReader open(Partition partition, ReadSpec spec, BufferAllocator allocator)
      throws IOException {
    if (!(partition instanceof CsvPartition p) || !files.contains(p.file())) {
      throw new IllegalArgumentException("not a partition of " + describe() + ": " + partition);
    }
    columns(spec.columns());
    return options.byteDialect() ? new ByteCsvReader(this, p, spec, allocator)
        : new CommonsCsvReader(this, p, spec, allocator);
  }

  @Override
  public String describe() {
    String why = !options.byteDialect() ? ", one partition per file: dialect read by commons-csv"
        : quotedNewlines ? ", one partition per file: line breaks inside quoted fields in the"
            + " first " + options.sampleBytes() + " bytes" : "";
    return "csv[" + path + ", " + files.size() + (files.size() == 1 ? " file, " : " files, ")
        + partitions.size() + " partitions" + why + "]";
  }

  int columnCount() {
    return columns.size();
  }

  /** The named columns, in the order given. */
  List<Column> columns(List<String> names) {
    List<Column> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(columns.get(indexOf(n)));
    }
    return out;
  }

  /** For each file column, its position among {@code names}, or -1 when not projected. */
  int[] targets(List<String> names) {
    int[] t = new int[columns.size()];
    Arrays.fill(t, -1);
    for (int i = 0; i < names.size(); i++) {
      int c = indexOf(names.get(i));
      if (t[c] >= 0) {
        throw new IllegalArgumentException("column '" + names.get(i) + "' projected twice");
      }
      t[c] = i;
    }
    return t;
  }

  private int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column '" + name + "' in " + describe()
        + "; columns are " + columns.stream().map(Column::name).toList());
  }

  Schema projectedSchema(List<String> names) {
    return schemaOf(columns(names));
  }

  String sampleFile() {
    return sampleFile;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvSource s && path.equals(s.path) && files.equals(s.files)
        && options.equals(s.options) && columns.equals(s.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, files, options, columns);
  }

  @Override
  public String toString() {
    return describe();
  }
}
