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

  /** The next {@code count} indices, into {@code out[0, count)}. */
  void readIds(int[] out, int count) {
    ids.readInts(out, 0, count);
  }
}
