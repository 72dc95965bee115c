package dev.partita.io.text;

import dev.partita.io.Partition;
import dev.partita.io.fs.Compression;
import dev.partita.io.fs.DataFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte range {@code [start, end)} of one file of lines (text or JSON lines). It owns the lines
 * that start in {@code (start, end]} (partition 0 of a file also the one at 0), so every line
 * belongs to exactly one partition, as with CSV; a compressed file is the single range
 * {@code [0, size)} and is read to its end.
 *
 * <pre>{@code
 * LinePartition p = (LinePartition) TextSource.of("logs/*.log").partitions().get(0);
 * }</pre>
 */
public record LinePartition(DataFile file, int index, long start, long end) implements Partition {

  public LinePartition {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad byte range [" + start + ", " + end + ")");
    }
  }

  /**
   * The partitions of {@code files}, in order: byte ranges of {@code blockSize} for plain files, one
   * per compressed file (looked at only when larger than a block), none for empty files.
   */
  static List<LinePartition> split(List<DataFile> files, long blockSize) throws IOException {
    List<LinePartition> out = new ArrayList<>();
    for (DataFile f : files) {
      if (f.size() == 0) {
        continue;
      }
      if (f.size() <= blockSize || Compression.detect(f) != Compression.NONE) {
        out.add(new LinePartition(f, out.size(), 0, f.size()));
      } else {
        for (long s = 0; s < f.size(); s += blockSize) {
          out.add(new LinePartition(f, out.size(), s, Math.min(f.size(), s + blockSize)));
        }
      }
    }
    return out;
  }

  /** Whether this range is its whole file, read to the end whatever the decompressed size. */
  boolean wholeFile() {
    return start == 0 && end >= file.size();
  }

  @Override
  public String describe() {
    return file.name() + " bytes [" + start + ", " + end + ")";
  }
}
