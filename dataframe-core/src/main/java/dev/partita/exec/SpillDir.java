package dev.partita.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where one computation writes temporary files (shuffle outputs, sorted runs): a directory under
 * {@code parent}, named after this process's id, created at the first file and deleted with everything in
 * it when the computation closes, failed or not. A process killed with {@code kill -9} cannot delete its
 * own: {@link #sweep} deletes the directories of processes that are no longer alive, and every computation
 * calls it when it starts.
 *
 * <pre>{@code
 * try (SpillDir spill = new SpillDir(Path.of("/tmp"))) {
 *   Path run = spill.newFile("shuffle");
 * }
 * }</pre>
 */
public final class SpillDir implements AutoCloseable {

  private static final Pattern NAME = Pattern.compile("partita-spill-(\\d+)-.*");

  private final Path parent;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private Path dir;

  /** A spill directory under {@code parent} (null: java.io.tmpdir). */
  public SpillDir(Path parent) {
    this.parent = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The directory of this computation's files, or null before the first. */
  public synchronized Path directory() {
    return dir;
  }

  /** The parent the directory is made in. */
  public Path parent() {
    return parent;
  }

  /** Bytes written to this directory so far. */
  public long bytesWritten() {
    return bytes.get();
  }

  void written(long n) {
    bytes.addAndGet(n);
  }

  /** A new file name in the directory (the file is not created). */
  synchronized Path newFile(String prefix) {
    try {
      if (dir == null) {
        Files.createDirectories(parent);
        dir = Files.createTempDirectory(parent, "partita-spill-" + ProcessHandle.current().pid() + "-");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a spill directory under " + parent
          + "; give another with ComputeOptions.spillDir(...) (--spill-dir on the command line)", e);
    }
    return dir.resolve(prefix + "-" + files.incrementAndGet());
  }

  /** The error for a failed write: where, how much, and the free space left. */
  UncheckedIOException failure(Path file, IOException cause) {
    String free;
    try {
      FileStore store = Files.getFileStore(file.getParent());
      free = store.getUsableSpace() + " bytes free";
    } catch (IOException e) {
      free = "free space unknown";
    }
    return new UncheckedIOException("cannot write temporary file " + file + " (" + bytes.get()
        + " bytes written to " + file.getParent() + " so far; " + free
        + "); give a directory with more room with ComputeOptions.spillDir(...)", cause);
  }

  /** Deletes the directory and every file in it. */
  @Override
  public synchronized void close() {
    if (dir == null) {
      return;
    }
    deleteTree(dir);
    dir = null;
  }

  /**
   * Deletes the spill directories under {@code parent} left by processes that are no longer alive; returns
   * how many. A directory whose process id is alive (this process, another computation's, or a new process
   * that got the same id) is left alone.
   */
  public static int sweep(Path parent) {
    Path p = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
    if (!Files.isDirectory(p)) {
      return 0;
    }
    int swept = 0;
    try (DirectoryStream<Path> children = Files.newDirectoryStream(p, "partita-spill-*")) {
      for (Path child : children) {
        Matcher m = NAME.matcher(child.getFileName().toString());
        if (!m.matches() || !Files.isDirectory(child)) {
          continue;
        }
        Optional<ProcessHandle> owner;
        try {
          owner = ProcessHandle.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
          continue;
        }
        if (owner.isEmpty() || !owner.get().isAlive()) {
          deleteTree(child);
          swept++;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Another process may be sweeping or deleting the same directories; what is left goes next time.
    }
    return swept;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary directory " + root, e);
    }
  }
}
