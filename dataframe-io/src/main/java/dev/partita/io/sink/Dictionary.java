package dev.partita.io.sink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The dictionary of one column chunk being written: its distinct values in first-seen order and each
 * value's index. Built only while it pays: given up once its PLAIN bytes pass
 * {@link ColumnChunkWriter#DICTIONARY_BYTES}, or when the dictionary and the indices would take no fewer
 * bytes than the values written PLAIN: at the end, and after the first page's worth of values as projected
 * to the whole chunk ({@link #projectedSize}). parquet-mr tests the first page as it is, which gives up on a
 * column of 100,000 values in a million rows (db-benchmark's id3 and id6), as 20,000 rows show 18,000
 * distinct values; a whole chunk of them takes a quarter (id3's strings) to a third (id6's longs) of its PLAIN
 * bytes as a dictionary, and a reader can group by its codes.
 */
final class Dictionary {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int[] ids;
  /** Per entry, the index of the value that first had it. */
  private final int[] firsts;
  private final int size;
  /** For byte entries, what {@link #minMaxValues} compares: see {@link #orderKeys}. */
  private long[] orderKeys;

  private Dictionary(int[] ids, int[] firsts, int size) {
    this.ids = ids;
    this.firsts = firsts;
    this.size = size;
  }

  int size() {
    return size;
  }

  int[] ids() {
    return ids;
  }

  int bitWidth() {
    return 32 - Integer.numberOfLeadingZeros(Math.max(size - 1, 0));
  }

  /** The chunk's dictionary, or null where a dictionary does not pay. */
  static Dictionary build(ColumnChunkWriter c) {
    int n = c.values();
    if (n == 0) {
      return null;
    }
    int[] ids = new int[n];
    int[] firsts = new int[16];
    // One array of (key, entry + 1) pairs, so that a probe finds its key and its entry in one cache line.
    int capacity = 64;
    long[] table = new long[2 * capacity];
    boolean fixed = c.fixedWidth();
    int size = 0;
    long dictBytes = 0;
    byte[] data = c.data();
    int[] offsets = c.offsets();
    int check = Math.min(n, ColumnChunkWriter.PAGE_ROWS);
    for (int k = 0; k < n; k++) {
      long key = fixed ? c.longValue(k) : hash(data, offsets[k], offsets[k + 1]);
      long h = fixed ? mix(key) : key;
      int mask = capacity - 1;
      int s = (int) h & mask;
      int id;
      while (true) {
        int e = (int) table[2 * s + 1] - 1;
        if (e < 0) {
          id = size++;
          if (id == firsts.length) {
            firsts = Arrays.copyOf(firsts, 2 * id);
          }
          firsts[id] = k;
          table[2 * s] = key;
          table[2 * s + 1] = id + 1;
          dictBytes += c.plainBytes(k);
          break;
        }
        if (table[2 * s] == key && (fixed || sameBytes(data, offsets, firsts[e], k))) {
          id = e;
          break;
        }
        s = (s + 1) & mask;
      }
      ids[k] = id;
      if (dictBytes > ColumnChunkWriter.DICTIONARY_BYTES) {
        return null;
      }
      if (k + 1 == check) {
        long projected = projectedSize(k + 1, size, n);
        if (!pays(c, n, projected, dictBytes * projected / size)) {
          return null;
        }
      }
      if (2 * size > capacity) {
        capacity *= 2;
        long[] old = table;
        table = new long[2 * capacity];
        for (int o = 0; o < old.length; o += 2) {
          if (old[o + 1] != 0) {
            int t = (int) (fixed ? mix(old[o]) : old[o]) & (capacity - 1);
            while (table[2 * t + 1] != 0) {
              t = (t + 1) & (capacity - 1);
            }
            table[2 * t] = old[o];
            table[2 * t + 1] = old[o + 1];
          }
        }
      }
    }
    return pays(c, n, size, dictBytes) ? new Dictionary(ids, firsts, size) : null;
  }

  /**
   * The distinct values expected in {@code n} rows from {@code d} distinct in the first {@code k}: {@code D (1 -
   * e^(-n/D))} for the number of values {@code D} that gives {@code d} in {@code k} rows drawn alike from all of
   * them (found by bisection; {@code n} when nearly every row of the {@code k} was new).
   */
  static long projectedSize(int k, int d, int n) {
    if (d >= k - 1 || n <= k) {
      return d >= k - 1 ? n : d;
    }
    double lo = d;
    double hi = 1e12;
    for (int i = 0; i < 100 && hi - lo > 1; i++) {
      double mid = (lo + hi) / 2;
      if (mid * -Math.expm1(-k / mid) < d) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.round(Math.min(n, lo * -Math.expm1(-n / lo)));
  }

  /** Whether {@code size} entries of {@code dictBytes} and {@code n} indices take fewer bytes than n PLAIN values. */
  private static boolean pays(ColumnChunkWriter c, int n, long size, long dictBytes) {
    long plain = c.fixedWidth() ? (long) n * c.valueBytes() : c.offsets()[n] + (c.fixedLengthBytes() ? 0 : 4L * n);
    long indices = ((long) n * (64 - Long.numberOfLeadingZeros(Math.max(size - 1, 0))) + 7) / 8;
    return dictBytes + indices < plain;
  }

  /** Whether values {@code a} and {@code b} hold the same bytes, compared a word at a time. */
  private static boolean sameBytes(byte[] data, int[] offsets, int a, int b) {
    int pa = offsets[a];
    int pb = offsets[b];
    int len = offsets[a + 1] - pa;
    if (len != offsets[b + 1] - pb) {
      return false;
    }
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      if ((long) LONGS.get(data, pa + i) != (long) LONGS.get(data, pb + i)) {
        return false;
      }
    }
    return i == len || tail(data, pa + i, pa + len) == tail(data, pb + i, pb + len);
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }

  private static long hash(byte[] data, int from, int to) {
    long h = (to - from) * 0x9E3779B97F4A7C15L;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = Long.rotateLeft(h ^ (long) LONGS.get(data, i), 29) * 0x9E3779B97F4A7C15L;
    }
    return mix(i == to ? h : h ^ tail(data, i, to));
  }

  /**
   * Bytes {@code [from, to)}, fewer than 8, as the low bytes of a word: one masked load where the array reaches
   * far enough (a key column's values are short: byte by byte, hashing and comparing them was most of the time
   * of building q10's dictionaries, 22 ns a value against 11 after).
   */
  private static long tail(byte[] data, int from, int to) {
    if (from + 8 <= data.length) {
      return (long) LONGS.get(data, from) & (-1L >>> (64 - 8 * (to - from)));
    }
    long w = 0;
    for (int i = to - 1; i >= from; i--) {
      w = w << 8 | (data[i] & 0xFF);
    }
    return w;
  }

  /** The dictionary page's bytes: each entry PLAIN, in id order. */
  void writePlain(ColumnChunkWriter c, PageBuffer out) {
    if (!c.fixedWidth()) {
      byte[] data = c.data();
      int[] offsets = c.offsets();
      boolean prefix = !c.fixedLengthBytes();
      for (int e = 0; e < size; e++) {
        int f = firsts[e];
        int len = offsets[f + 1] - offsets[f];
        if (prefix) {
          out.putInt(len);
        }
        out.putBytes(data, offsets[f], len);
      }
      return;
    }
    for (int e = 0; e < size; e++) {
      long v = c.longValue(firsts[e]);
      if (c.valueBytes() == 4) {
        out.putInt((int) v);
      } else {
        out.putLong(v);
      }
    }
  }

  /**
   * The indices of the values holding the least and the greatest entry among values {@code [from, to)}, in
   * Parquet's order: a row whose entry is the least or the greatest so far is not compared, and strings are
   * compared by their first 16 bytes as two unsigned big-endian words ({@link #orderKeys}), their bytes read
   * only past that. Ranking the entries by a sort, and then comparing each row's entry's bytes where it first
   * occurred in the chunk, each took a third of writing q10's answer (100,000 strings a chunk of id3; JFR).
   */
  int[] minMaxValues(ColumnChunkWriter c, int from, int to) {
    if (orderKeys == null && !c.fixedLengthBytes()) {
      orderKeys = orderKeys(c);
    }
    int min = ids[from];
    int max = min;
    for (int k = from + 1; k < to; k++) {
      int e = ids[k];
      if (e == min || e == max) {
        continue;
      }
      if (compare(c, e, min) < 0) {
        min = e;
      } else if (compare(c, e, max) > 0) {
        max = e;
      }
    }
    return new int[] {firsts[min], firsts[max]};
  }

  private int compare(ColumnChunkWriter c, int a, int b) {
    long[] keys = orderKeys;
    if (keys != null) {
      int r = Long.compareUnsigned(keys[3 * a], keys[3 * b]);
      if (r == 0) {
        r = Long.compareUnsigned(keys[3 * a + 1], keys[3 * b + 1]);
      }
      if (r != 0 || Math.max(keys[3 * a + 2], keys[3 * b + 2]) <= 16) {
        return r != 0 ? r : Long.compare(keys[3 * a + 2], keys[3 * b + 2]);
      }
    }
    return c.compareBytes(firsts[a], firsts[b]);
  }

  /**
   * Per entry its first 16 bytes as two big-endian words, zero-padded, and its length: words equal and both
   * lengths at most 16 means the shorter string is the lesser (a padding zero is below any byte it stands for).
   */
  private long[] orderKeys(ColumnChunkWriter c) {
    byte[] data = c.data();
    int[] offsets = c.offsets();
    long[] keys = new long[3 * size];
    for (int e = 0; e < size; e++) {
      int from = offsets[firsts[e]];
      int len = offsets[firsts[e] + 1] - from;
      keys[3 * e] = bigEndian(data, from, Math.min(len, 8));
      keys[3 * e + 1] = len > 8 ? bigEndian(data, from + 8, Math.min(len - 8, 8)) : 0;
      keys[3 * e + 2] = len;
    }
    return keys;
  }

  private static long bigEndian(byte[] data, int from, int n) {
    long w = 0;
    for (int i = 0; i < 8; i++) {
      w = w << 8 | (i < n ? data[from + i] & 0xFF : 0);
    }
    return w;
  }
}
