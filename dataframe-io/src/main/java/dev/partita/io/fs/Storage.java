package dev.partita.io.fs;

import dev.partita.io.DataException;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Abortable;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.VersionInfo;

/**
 * Lists and opens files. Plain local paths go through {@code java.nio} (no Hadoop configuration, no
 * Hadoop log lines); a path with a scheme ({@code hdfs://}, {@code s3a://}, {@code file://}) goes
 * through Hadoop's {@code FileSystem}, so every store Hadoop supports works alike.
 *
 * <pre>{@code
 * for (DataFile f : Storage.list("logs/2024-*.csv")) try (SeekableByteChannel c = Storage.open(f)) { ... }
 * }</pre>
 */
public final class Storage {

  private Storage() {}

  /** True for paths without a URI scheme (and for {@code file:} URIs handled by java.nio). */
  public static boolean isLocal(String path) {
    return scheme(path) == null;
  }

  private static String scheme(String path) {
    int colon = path.indexOf("://");
    if (colon <= 1) {
      return null; // no scheme, or a Windows drive letter
    }
    for (int i = 0; i < colon; i++) {
      char c = path.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return null;
      }
    }
    return path.substring(0, colon);
  }

  /** True when the path holds glob characters ({@code * ? [ {}). */
  public static boolean isGlob(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0
        || path.indexOf('{') >= 0;
  }

  /**
   * The files a path names: the file itself; for a directory its visible files, recursively (none
   * whose name or whose directory's name below it starts with {@code .} or {@code _}: hidden files,
   * markers such as {@code _SUCCESS} and writes' staging directories are not data); for a glob the
   * matching files. Sorted by path.
   *
   * @throws FileNotFoundException naming the path when nothing matches
   */
  public static List<DataFile> list(String pathOrGlob) throws IOException {
    List<DataFile> files = isLocal(pathOrGlob) ? listLocal(pathOrGlob) : listHadoop(pathOrGlob);
    if (files.isEmpty()) {
      throw new FileNotFoundException(isGlob(pathOrGlob)
          ? "no file matches '" + pathOrGlob + "'"
          : "'" + pathOrGlob + "' holds no data files");
    }
    files.sort(Comparator.comparing(DataFile::path));
    return files;
  }

  private static List<DataFile> listLocal(String pattern) throws IOException {
    if (!isGlob(pattern)) {
      Path p = Path.of(pattern);
      if (!Files.exists(p)) {
        throw new FileNotFoundException("'" + pattern + "' does not exist");
      }
      if (!Files.isDirectory(p)) {
        return new ArrayList<>(List.of(describe(p)));
      }
      try (Stream<Path> walk = Files.walk(p)) {
        return collect(walk.filter(f -> isVisibleFile(p, f)));
      }
    }
    int firstGlob = firstGlobChar(pattern);
    int slash = pattern.lastIndexOf('/', firstGlob);
    Path base = slash < 0 ? Path.of("") : Path.of(slash == 0 ? "/" : pattern.substring(0, slash));
    if (!Files.isDirectory(base)) {
      throw new FileNotFoundException("no file matches '" + pattern + "': directory '" + base
          + "' does not exist");
    }
    String rest = slash < 0 ? pattern : pattern.substring(slash + 1);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    try (Stream<Path> walk = Files.walk(base)) {
      return collect(walk.filter(Files::isRegularFile)
          .filter(f -> matcher.matches(base.relativize(f))));
    }
  }

  private static int firstGlobChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("*?[{".indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isVisibleFile(Path dir, Path f) {
    if (!Files.isRegularFile(f)) {
      return false;
    }
    for (Path name : dir.relativize(f)) {
      if (isHidden(name.toString())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static List<DataFile> collect(Stream<Path> paths) {
    List<DataFile> out = new ArrayList<>();
    paths.forEach(p -> {
      try {
        out.add(describe(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return out;
  }

  private static DataFile describe(Path p) throws IOException {
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
    return new DataFile(p.toString(), a.size(), a.lastModifiedTime().toMillis(),
        ContentFingerprint.of(p, a));
  }

  private static List<DataFile> listHadoop(String pattern) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(pattern);
    FileSystem fs = hadoop(pattern);
    FileStatus[] matched = fs.globStatus(path);
    List<DataFile> out = new ArrayList<>();
    if (matched == null) {
      return out;
    }
    for (FileStatus st : matched) {
      if (st.isDirectory()) {
        String dir = st.getPath().toUri().getPath();
        var it = fs.listFiles(st.getPath(), true);
        while (it.hasNext()) {
          FileStatus f = it.next();
          String below = f.getPath().toUri().getPath().substring(dir.length());
          if (Arrays.stream(below.split("/")).noneMatch(Storage::isHidden)) {
            out.add(describe(fs, f));
          }
        }
      } else {
        out.add(describe(fs, st));
      }
    }
    return out;
  }

  private static DataFile describe(FileSystem fs, FileStatus st) throws IOException {
    return new DataFile(st.getPath().toString(), st.getLen(), st.getModificationTime(),
        ContentFingerprint.of(fs, st));
  }

  /**
   * The Hadoop file system for a path with a scheme. A scheme whose file system is not on the class path
   * (S3A's comes in hadoop-aws, which Partita does not bundle: with the AWS SDK it is over 500 MB) is a
   * {@link DataException} saying which jars to add, not Hadoop's ClassNotFoundException.
   */
  public static FileSystem hadoop(String uri) throws IOException {
    URI u = URI.create(uri);
    try {
      return FileSystem.get(u, HadoopConf.INSTANCE);
    } catch (UnsupportedFileSystemException e) {
      throw noFileSystem(uri, u.getScheme(), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ClassNotFoundException) {
        throw noFileSystem(uri, u.getScheme(), e);
      }
      throw e;
    }
  }

  private static DataException noFileSystem(String uri, String scheme, Exception cause) {
    String hint = switch (scheme) {
      case "s3a", "s3" -> "S3 needs org.apache.hadoop:hadoop-aws " + VersionInfo.getVersion()
          + " and software.amazon.awssdk:bundle on the class path; for the partita command, list their jars in"
          + " the environment variable PARTITA_CLASSPATH";
      default -> "add the jar of Hadoop's file system for '" + scheme + "://' to the class path (for the partita"
          + " command, PARTITA_CLASSPATH)";
    };
    return new DataException(uri, null, null, null, "no file system for '" + scheme + "://' is installed", hint,
        cause);
  }

  /**
   * The Hadoop configuration of every path with a scheme: Hadoop's defaults plus the
   * {@code core-site.xml} and {@code hdfs-site.xml} found on the classpath. Keys set here (an S3
   * endpoint, {@code fs.s3a.access.key}, ...) apply to file systems first used after the call, since
   * Hadoop caches one file system per scheme and authority. Without keys, S3A also takes its
   * credentials from the {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} environment
   * variables.
   */
  public static Configuration hadoopConfiguration() {
    return HadoopConf.INSTANCE;
  }

  /**
   * One Hadoop configuration, made on first use of a URI: a new {@code Configuration} parses
   * Hadoop's default XML resources again, on every footer read and every open.
   */
  private static final class HadoopConf {
    static final Configuration INSTANCE = new Configuration();
  }

  /** Opens a file for random-access reading. */
  public static SeekableByteChannel open(DataFile file) throws IOException {
    if (isLocal(file.path())) {
      return FileChannel.open(Path.of(file.path()), StandardOpenOption.READ);
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file.path());
    return new HadoopChannel(hadoop(file.path()).open(p), file.size());
  }

  /**
   * The number of {@code '\n'} bytes in {@code [0, upTo)} of a file as stored: the line number
   * where a byte-range partition of a plain file starts, counted only when a message needs it.
   */
  public static long countNewlines(DataFile file, long upTo) throws IOException {
    long count = 0;
    long seen = 0;
    ByteBuffer bb = ByteBuffer.allocate(1 << 20);
    byte[] b = bb.array();
    try (SeekableByteChannel ch = open(file)) {
      while (seen < upTo) {
        bb.clear().limit((int) Math.min(b.length, upTo - seen));
        int n = ch.read(bb);
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (b[i] == '\n') {
            count++;
          }
        }
        seen += n;
      }
    }
    return count;
  }

  /** Opens a file as a stream positioned at {@code offset}. */
  public static InputStream openStream(DataFile file, long offset) throws IOException {
    SeekableByteChannel ch = open(file);
    ch.position(offset);
    return Channels.newInputStream(ch);
  }

  /**
   * Writes {@code name} in {@code dir} atomically: the file appears under its final name whole, only
   * after {@link AtomicOutput#commit()}; closing without commit leaves nothing. A crash never leaves
   * a file under the final name that looks complete.
   *
   * <p>On local disks and HDFS the writer writes a hidden temporary file that commit renames. An
   * object store such as S3 has no atomic rename (S3A's is a copy then a delete), but an object
   * appears only when its upload completes: where the file system says its output streams can be
   * aborted ({@code fs.capability.outputstream.abortable}, as S3A does) the writer writes the final
   * name directly, commit closes the stream, which completes the single PUT or multipart upload,
   * and closing without commit aborts it.
   */
  public static AtomicOutput createAtomically(String dir, String name) throws IOException {
    return AtomicOutput.create(dir, name);
  }

  /** Removes a file or directory tree, local or remote; a missing path is not an error. */
  public static void deleteRecursively(String path) throws IOException {
    if (!isLocal(path)) {
      hadoop(path).delete(new org.apache.hadoop.fs.Path(path), true);
      return;
    }
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  /** An output written to a temporary name and renamed into place on commit. */
  public static final class AtomicOutput implements AutoCloseable {
    private final String finalPath;
    private final String tempPath;
    private final OutputStream out;
    private final FileChannel localChannel;
    private boolean committed;

    private AtomicOutput(String finalPath, String tempPath, OutputStream out, FileChannel local) {
      this.finalPath = finalPath;
      this.tempPath = tempPath;
      this.out = out;
      this.localChannel = local;
    }

    /** Whether the final name is written directly, committed by completing the upload. */
    private boolean uploads() {
      return tempPath.equals(finalPath);
    }

    static AtomicOutput create(String dir, String name) throws IOException {
      String sep = dir.endsWith("/") ? "" : "/";
      String finalPath = dir + sep + name;
      String tempPath = dir + sep + "." + name + ".tmp-" + Long.toHexString(System.nanoTime());
      if (isLocal(dir)) {
        Files.createDirectories(Path.of(dir));
        FileChannel ch = FileChannel.open(Path.of(tempPath), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        return new AtomicOutput(finalPath, tempPath, out, ch);
      }
      FileSystem fs = hadoop(dir);
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(finalPath);
      if (fs.hasPathCapability(target, CommonPathCapabilities.ABORTABLE_STREAM)) {
        return new AtomicOutput(finalPath, finalPath, fs.create(target, true), null);
      }
      return new AtomicOutput(finalPath, tempPath,
          fs.create(new org.apache.hadoop.fs.Path(tempPath)), null);
    }

    /** The final path (where the file appears after commit). */
    public String path() {
      return finalPath;
    }

    /** The path being written: a temporary name, or the final one on an object store. */
    public String tempPath() {
      return tempPath;
    }

    /** The stream to write into; do not close it yourself. */
    public OutputStream stream() {
      return out;
    }

    /**
     * Flushes, syncs and renames the temporary file to its final name; on an object store,
     * completes the upload.
     */
    public void commit() throws IOException {
      if (uploads()) {
        out.close();
      } else if (isLocal(finalPath)) {
        out.flush();
        localChannel.force(true);
        out.close();
        Files.move(Path.of(tempPath), Path.of(finalPath), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        out.close();
        FileSystem fs = hadoop(finalPath);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(finalPath);
        fs.delete(target, false);
        if (!fs.rename(new org.apache.hadoop.fs.Path(tempPath), target)) {
          throw new IOException("could not rename " + tempPath + " to " + finalPath);
        }
      }
      committed = true;
    }

    /** Without a prior commit, discards the temporary file, or aborts the upload. */
    @Override
    public void close() throws IOException {
      if (committed) {
        return;
      }
      if (uploads()) {
        ((Abortable) out).abort();
        return;
      }
      try {
        out.close();
      } finally {
        deleteRecursively(tempPath);
      }
    }
  }

  /** Hadoop's positioned stream seen as a read-only seekable channel. */
  private static final class HadoopChannel implements SeekableByteChannel {
    private final FSDataInputStream in;
    private final long size;
    private boolean open = true;

    HadoopChannel(FSDataInputStream in, long size) {
      this.in = in;
      this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (dst.hasArray()) {
        int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
          dst.position(dst.position() + n);
        }
        return n;
      }
      byte[] tmp = new byte[Math.min(dst.remaining(), 1 << 16)];
      int n = in.read(tmp, 0, tmp.length);
      if (n > 0) {
        dst.put(tmp, 0, n);
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      return in.getPos();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      in.seek(newPosition);
      return this;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      open = false;
      in.close();
    }
  }
}
