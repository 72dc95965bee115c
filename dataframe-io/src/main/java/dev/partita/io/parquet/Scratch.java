package dev.partita.io.parquet;

/**
 * Heap arrays one column's decoders reuse from batch to batch and from row group to row group:
 * dictionary indices, values gathered or converted before one bulk copy into Arrow, and the
 * string appender.
 */
final class Scratch {

  final VarWidthAppender appender = new VarWidthAppender();
  private int[] ids = new int[1024];
  private int[] ints = new int[0];
  private long[] longs = new long[0];
  private byte[] bytes = new byte[0];

  /** Room for {@code n} dictionary indices (apart from {@link #ints}). */
  int[] ids(int n) {
    if (ids.length < n) {
      ids = new int[Math.max(n, ids.length * 2)];
    }
    return ids;
  }

  int[] ints(int n) {
    if (ints.length < n) {
      ints = new int[Math.max(n, ints.length * 2)];
    }
    return ints;
  }

  long[] longs(int n) {
    if (longs.length < n) {
      longs = new long[Math.max(n, longs.length * 2)];
    }
    return longs;
  }

  byte[] bytes(int n) {
    if (bytes.length < n) {
      bytes = new byte[Math.max(n, bytes.length * 2)];
    }
    return bytes;
  }
}
