package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;

/**
 * The RLE/bit-packed hybrid decoder against parquet-mr's encoder, at every bit width: values with
 * runs (which the encoder writes as RLE) and without (bit-packed), read and skipped in random slices
 * that start and end inside groups of eight, with bytes after the stream.
 */
class RleBitPackedDecoderTest {

  @Property(tries = 400)
  void readsAndSkipsTheValuesEncoded(@ForAll long seed, @ForAll @IntRange(max = 32) int bitWidth)
      throws IOException {
    Random rnd = new Random(seed);
    int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 5000);
    int[] values = new int[n];
    long bound = 1L << bitWidth;
    double change = rnd.nextBoolean() ? 0.75 : 0.02;
    int x = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || rnd.nextDouble() < change) {
        x = (int) (rnd.nextDouble() < 0.1 ? bound - 1 : (long) (rnd.nextDouble() * bound));
      }
      values[i] = x;
    }
    RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(
        bitWidth, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
    for (int v : values) {
      encoder.writeInt(v);
    }
    byte[] encoded = encoder.toBytes().toByteArray();
    byte[] page = new byte[3 + encoded.length + 9];
    System.arraycopy(encoded, 0, page, 3, encoded.length);
    for (int i = 3 + encoded.length; i < page.length; i++) {
      page[i] = (byte) 0xA5;
    }

    RleBitPackedDecoder decoder = new RleBitPackedDecoder();
    decoder.init(ByteBuffer.wrap(page), 3, 3 + encoded.length, bitWidth);
    int[] out = new int[n + 2];
    int at = 0;
    while (at < n) {
      int k = Math.min(n - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 9 : 700));
      if (rnd.nextInt(3) == 0) {
        decoder.skip(k);
      } else {
        out[1 + k] = -7;
        decoder.readInts(out, 1, k);
        assertArrayEquals(Arrays.copyOfRange(values, at, at + k), Arrays.copyOfRange(out, 1, 1 + k),
            "values " + at + ".." + (at + k) + " at bit width " + bitWidth);
        assertEquals(-7, out[1 + k], "a read of " + k + " values wrote past them");
      }
      at += k;
    }
  }
}
