package dev.partita.io.text;

import dev.partita.io.BatchReader;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Source;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Files of text lines (a path, a glob such as {@code logs/*.log.gz}, or a directory) as a source of
 * one string column, {@value #COLUMN}, holding each line without its {@code \n} or {@code \r\n}.
 * Plain files are split into byte ranges of a block size (64 MiB by default) on line starts;
 * compressed files ({@code .gz}, {@code .zst}, {@code .bz2}, see
 * {@link dev.partita.io.fs.Compression}) are one partition each. Lines stream through a buffer; no
 * file is held in memory.
 *
 * <pre>{@code
 * TextSource s = TextSource.of("logs/*.log.gz");
 * try (BatchReader r = s.open(s.partitions().get(0), ReadSpec.columns("line"), allocator)) { ... }
 * }</pre>
 *
 * <p>A file's last line needs no newline; an empty line is an empty string; a line that is not
 * UTF-8 is a {@link dev.partita.io.DataException} naming file and line.
 */
public final class TextSource implements Source {

  private static final long serialVersionUID = 1L;

  /** The name of the one column. */
  public static final String COLUMN = "line";
  /** The default partition size of plain files. */
  public static final long DEFAULT_BLOCK_SIZE = 64L << 20;

  static final Schema SCHEMA = new Schema(List.of(
      new Field(COLUMN, FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private final String path;
  private final List<DataFile> files;
  private final long blockSize;
  private final List<Partition> partitions;

  private TextSource(String path, List<DataFile> files, long blockSize) throws IOException {
    this.path = path;
    this.files = List.copyOf(files);
    this.blockSize = blockSize;
    this.partitions = List.copyOf(LinePartition.split(files, blockSize));
  }

  /** The lines of a file, glob or directory, plain files split into 64 MiB partitions. */
  public static TextSource of(String pathOrGlobOrDir) throws IOException {
    return of(pathOrGlobOrDir, DEFAULT_BLOCK_SIZE);
  }

  /**
   * The same with plain files split into partitions of {@code blockSize} bytes;
   * {@code Long.MAX_VALUE} reads each file as one partition.
   *
   * @throws java.io.FileNotFoundException when nothing matches
   */
  public static TextSource of(String pathOrGlobOrDir, long blockSize) throws IOException {
    if (blockSize <= 0) {
      throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
    }
    return new TextSource(pathOrGlobOrDir, Storage.list(pathOrGlobOrDir), blockSize);
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public List<Partition> partitions() {
    return partitions;
  }

  @Override
  public BatchReader open(Partition partition, ReadSpec spec, BufferAllocator allocator)
      throws IOException {
    if (!(partition instanceof LinePartition p) || !files.contains(p.file())) {
      throw new IllegalArgumentException("not a partition of " + describe() + ": " + partition);
    }
    for (String c : spec.columns()) {
      if (!c.equals(COLUMN)) {
        throw new IllegalArgumentException("no column '" + c + "' in " + describe()
            + "; the one column is '" + COLUMN + "'");
      }
    }
    if (spec.columns().size() > 1) {
      throw new IllegalArgumentException("column '" + COLUMN + "' projected twice");
    }
    return new TextReader(p, spec, allocator);
  }

  @Override
  public String describe() {
    return "text[" + path + ", " + files.size() + (files.size() == 1 ? " file, " : " files, ")
        + partitions.size() + " partitions]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextSource s && path.equals(s.path) && files.equals(s.files)
        && blockSize == s.blockSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, files, blockSize);
  }

  @Override
  public String toString() {
    return describe();
  }
}
