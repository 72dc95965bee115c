package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * The file operations a write's commit is made of, on plain paths through {@code java.nio} and on
 * paths with a scheme through Hadoop's {@code FileSystem}. A rename is atomic on a local or HDFS
 * file system; on object stores Hadoop copies then deletes, file by file.
 */
abstract class Dirs {

  static Dirs of(String path) throws IOException {
    return Storage.isLocal(path) ? new Local() : new Hadoop(Storage.hadoop(path));
  }

  /** {@code name} in directory {@code dir}. */
  static String child(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  abstract boolean exists(String path) throws IOException;

  abstract boolean isDirectory(String path) throws IOException;

  /** The names in a directory, sorted; empty when it does not exist. */
  abstract List<String> list(String dir) throws IOException;

  abstract void mkdirs(String dir) throws IOException;

  /** Renames a file or directory; the target must not exist. */
  abstract void rename(String from, String to) throws IOException;

  /** Deletes a file or directory tree; a missing one is not an error. */
  void delete(String path) throws IOException {
    Storage.deleteRecursively(path);
  }

  /** Creates an empty file, or leaves one there as it is. */
  abstract void touch(String file) throws IOException;

  private static final class Local extends Dirs {
    @Override
    boolean exists(String path) {
      return Files.exists(Path.of(path));
    }

    @Override
    boolean isDirectory(String path) {
      return Files.isDirectory(Path.of(path));
    }

    @Override
    List<String> list(String dir) throws IOException {
      if (!Files.isDirectory(Path.of(dir))) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(Path.of(dir))) {
        return files.map(f -> f.getFileName().toString()).sorted().toList();
      }
    }

    @Override
    void mkdirs(String dir) throws IOException {
      Files.createDirectories(Path.of(dir));
    }

    @Override
    void rename(String from, String to) throws IOException {
      Files.move(Path.of(from), Path.of(to), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    void touch(String file) throws IOException {
      Files.newOutputStream(Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
    }
  }

  private static final class Hadoop extends Dirs {
    private final FileSystem fs;

    Hadoop(FileSystem fs) {
      this.fs = fs;
    }

    private static org.apache.hadoop.fs.Path path(String p) {
      return new org.apache.hadoop.fs.Path(p);
    }

    @Override
    boolean exists(String p) throws IOException {
      return fs.exists(path(p));
    }

    @Override
    boolean isDirectory(String p) throws IOException {
      try {
        return fs.getFileStatus(path(p)).isDirectory();
      } catch (FileNotFoundException e) {
        return false;
      }
    }

    @Override
    List<String> list(String dir) throws IOException {
      List<String> names = new ArrayList<>();
      try {
        for (FileStatus st : fs.listStatus(path(dir))) {
          names.add(st.getPath().getName());
        }
      } catch (FileNotFoundException e) {
        return List.of();
      }
      names.sort(null);
      return names;
    }

    @Override
    void mkdirs(String dir) throws IOException {
      if (!fs.mkdirs(path(dir))) {
        throw new IOException("could not create the directory " + dir);
      }
    }

    @Override
    void rename(String from, String to) throws IOException {
      // Hadoop moves a source into a target directory that exists: refuse that instead.
      if (fs.exists(path(to))) {
        throw new FileAlreadyExistsException(to);
      }
      if (!fs.rename(path(from), path(to))) {
        throw new IOException("could not rename " + from + " to " + to);
      }
    }

    @Override
    void touch(String file) throws IOException {
      fs.create(path(file), true).close();
    }
  }
}
