package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/** Booleans RLE/bit-packed at bit width 1 after a 4-byte length (v2 pages). */
final class RleBooleanValues extends PageValues {

  private final RleBitPackedDecoder values;
  private final Scratch scratch;

  RleBooleanValues(RleBitPackedDecoder values, ByteBuffer page, int pos, Scratch scratch) {
    this.values = values;
    this.scratch = scratch;
    int len = page.getInt(pos);
    values.init(page, pos + 4, pos + 4 + len, 1);
  }

  @Override
  void skip(int count) {
    values.skip(count);
  }

  @Override
  void read(FieldVector v, int dst, int count) {
    ArrowBuf bits = v.getDataBuffer();
    int[] buf = scratch.ids(count);
    values.readInts(buf, 0, count);
    for (int i = 0; i < count; i++) {
      if (buf[i] != 0) {
        BitVectorHelper.setBit(bits, dst + i);
      }
    }
  }
}
