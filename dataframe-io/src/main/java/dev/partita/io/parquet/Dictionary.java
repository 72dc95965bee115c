package dev.partita.io.parquet;

import dev.partita.io.LongDictionary;
import dev.partita.io.Utf8Dictionary;
import java.nio.ByteBuffer;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A column chunk's decoded dictionary page, its entries already in the column's slot layout
 * ({@link ValueKind}: converted decimals and timestamps included), gathered into Arrow vectors by
 * index.
 */
final class Dictionary {

  private final ValueKind kind;
  private final int[] ints;
  /** One long per entry, two (low word first) for 16-byte kinds. */
  private final long[] longs;
  private final byte[] bytes;
  private final int[] offsets;
  /** Each value's length, and its bytes little-endian when every value fits in 8 bytes. */
  private final int[] lengths;
  private final long[] words;

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

  /** The number of entries. */
  int size() {
    return switch (kind) {
      case RAW4 -> ints.length;
      case BYTES -> lengths.length;
      default -> longs.length / (kind.width / 8);
    };
  }

  /**
   * Entry {@code id} of an integer dictionary (int32 and int64 values, and unscaled decimals, which
   * fit 64 bits when their physical type is an integer) as a long.
   */
  long integer(int id) {
    return switch (kind) {
      case RAW4 -> ints[id];
      case RAW8 -> longs[id];
      case DEC_INT -> longs[2 * id];
      default -> throw new IllegalStateException(kind + " entries are not integers");
    };
  }

  /** The entries of a byte-array dictionary, sharing its arrays. */
  Utf8Dictionary strings() {
    return new Utf8Dictionary(bytes, offsets);
  }

  /** The entries of an int32 or int64 dictionary as longs (int32 sign-extended). */
  LongDictionary longs() {
    return switch (kind) {
      case RAW4 -> {
        long[] out = new long[ints.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = ints[i];
        }
        yield new LongDictionary(out);
      }
      case RAW8 -> new LongDictionary(longs);
      default -> throw new IllegalStateException(kind + " entries are not plain integers");
    };
  }

  /**
   * Decodes a PLAIN dictionary page.
   *
   * @throws ArithmeticException for a decimal entry wider than its slot
   */
  static Dictionary decode(DictionaryPage page, ColumnDescriptor desc, ValueKind kind) {
    ByteBuffer bb = VectorizedColumnReader.heap(page.getBytes());
    int n = page.getDictionarySize();
    PrimitiveType type = desc.getPrimitiveType();
    switch (kind) {
      case RAW4 -> {
        int[] v = new int[n];
        Plain.toInts(bb, 0, n, v);
        return new Dictionary(kind, v, null, null, null);
      }
      case BYTES -> {
        int fixed = Plain.fixedLength(type);
        int[] off = new int[n + 1];
        byte[] out = new byte[bb.limit()];
        int pos = 0;
        int w = 0;
        for (int i = 0; i < n; i++) {
          int l = fixed >= 0 ? fixed : bb.getInt(pos);
          pos += fixed >= 0 ? 0 : 4;
          bb.get(pos, out, w, l);
          pos += l;
          w += l;
          off[i + 1] = w;
        }
        return new Dictionary(kind, null, null, out, off);
      }
      case BOOL -> throw new IllegalStateException("a BOOLEAN column has a dictionary");
      default -> {
        long[] v = new long[n * (kind.width / 8)];
        Plain.toLongs(kind, type, bb, 0, n, v);
        return new Dictionary(kind, null, v, null, null);
      }
    }
  }

  private void gatherBytes(BaseVariableWidthVector v, int dst, int[] ids, int count,
      VarWidthAppender appender) {
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

  /**
   * Writes the values of {@code ids[0..count)} into rows {@code [dst, dst + count)}. 4- and 8-byte
   * values are gathered into a heap array and copied into the Arrow buffer at once: a
   * bounds-checked {@code ArrowBuf.setInt/setLong} per value held dictionary ints at 221-236 M
   * values per CPU-second, this reads 278-288 M/s (ParquetReadBench's dictionary ints, interleaved
   * runs). Decimals, whose entries are already 16-byte slots, are copied into the buffer one slot
   * per value ({@link DecimalSlots#gather}).
   */
  void gather(FieldVector v, int dst, int[] ids, int count, Scratch scratch) {
    switch (kind.width) {
      case 4 -> {
        int[] out = scratch.ints(count);
        for (int i = 0; i < count; i++) {
          out[i] = ints[ids[i]];
        }
        ArrowBufs.putInts(v.getDataBuffer(), dst, out, count);
      }
      case 8 -> {
        long[] out = scratch.longs(count);
        for (int i = 0; i < count; i++) {
          out[i] = longs[ids[i]];
        }
        ArrowBufs.putLongs(v.getDataBuffer(), dst, out, count);
      }
      case 16 -> DecimalSlots.gather(longs, ids, count, v.getDataBuffer(), dst);
      default -> gatherBytes((BaseVariableWidthVector) v, dst, ids, count, scratch.appender);
    }
  }
}
