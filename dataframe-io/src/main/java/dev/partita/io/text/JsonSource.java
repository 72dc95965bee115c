package dev.partita.io.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Source;
import dev.partita.io.csv.OnBadLines;
import dev.partita.io.fs.Compression;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Files of JSON lines, one JSON object per line ({@code .jsonl}, {@code .ndjson}, {@code .json},
 * each also compressed), as a partitioned source: a path, a glob such as
 * {@code events/*.jsonl.gz}, or a directory. Plain files are split into byte ranges of
 * {@link JsonOptions#blockSize()} on line starts; compressed files are one partition each.
 *
 * <pre>{@code
 * JsonSource s = JsonSource.of("events/*.jsonl.gz", JsonOptions.defaults().dtype("id", JsonType.STRING));
 * try (BatchReader r = s.open(s.partitions().get(0), ReadSpec.columns("user.name"), allocator)) { ... }
 * }</pre>
 *
 * <p>Schema: inferred from the first {@link JsonOptions#sampleBytes()} of each of the first
 * {@link JsonOptions#sampleFiles()} files. Numbers are INT64, or FLOAT64 when any is not an
 * integer; strings that are all dates or all ISO timestamps are DATE or TIMESTAMP (UTC); a field
 * whose values disagree otherwise is STRING (numbers and booleans as their JSON text). Nested
 * objects are flattened: {@code {"user": {"id": 1}}} gives a column {@code user.id}; arrays, and
 * fields holding objects and other values, are STRING columns of JSON text. A field missing from a
 * line, or null, reads as null; a field the sample never showed is not read (declare it with
 * {@link JsonOptions#dtype}).
 *
 * <p>Reading streams each line through Jackson's {@code JsonParser} straight into Arrow vectors;
 * fields that are not read are skipped without building their values. A value that does not fit
 * its column's type fails the read with a {@link DataException} naming file, line, field, value
 * and the {@code dtype} option that fixes it; a line that is not one JSON object is handled as
 * {@link JsonOptions#onBadLines()} says. Blank lines are skipped.
 */
public final class JsonSource implements Source {

  private static final long serialVersionUID = 1L;

  /**
   * Doubles through Jackson's copy of fastdoubleparser instead of the JDK's: reading all nine
   * columns of a 244 MB, 1.4 million line events file (one double per line) took 3.15 s of CPU
   * before and 1.91 s after, best of 3 on one thread.
   */
  static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /** One column: its name, the keys leading to it, its type, whether declared or inferred. */
  record Column(String name, List<String> path, JsonType type, boolean declared)
      implements Serializable {}

  private final String path;
  private final List<DataFile> files;
  private final JsonOptions options;
  private final List<Column> columns;
  private final String sample;
  private final List<Partition> partitions;
  private transient Schema schema;

  private JsonSource(String path, List<DataFile> files, JsonOptions options, List<Column> columns,
      String sample) throws IOException {
    this.path = path;
    this.files = List.copyOf(files);
    this.options = options;
    this.columns = List.copyOf(columns);
    this.sample = sample;
    this.partitions = List.copyOf(LinePartition.split(files, options.blockSize()));
  }

  /** The JSON lines of a file, glob or directory, with default options. */
  public static JsonSource of(String pathOrGlobOrDir) throws IOException {
    return of(pathOrGlobOrDir, JsonOptions.defaults());
  }

  /**
   * Lists the files, samples them for the schema and plans the partitions.
   *
   * @throws java.io.FileNotFoundException when nothing matches
   * @throws DataException when the sample holds no field and none is declared, or a bad line
   */
  public static JsonSource of(String pathOrGlobOrDir, JsonOptions options) throws IOException {
    List<DataFile> files = Storage.list(pathOrGlobOrDir);
    JsonInference inference = new JsonInference();
    List<DataFile> sampled = files.stream().filter(f -> f.size() > 0)
        .limit(options.sampleFiles()).toList();
    for (DataFile f : sampled) {
      try {
        sample(f, options, inference);
      } catch (DataException e) {
        throw Compression.explain(f, e);
      }
    }
    List<Column> columns = declare(inference.columns(), options);
    if (columns.isEmpty()) {
      throw new DataException(pathOrGlobOrDir, null, null, null,
          sampled.isEmpty() ? "every file is empty, so there is no field to read"
              : "the sampled lines hold no field",
          "Declare the fields to read with JsonOptions.dtype(name, type)");
    }
    String note = "the first " + options.sampleBytes() + " bytes of " + (sampled.size() == 1
        ? sampled.get(0).path() : sampled.size() + " files from " + sampled.get(0).path());
    return new JsonSource(pathOrGlobOrDir, files, options, columns, note);
  }

  private static void sample(DataFile f, JsonOptions options, JsonInference inference)
      throws IOException {
    long read = 0;
    try (LineReader lines = new LineReader(new LinePartition(f, 0, 0, f.size()))) {
      while (read < options.sampleBytes() && lines.next()) {
        byte[] b = lines.buf();
        int s = lines.lineStart();
        int e = lines.lineEnd();
        read += e - s + 1;
        if (blank(b, s, e)) {
          continue;
        }
        try (JsonParser p = JSON.createParser(b, s, e - s)) {
          JsonToken t = p.nextToken();
          if (t == JsonToken.START_OBJECT) {
            inference.object(p);
            if (p.nextToken() == null) {
              continue;
            }
          }
          if (options.onBadLines() == OnBadLines.ERROR) {
            throw JsonErrors.notAnObject(f.path(), lines.lineNumber(), JsonErrors.text(b, s, e),
                t);
          }
        } catch (JsonProcessingException x) {
          if (options.onBadLines() == OnBadLines.ERROR) {
            throw JsonErrors.notJson(f.path(), lines.lineNumber(), JsonErrors.text(b, s, e), x);
          }
        }
      }
    }
  }

  /** True when {@code b[s, e)} is only spaces and tabs. */
  static boolean blank(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * The inferred columns with the declared types applied. A declared name takes the place of the
   * inferred columns it overlaps: the one of that name, those inside it ({@code name.*}) and the
   * one it lies inside (declaring {@code k.a} where {@code k} was inferred as JSON text). A declared
   * name that overlaps nothing is added at the end, its key path the name split at dots.
   */
  private static List<Column> declare(List<Column> inferred, JsonOptions options) {
    List<Column> out = new ArrayList<>();
    Map<String, JsonType> left = new LinkedHashMap<>(options.dtypes());
    for (Column c : inferred) {
      String overlapping = options.dtypes().keySet().stream()
          .filter(d -> d.equals(c.name()) || c.name().startsWith(d + ".")
              || d.startsWith(c.name() + "."))
          .findFirst().orElse(null);
      if (overlapping == null) {
        out.add(c);
      } else if (left.containsKey(overlapping)) {
        List<String> path = overlapping.equals(c.name()) ? c.path()
            : Arrays.asList(overlapping.split("\\."));
        out.add(new Column(overlapping, path, left.remove(overlapping), true));
      }
    }
    left.forEach((name, type) -> out.add(new Column(name, Arrays.asList(name.split("\\.")), type,
        true)));
    return out;
  }

  @Override
  public Schema schema() {
    if (schema == null) {
      schema = schemaOf(columns);
    }
    return schema;
  }

  static Schema schemaOf(List<Column> cols) {
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

  public JsonOptions options() {
    return options;
  }

  /** Column name to type, in schema order (declared or inferred). */
  public Map<String, JsonType> types() {
    Map<String, JsonType> m = new LinkedHashMap<>();
    columns.forEach(c -> m.put(c.name(), c.type()));
    return Collections.unmodifiableMap(m);
  }

  @Override
  public BatchReader open(Partition partition, ReadSpec spec, BufferAllocator allocator)
      throws IOException {
    if (!(partition instanceof LinePartition p) || !files.contains(p.file())) {
      throw new IllegalArgumentException("not a partition of " + describe() + ": " + partition);
    }
    List<Column> projected = new ArrayList<>();
    for (String n : spec.columns()) {
      Column c = columns.stream().filter(x -> x.name().equals(n)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no column '" + n + "' in " + describe()
              + "; columns are " + columns.stream().map(Column::name).toList()));
      if (projected.contains(c)) {
        throw new IllegalArgumentException("column '" + n + "' projected twice");
      }
      projected.add(c);
    }
    return new JsonReader(p, projected, spec.batchRows(), options.onBadLines(), sample,
        allocator);
  }

  @Override
  public String describe() {
    return "json[" + path + ", " + files.size() + (files.size() == 1 ? " file, " : " files, ")
        + partitions.size() + " partitions]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonSource s && path.equals(s.path) && files.equals(s.files)
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
