package dev.partita.io.parquet;

import dev.partita.io.Utf8Dictionary;
import java.nio.ByteBuffer;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** A column chunk's decoded dictionary page, gathered into Arrow vectors by index. */
final class Dictionary {

  private final ValueKind kind;
  private final int[] ints;
  private final long[] longs;
  private final byte[] bytes;
  private final int[] offsets;
  /** Each value's length, and its bytes little-endian when every value fits in 8 bytes. */
  private final int[] lengths;
  private final long[] words;
  private final VarWidthAppender appender = new VarWidthAppender();
  /**
   * Fixed-width values are gathered here and copied into the Arrow buffer at once: a bounds-checked
   * {@code ArrowBuf.setInt/setLong} per value held dictionary ints at 221-236 M values per
   * CPU-second, this reads 278-288 M/s (ParquetReadBench's dictionary ints, interleaved runs).
   */
  private int[] gatheredInts = new int[0];
  private long[] gatheredLongs = new long[0];

  private Dictionary(ValueKind kind, int[] ints, long[] longs, byte[] bytes, int[] offsets) {
    this.kind = kind;
    this.ints = ints;
    this.longs = longs;
    this.bytes = bytes;
    this.offsets = offsets;
    this.lengths = offsets == null ? null : lengths(offsets);
    this.words = offsets == null ? null : words(bytes, offsets, lengths);
  }

  private static int[] lengths(int[] offsets) {
    int[] out = new int[offsets.length - 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = offsets[i + 1] - offsets[i];
    }
    return out;
  }

  private static long[] words(byte[] bytes, int[] offsets, int[] lengths) {
    long[] out = new long[lengths.length];
    for (int i = 0; i < out.length; i++) {
      if (lengths[i] > 8) {
        return null;
      }
      for (int b = lengths[i] - 1; b >= 0; b--) {
        out[i] = out[i] << 8 | (bytes[offsets[i] + b] & 0xFF);
      }
    }
    return out;
  }

  /** The entries of a byte-array dictionary, sharing its arrays. */
  Utf8Dictionary strings() {
    return new Utf8Dictionary(bytes, offsets);
  }

  static Dictionary decode(DictionaryPage page, ColumnDescriptor desc, ValueKind kind) {
    ByteBuffer bb = VectorizedColumnReader.heap(page.getBytes());
    int n = page.getDictionarySize();
    PrimitiveTypeName physical = desc.getPrimitiveType().getPrimitiveTypeName();
    switch (physical) {
      case INT32, FLOAT -> {
        int[] v = new int[n];
        bb.asIntBuffer().get(v);
        return kind == ValueKind.DEC_INT ? new Dictionary(kind, null, widen(v), null, null)
            : new Dictionary(kind, v, null, null, null);
      }
      case INT64, DOUBLE -> {
        long[] v = new long[n];
        bb.asLongBuffer().get(v);
        return new Dictionary(kind, null, v, null, null);
      }
      case BINARY, FIXED_LEN_BYTE_ARRAY -> {
        boolean fixed = physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
        int len = desc.getPrimitiveType().getTypeLength();
        int[] off = new int[n + 1];
        byte[] out = new byte[bb.limit()];
        int pos = 0;
        int w = 0;
        for (int i = 0; i < n; i++) {
          int l = fixed ? len : bb.getInt(pos);
          pos += fixed ? 0 : 4;
          bb.get(pos, out, w, l);
          pos += l;
          w += l;
          off[i + 1] = w;
        }
        return new Dictionary(kind, null, null, out, off);
      }
      default -> throw new IllegalStateException("a " + physical + " column has a dictionary");
    }
  }

  private static long[] widen(int[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private void gatherBytes(BaseVariableWidthVector v, int dst, int[] ids, int count) {
    if (words != null) {
      appender.begin(v, dst, count, count * 8L);
      for (int i = 0; i < count; i++) {
        int id = ids[i];
        appender.appendWord(words[id], lengths[id]);
      }
    } else {
      long total = 0;
      for (int i = 0; i < count; i++) {
        total += lengths[ids[i]];
      }
      appender.begin(v, dst, count, total);
      for (int i = 0; i < count; i++) {
        int id = ids[i];
        appender.append(bytes, offsets[id], lengths[id]);
      }
    }
    appender.finish();
  }

  /** Writes the values of {@code ids[0..count)} into rows {@code [dst, dst + count)}. */
  void gather(FieldVector v, int dst, int[] ids, int count) {
    switch (kind) {
      case RAW4 -> {
        if (gatheredInts.length < count) {
          gatheredInts = new int[Math.max(count, gatheredInts.length * 2)];
        }
        for (int i = 0; i < count; i++) {
          gatheredInts[i] = ints[ids[i]];
        }
        ArrowBufs.putInts(v.getDataBuffer(), dst, gatheredInts, count);
      }
      case RAW8 -> {
        if (gatheredLongs.length < count) {
          gatheredLongs = new long[Math.max(count, gatheredLongs.length * 2)];
        }
        for (int i = 0; i < count; i++) {
          gatheredLongs[i] = longs[ids[i]];
        }
        ArrowBufs.putLongs(v.getDataBuffer(), dst, gatheredLongs, count);
      }
      case BYTES -> gatherBytes((BaseVariableWidthVector) v, dst, ids, count);
      case DEC_INT -> {
        DecimalVector dv = (DecimalVector) v;
        for (int i = 0; i < count; i++) {
          dv.set(dst + i, longs[ids[i]]);
        }
      }
      case DEC_BYTES -> {
        DecimalVector dv = (DecimalVector) v;
        for (int i = 0; i < count; i++) {
          int id = ids[i];
          byte[] be = new byte[offsets[id + 1] - offsets[id]];
          System.arraycopy(bytes, offsets[id], be, 0, be.length);
          dv.setBigEndian(dst + i, be);
        }
      }
      default -> throw new IllegalStateException(kind + " values cannot be dictionary-encoded");
    }
  }
}
