package dev.partita.io.fs;

import java.io.Serializable;

/**
 * A file as the engine sees it: its path or URI, size, modification time and a fingerprint of its
 * content (a hash of its first and last 64 KiB). All are part of every partition's identity, so a
 * changed file never matches a cached result, even one rewritten with its size and time kept.
 *
 * <pre>{@code
 * List<DataFile> files = Storage.list("logs/2024-*.csv");
 * }</pre>
 */
public record DataFile(String path, long size, long modifiedMillis, String fingerprint)
    implements Serializable {

  /** The last path segment, for messages. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
