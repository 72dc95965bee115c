package dev.partita.io.sink;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One write of a directory of part files: the directory, the format, the {@link WriteMode} and the
 * write's id. It is small and serializable, so a write is a graph of independent part tasks, each
 * carrying this record and its part number (in any order, on any thread, in any process), followed
 * by one commit. {@link #begin} applies the mode's check and makes a hidden staging directory next
 * to the target; parts are written into it; {@link #commit} makes them the target's contents;
 * {@link #abort} drops them.
 *
 * <pre>{@code
 * OutputTarget out = OutputTarget.parquet("out", WriteMode.parse("overwrite"));
 * out.begin();
 * try (PartWriter w = out.part(0, schema)) { w.write(batch); w.commit(); }   // one task per part
 * long rows = out.commit(List.of(batch.getRowCount() + 0L));                  // once, after every part
 * }</pre>
 *
 * <p>Error and overwrite swap a complete directory in: the target is renamed aside, staging is
 * renamed to the target, the old contents are deleted. A reader sees the old contents or the new
 * (for the instant between the two renames, no directory), never a mix. Append renames its parts
 * into the target one by one, under names no other write uses ({@code part-<writeId>-NNNNN},
 * sorting after the parts of earlier writes), and rewrites {@code _SUCCESS} last; a reader may see
 * some of the new parts before {@code _SUCCESS} is back. A crash at any point is resolved by the
 * next {@link #begin} on the same target, or by {@link #recover}: a write that created its commit
 * marker is finished, any other is rolled back, so the target ends up with the old contents or the
 * new, never both. One write per target at a time: a write that begins rolls back any other write
 * to the same target that has not committed.
 *
 * <p>On a local or HDFS file system every rename is atomic. On object stores (s3a, gs, abfs) Hadoop
 * renames by copying and deleting each file, so commit takes time in proportion to the data and a
 * reader may see a partly renamed directory while it runs; recovery still finishes or rolls back a
 * write that crashed, since every step first looks at what is there.
 *
 * @param dir the target directory, a plain path or a URI with a scheme
 * @param format the parts' format
 * @param parquetOptions how Parquet parts are written (ignored for CSV)
 * @param mode what to do when the target holds data
 * @param writeId the write's id: {@code w}, its start time in hex milliseconds, 8 random hex digits
 */
public record OutputTarget(String dir, Format format, ParquetWriteOptions parquetOptions,
    WriteMode mode, String writeId) implements Serializable {

  private static final AtomicLong LAST_START = new AtomicLong();

  /** The parts' file format. */
  public enum Format {
    PARQUET("parquet"), CSV("csv"), TEXT("txt");

    private final String extension;

    Format(String extension) {
      this.extension = extension;
    }
  }

  public OutputTarget {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(parquetOptions, "parquetOptions");
    Objects.requireNonNull(mode, "mode");
    if (!Commit.isWriteId(Objects.requireNonNull(writeId, "writeId"))) {
      throw new IllegalArgumentException("not a write id: '" + writeId + "'");
    }
    Commit.Place.of(dir);
  }

  /** A new write of Parquet parts (default options) to {@code dir}. */
  public static OutputTarget parquet(String dir, WriteMode mode) {
    return new OutputTarget(dir, Format.PARQUET, ParquetWriteOptions.defaults(), mode, newWriteId());
  }

  /** A new write of CSV parts to {@code dir}. */
  public static OutputTarget csv(String dir, WriteMode mode) {
    return new OutputTarget(dir, Format.CSV, ParquetWriteOptions.defaults(), mode, newWriteId());
  }

  /** A new write of text parts (one string column, one line per value) to {@code dir}. */
  public static OutputTarget text(String dir, WriteMode mode) {
    return new OutputTarget(dir, Format.TEXT, ParquetWriteOptions.defaults(), mode, newWriteId());
  }

  /** This write with Parquet parts written with {@code options}. */
  public OutputTarget withParquetOptions(ParquetWriteOptions options) {
    return new OutputTarget(dir, format, options, mode, writeId);
  }

  /** Ids of this process increase strictly, so the parts of appends within a millisecond sort in order. */
  private static String newWriteId() {
    long millis = LAST_START.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    return String.format("w%011x%08x", millis, ThreadLocalRandom.current().nextInt());
  }

  /**
   * Starts the write: resolves what earlier writes to the target left unfinished, checks the mode
   * (error refuses a target holding anything but hidden files; append refuses a file) and creates
   * the staging directory.
   *
   * @throws FileAlreadyExistsException naming the target and the mode that would write it
   */
  public void begin() throws IOException {
    Commit.Place place = Commit.Place.of(dir);
    Dirs fs = Dirs.of(dir);
    Commit.recover(place, fs);
    if (mode == WriteMode.ERROR) {
      Commit.refuseData(place, fs);
    } else if (mode == WriteMode.APPEND && fs.exists(place.target()) && !fs.isDirectory(place.target())) {
      throw new FileAlreadyExistsException(place.target(), null, "is a file, and append adds parts to a"
          + " directory; write the directory elsewhere, or replace the file with mode(\"overwrite\")"
          + " (CLI: --mode overwrite)");
    }
    fs.mkdirs(place.staging(writeId));
  }

  /**
   * A writer of part {@code part} into staging; {@link PartWriter#commit} makes the part ready for
   * the write's commit, not visible. Writing a part again replaces it.
   *
   * @throws java.io.FileNotFoundException when the write is not under way (not begun, or already
   *     committed or aborted)
   */
  public PartWriter part(int part, Schema schema) throws IOException {
    Commit.Place place = Commit.Place.of(dir);
    Dirs fs = Dirs.of(dir);
    String staging = place.staging(writeId);
    if (!fs.isDirectory(staging)) {
      throw commit(place, fs).notUnderWay();
    }
    return switch (format) {
      case PARQUET -> Sinks.parquet(staging, partName(part), schema, parquetOptions);
      case CSV -> Sinks.csv(staging, partName(part), schema);
      case TEXT -> Sinks.text(staging, partName(part), schema);
    };
  }

  /**
   * Commits the write once parts {@code 0..rowsPerPart.size()-1} are written: see the class comment
   * for what a reader sees. Returns the number of rows written.
   *
   * @throws IOException when a part is missing, or an error-mode target got data meanwhile (nothing
   *     changed then: {@link #abort} drops the write), or when the commit stopped after its commit
   *     point (then {@link #abort}, {@link #recover} or the next write finishes it)
   */
  public long commit(List<Long> rowsPerPart) throws IOException {
    Commit.Place place = Commit.Place.of(dir);
    Commit commit = commit(place, Dirs.of(dir));
    commit.prepare(rowsPerPart.size(), this::partName);
    List<Commit.Step> steps = commit.steps();
    steps.get(0).run();
    for (Commit.Step step : steps.subList(1, steps.size())) {
      try {
        step.run();
      } catch (IOException | RuntimeException e) {
        throw new IOException("write " + writeId + " to '" + dir + "' is committed but did not finish:"
            + " the step '" + step.what() + "' failed (" + e.getMessage() + "); the next write to it,"
            + " OutputTarget.recover or abort() finishes it", e);
      }
    }
    return rowsPerPart.stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Drops a write that failed: deletes its staging directory, unless the write passed its commit
   * point, which it then finishes. Safe to call after a failed {@link #begin} or twice.
   */
  public void abort() throws IOException {
    Commit.resolve(Commit.Place.of(dir), Dirs.of(dir), writeId);
  }

  /**
   * Resolves what crashed writes left at {@code dir} (as {@link #begin} does): a write past its
   * commit point is finished, any other rolled back. Returns one line per write resolved. Not to be
   * run while a write to {@code dir} is under way, which it would roll back.
   */
  public static List<String> recover(String dir) throws IOException {
    return Commit.recover(Commit.Place.of(dir), Dirs.of(dir));
  }

  /** The file name of part {@code part}. */
  String partName(int part) {
    if (part < 0) {
      throw new IllegalArgumentException("part must be >= 0, got " + part);
    }
    return mode == WriteMode.APPEND
        ? String.format("part-%s-%05d.%s", writeId, part, format.extension)
        : String.format("part-%05d.%s", part, format.extension);
  }

  private Commit commit(Commit.Place place, Dirs fs) {
    return new Commit(place, fs, writeId, mode);
  }
}
