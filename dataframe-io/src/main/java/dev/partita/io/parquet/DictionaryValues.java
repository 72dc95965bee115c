package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.vector.FieldVector;

/** Dictionary indices (RLE/bit-packed after a bit-width byte), gathered from the dictionary. */
final class DictionaryValues extends PageValues {

  private final RleBitPackedDecoder ids;
  private final Dictionary dictionary;
  private final Scratch scratch;

  /** Reads the indices of {@code page[pos, end)} with {@code ids}, the reader's decoder. */
  DictionaryValues(RleBitPackedDecoder ids, ByteBuffer page, int pos, int end,
      Dictionary dictionary, Scratch scratch) {
    this.ids = ids;
    this.dictionary = dictionary;
    this.scratch = scratch;
    ids.init(page, pos + 1, end, page.get(pos) & 0xFF);
  }

  @Override
  void read(FieldVector v, int dst, int count) {
    int[] idBuf = scratch.ids(count);
    ids.readInts(idBuf, 0, count);
    dictionary.gather(v, dst, idBuf, count, scratch);
  }

  @Override
  void skip(int count) {
    ids.skip(count);
  }

  /** The next {@code count} indices, into {@code out[off, off + count)}. */
  void readIds(int[] out, int off, int count) {
    ids.readInts(out, off, count);
  }

  /**
   * Reads the next {@code count} values, of rows {@code [from, from + count)} of a batch, and
   * writes those of the rows set in {@code keep} into rows {@code [dst, dst + kept)} of {@code v}:
   * every index is unpacked (the encoding allows no jump), only the kept are gathered.
   */
  void readKept(FieldVector v, int dst, long[] keep, int from, int count, int kept) {
    int[] idBuf = scratch.ids(count);
    ids.readInts(idBuf, 0, count);
    int k = 0;
    for (int row = Rows.nextSet(keep, from, from + count); row < from + count;
        row = Rows.nextSet(keep, row + 1, from + count)) {
      idBuf[k++] = idBuf[row - from];
    }
    dictionary.gather(v, dst, idBuf, kept, scratch);
  }
}
