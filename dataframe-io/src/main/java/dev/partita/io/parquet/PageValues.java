package dev.partita.io.parquet;

import org.apache.arrow.vector.FieldVector;

/**
 * The non-null values of one data page in one encoding, decoded in order into the data slots of
 * an Arrow vector (the reader sets validity and zeroes null slots).
 */
abstract class PageValues {

  /** Writes the next {@code count} values into rows {@code [dst, dst + count)}. */
  abstract void read(FieldVector v, int dst, int count);

  /** Moves past the next {@code count} values without writing them. */
  abstract void skip(int count);

  /**
   * Copies values already in {@code kind}'s layout on the heap (one long per value, two for 16-byte
   * kinds, low word first) into rows {@code [dst, dst + count)}.
   */
  static void putSlots(FieldVector v, ValueKind kind, int dst, long[] slots, int count) {
    int words = kind.width / 8;
    ArrowBufs.putLongs(v.getDataBuffer(), dst * words, slots, count * words);
  }
}
