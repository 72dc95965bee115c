package dev.partita.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Hash functions shared by the tables. */
final class Hashing {

  /** Hash of a null key in any column. */
  static final long NULL_HASH = 0x2545F4914F6CDD1DL;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Hashing() {}

  /** Murmur3's 64-bit finalizer: every input bit affects every output bit. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  static long combine(long h, long columnHash) {
    return (h ^ columnHash) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
  }

  private static long word(long h, long w) {
    w *= 0x87c37b91114253d5L;
    w = Long.rotateLeft(w, 31);
    w *= 0x4cf5ad432745937fL;
    h ^= w;
    return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
  }

  /**
   * Whether {@code len} bytes at {@code aOff} of {@code a} equal those at {@code bOff} of {@code b}, eight
   * at a time; for short keys this beats {@code Arrays.equals} on ranges, whose setup dominated the
   * string-key probe (10% of {@code HashBench.sixKeysMergeToArrow} in {@code ArraysSupport.mismatch}).
   */
  static boolean equalBytes(byte[] a, int aOff, byte[] b, int bOff, int len) {
    int p = 0;
    for (; p + 8 <= len; p += 8) {
      if ((long) LONGS.get(a, aOff + p) != (long) LONGS.get(b, bOff + p)) {
        return false;
      }
    }
    int rest = len - p;
    if (rest == 0) {
      return true;
    }
    if (aOff + p + 8 <= a.length && bOff + p + 8 <= b.length) {
      long diff = (long) LONGS.get(a, aOff + p) ^ (long) LONGS.get(b, bOff + p);
      return (diff & (-1L >>> (64 - 8 * rest))) == 0;
    }
    for (; p < len; p++) {
      if (a[aOff + p] != b[bOff + p]) {
        return false;
      }
    }
    return true;
  }

  /** Hash of {@code len} bytes at {@code start} of {@code a}, eight at a time (little-endian words). */
  static long hashBytes(byte[] a, int start, int len) {
    long h = len * 0x9E3779B97F4A7C15L;
    int p = 0;
    for (; p + 8 <= len; p += 8) {
      h = word(h, (long) LONGS.get(a, start + p));
    }
    int rest = len - p;
    long tail = 0;
    if (rest > 0 && start + p + 8 <= a.length) {
      // One load and a mask instead of a byte loop: short keys (ids, codes) are all tail.
      tail = (long) LONGS.get(a, start + p) & (-1L >>> (64 - 8 * rest));
    } else {
      for (int s = 0; p < len; p++, s += 8) {
        tail |= (a[start + p] & 0xFFL) << s;
      }
    }
    return fmix64(word(h, tail));
  }
}
