package dev.partita.io.parquet;

/**
 * The rows of a batch a filter keeps, as a bitmap of 64 rows a word (row {@code i} is bit
 * {@code i & 63} of word {@code i >>> 6}), read a word at a time.
 */
final class Rows {

  private Rows() {}

  /** How many of rows {@code [from, to)} are set. */
  static int count(long[] bits, int from, int to) {
    if (from >= to) {
      return 0;
    }
    int first = from >>> 6;
    int last = (to - 1) >>> 6;
    long head = -1L << from;
    long tail = -1L >>> -to;
    if (first == last) {
      return Long.bitCount(bits[first] & head & tail);
    }
    int n = Long.bitCount(bits[first] & head) + Long.bitCount(bits[last] & tail);
    for (int w = first + 1; w < last; w++) {
      n += Long.bitCount(bits[w]);
    }
    return n;
  }

  /** Copies {@code from[i]} of each set row {@code i} to {@code to}, in order. */
  static void gather(long[] bits, int[] from, int[] to) {
    int k = 0;
    for (int w = 0; w < bits.length; w++) {
      for (long word = bits[w]; word != 0; word &= word - 1) {
        to[k++] = from[(w << 6) + Long.numberOfTrailingZeros(word)];
      }
    }
  }

  /** The first set row in {@code [from, to)}, or {@code to}. */
  static int nextSet(long[] bits, int from, int to) {
    return next(bits, from, to, 0);
  }

  /** The first clear row in {@code [from, to)}, or {@code to}. */
  static int nextClear(long[] bits, int from, int to) {
    return next(bits, from, to, -1L);
  }

  private static int next(long[] bits, int from, int to, long flip) {
    if (from >= to) {
      return to;
    }
    int w = from >>> 6;
    long word = (bits[w] ^ flip) & -1L << from;
    while (word == 0) {
      if (++w << 6 >= to) {
        return to;
      }
      word = bits[w] ^ flip;
    }
    return Math.min(to, (w << 6) + Long.numberOfTrailingZeros(word));
  }
}
