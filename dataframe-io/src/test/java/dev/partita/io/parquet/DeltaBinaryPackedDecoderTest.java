package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;

/**
 * The DELTA_BINARY_PACKED decoder against parquet-mr's writer: ints and longs of random spread
 * (sorted runs, small and full-range values, wrapping deltas), read in random slices, with bytes
 * after the stream so its end must be found.
 */
class DeltaBinaryPackedDecoderTest {

  private static long[] values(Random rnd, int n, boolean ints) {
    long[] v = new long[n];
    int spread = rnd.nextInt(4);
    long x = rnd.nextLong();
    for (int i = 0; i < n; i++) {
      x = switch (spread) {
        case 0 -> x + rnd.nextInt(3);
        case 1 -> rnd.nextInt(1000) - 500;
        case 2 -> rnd.nextInt(20) == 0 ? rnd.nextLong() : x;
        default -> rnd.nextLong();
      };
      v[i] = ints ? (int) x : x;
    }
    return v;
  }

  @Property(tries = 300)
  void decodesWhatParquetMrWrote(@ForAll long seed, @ForAll boolean ints,
      @ForAll @IntRange(min = 0, max = 3000) int n) throws IOException {
    Random rnd = new Random(seed);
    long[] expected = values(rnd, n, ints);
    int[][] shapes = {{128, 4}, {128, 1}, {256, 8}, {1024, 8}};
    int[] shape = shapes[rnd.nextInt(shapes.length)];
    byte[] stream;
    if (ints) {
      var w = new DeltaBinaryPackingValuesWriterForInteger(shape[0], shape[1], 64, 1 << 16,
          new HeapByteBufferAllocator());
      for (long x : expected) {
        w.writeInteger((int) x);
      }
      stream = w.getBytes().toByteArray();
    } else {
      var w = new DeltaBinaryPackingValuesWriterForLong(shape[0], shape[1], 64, 1 << 16,
          new HeapByteBufferAllocator());
      for (long x : expected) {
        w.writeLong(x);
      }
      stream = w.getBytes().toByteArray();
    }
    byte[] page = new byte[stream.length + 7];
    System.arraycopy(stream, 0, page, 3, stream.length);
    ByteBuffer buf = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
    DeltaBinaryPackedDecoder d = new DeltaBinaryPackedDecoder();
    d.init(buf, 3, 3 + stream.length);
    assertEquals(n, d.valueCount());
    long[] actual = new long[n];
    for (int done = 0; done < n; ) {
      int k = Math.min(n - done, 1 + rnd.nextInt(400));
      d.read(actual, done, k);
      done += k;
    }
    if (ints) {
      for (int i = 0; i < n; i++) {
        actual[i] = (int) actual[i];
      }
    }
    assertArrayEquals(expected, actual);
    assertEquals(3 + stream.length, d.position(), "the stream ends where the writer stopped");
  }
}
