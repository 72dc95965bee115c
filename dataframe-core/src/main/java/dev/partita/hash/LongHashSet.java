package dev.partita.hash;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An open-addressing set of primitive longs (power-of-two capacity, load factor at most 1/2).
 *
 * <pre>{@code
 * LongHashSet s = new LongHashSet();
 * boolean added = s.add(42L);   // true the first time, false afterwards
 * }</pre>
 */
public final class LongHashSet implements Serializable {

  private static final long serialVersionUID = 1L;

  private long[] slots = new long[16];
  private boolean hasZero;
  private int size;

  /** Adds {@code key}; returns whether it was absent. Zero marks an empty slot, so it is kept apart. */
  public boolean add(long key) {
    if (key == 0) {
      boolean added = !hasZero;
      hasZero = true;
      size += added ? 1 : 0;
      return added;
    }
    int mask = slots.length - 1;
    for (int s = (int) Hashing.fmix64(key) & mask; ; s = (s + 1) & mask) {
      long k = slots[s];
      if (k == key) {
        return false;
      }
      if (k == 0) {
        slots[s] = key;
        if (++size * 2 > slots.length) {
          rehash(slots.length * 2);
        }
        return true;
      }
    }
  }

  private void rehash(int capacity) {
    long[] fresh = new long[capacity];
    int mask = capacity - 1;
    for (long k : slots) {
      if (k != 0) {
        int s = (int) Hashing.fmix64(k) & mask;
        while (fresh[s] != 0) {
          s = (s + 1) & mask;
        }
        fresh[s] = k;
      }
    }
    slots = fresh;
  }

  /** Number of keys. */
  public int size() {
    return size;
  }

  /** The keys, in no particular order. */
  public long[] toArray() {
    long[] out = new long[size];
    int n = 0;
    if (hasZero) {
      out[n++] = 0;
    }
    for (long k : slots) {
      if (k != 0) {
        out[n++] = k;
      }
    }
    return n == size ? out : Arrays.copyOf(out, n);
  }

  /** Approximate heap footprint in bytes. */
  public long sizeBytes() {
    return 32L + slots.length * 8L;
  }
}
