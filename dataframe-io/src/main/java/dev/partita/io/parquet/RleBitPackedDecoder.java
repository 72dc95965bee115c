package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Decodes Parquet's RLE/bit-packed hybrid encoding (definition levels, dictionary indices, v2
 * booleans) a run at a time: callers see the current run ({@link #rle}, {@link #left},
 * {@link #value} or {@link #packed}) and consume it in bulk, so a run of 10 000 non-null values
 * costs one header decode instead of 10 000 level reads.
 */
final class RleBitPackedDecoder {

  private ByteBuffer buf;
  private int pos;
  private int end;
  private int bitWidth;
  private int byteWidth;
  private BytePacker packer;
  private byte[] runBytes = new byte[256];

  /** Whether the current run repeats {@link #value}; otherwise it is {@link #packed}. */
  boolean rle;
  /** Values left in the current run. */
  int left;
  /** The repeated value of an RLE run. */
  int value;
  /** Unpacked values of a bit-packed run, read from {@link #packedPos}. */
  int[] packed = new int[64];
  int packedPos;

  void init(ByteBuffer buf, int start, int end, int bitWidth) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.bitWidth = bitWidth;
    this.byteWidth = (bitWidth + 7) >>> 3;
    this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
    this.left = 0;
  }

  /** Loads the next run; the caller checks {@link #left} reached zero first. */
  void nextRun() {
    if (pos >= end) {
      throw new IllegalStateException("RLE/bit-packed data ends before the page's value count");
    }
    int header = readUnsignedVarInt();
    if ((header & 1) == 0) {
      rle = true;
      left = header >>> 1;
      int v = 0;
      for (int i = 0; i < byteWidth; i++) {
        v |= (buf.get(pos++) & 0xFF) << (8 * i);
      }
      value = v;
    } else {
      rle = false;
      int groups = header >>> 1;
      left = groups * 8;
      int unpacked = (groups + 3) / 4 * 32;
      if (packed.length < unpacked) {
        packed = new int[Math.max(unpacked, packed.length * 2)];
      }
      if (bitWidth == 0) {
        // parquet-mr's 0-bit unpacker writes nothing, and a run may follow one of other values
        Arrays.fill(packed, 0, left, 0);
      }
      // unpacked from a heap copy: parquet-mr's unpackers read a direct buffer a bounds-checked
      // byte at a time, a quarter of the time of a seven-column read of direct pages (JFR)
      int bytes = groups * bitWidth;
      if (runBytes.length < bytes + 4 * bitWidth) {
        runBytes = new byte[Math.max(bytes + 4 * bitWidth, runBytes.length * 2)];
      }
      int present = Math.max(0, Math.min(bytes, end - pos));
      buf.get(pos, runBytes, 0, present);
      // the writer may stop the last group early when the page's values end inside it
      Arrays.fill(runBytes, present, bytes, (byte) 0);
      for (int g = 0; g < groups; g += 4) {
        packer.unpack32Values(runBytes, g * bitWidth, packed, g * 8);
      }
      pos += bytes;
      packedPos = 0;
    }
  }

  /** Reads {@code n} values into {@code out[off..off+n)}. */
  void readInts(int[] out, int off, int n) {
    while (n > 0) {
      if (left == 0) {
        nextRun();
      }
      int r = Math.min(left, n);
      if (rle) {
        Arrays.fill(out, off, off + r, value);
      } else {
        System.arraycopy(packed, packedPos, out, off, r);
        packedPos += r;
      }
      left -= r;
      off += r;
      n -= r;
    }
  }

  /** Moves past the next {@code n} values. */
  void skip(int n) {
    while (n > 0) {
      if (left == 0) {
        nextRun();
      }
      int r = Math.min(left, n);
      if (!rle) {
        packedPos += r;
      }
      left -= r;
      n -= r;
    }
  }

  private int readUnsignedVarInt() {
    int v = 0;
    int shift = 0;
    int b;
    do {
      b = buf.get(pos++) & 0xFF;
      v |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return v;
  }
}
