package dev.partita.io.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A cheap fingerprint of a file's content: a hash of its first and last 64 KiB. With the size and the
 * modification time it tells apart a file rewritten in place with both kept (a copy preserving times, two
 * writes within the clock's resolution). It reads at most 128 KiB per file, once per process for each
 * version of a file: a local file's version is its size, modification and change times (the change time
 * cannot be set back), a remote file's its size and modification time.
 */
final class ContentFingerprint {
  private static final int EDGE = 64 << 10;
  private static final int REMEMBERED = 1 << 16;

  private record Version(String path, long size, long modified, Object changed) {}

  private static final Map<Version, String> KNOWN = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Version, String> eldest) {
      return size() > REMEMBERED;
    }
  };

  private ContentFingerprint() {}

  static String of(Path file, BasicFileAttributes a) throws IOException {
    Object changed;
    try {
      changed = Files.getAttribute(file, "unix:ctime");
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      changed = null;
    }
    Version v = new Version(file.toString(), a.size(), a.lastModifiedTime().toMillis(), changed);
    String known = known(v);
    if (known != null) {
      return known;
    }
    MessageDigest digest = sha256();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long[] range : ranges(a.size())) {
        ByteBuffer b = ByteBuffer.allocate((int) range[1]);
        while (b.hasRemaining() && ch.read(b, range[0] + b.position()) >= 0) {
          continue;
        }
        digest.update(b.flip());
      }
    }
    return remember(v, digest);
  }

  static String of(FileSystem fs, FileStatus st) throws IOException {
    Version v = new Version(st.getPath().toString(), st.getLen(), st.getModificationTime(), null);
    String known = known(v);
    if (known != null) {
      return known;
    }
    MessageDigest digest = sha256();
    try (FSDataInputStream in = fs.open(st.getPath())) {
      for (long[] range : ranges(st.getLen())) {
        byte[] b = new byte[(int) range[1]];
        in.readFully(range[0], b);
        digest.update(b);
      }
    }
    return remember(v, digest);
  }

  /** The (offset, length) ranges hashed: the first 64 KiB and the last 64 KiB after them. */
  private static long[][] ranges(long size) {
    long head = Math.min(size, EDGE);
    long tail = Math.min(size - head, EDGE);
    return new long[][] {{0, head}, {size - tail, tail}};
  }

  private static String known(Version v) {
    synchronized (KNOWN) {
      return KNOWN.get(v);
    }
  }

  private static String remember(Version v, MessageDigest digest) {
    String hash = HexFormat.of().formatHex(digest.digest(), 0, 8);
    synchronized (KNOWN) {
      KNOWN.put(v, hash);
    }
    return hash;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
