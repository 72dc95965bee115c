package dev.partita.io.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;

/**
 * Appends a run of values to a VarChar/VarBinary vector: values and end offsets are gathered into
 * heap scratch arrays and copied into the Arrow data and offset buffers with one bulk copy each.
 * {@code setSafe} per value made dictionary strings no faster than parquet-mr's ColumnReader, and
 * {@code ArrowBuf.setBytes} per value (bounds checks and a copy call for 5 bytes) still held them
 * at 91 M values per CPU-second; gathering on the heap reads 257 M/s (ParquetReadBench's
 * dictionary strings, uncompressed, in thread CPU time). Rows are appended in increasing order;
 * skipped rows (nulls) get empty offsets here.
 */
final class VarWidthAppender {

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private BaseVariableWidthVector v;
  private int firstRow;
  private int row;
  private int start;
  private int w;
  private byte[] data = new byte[1 << 16];
  private byte[] ends = new byte[1 << 12];

  /** Starts appending at row {@code dst}; at most {@code maxBytes} bytes of values follow. */
  void begin(BaseVariableWidthVector vector, int dst, int count, long maxBytes) {
    this.v = vector;
    ArrowBuf offsets = vector.getOffsetBuffer();
    int last = vector.getLastSet();
    int end0 = offsets.getInt((long) (last + 1) * 4);
    for (int r = last + 2; r <= dst; r++) {
      offsets.setInt((long) r * 4, end0);
    }
    if (data.length < maxBytes + 8) {
      data = new byte[(int) Math.max(maxBytes + 8, data.length * 2L)];
    }
    if (ends.length < count * 4) {
      ends = new byte[Math.max(count * 4, ends.length * 2)];
    }
    this.firstRow = dst;
    this.row = 0;
    this.start = end0;
    this.w = 0;
  }

  void append(byte[] src, int off, int len) {
    int words = (len + 7) & ~7;
    if (len <= 64 && off + words <= src.length) {
      // short values a word at a time (up to 7 bytes past the value, overwritten by the next):
      // PLAIN strings of 10-43 bytes read at 20-22 M values per CPU-second with a
      // System.arraycopy call per value, 27-32 M/s so (DuckDB lineitem comments, uncompressed)
      for (int i = 0; i < words; i += 8) {
        LONG.set(data, w + i, (long) LONG.get(src, off + i));
      }
    } else {
      System.arraycopy(src, off, data, w, len);
    }
    w += len;
    INT.set(ends, row++ << 2, start + w);
  }

  /** Appends a value of at most 8 bytes held little-endian in {@code word}. */
  void appendWord(long word, int len) {
    LONG.set(data, w, word);
    w += len;
    INT.set(ends, row++ << 2, start + w);
  }

  void finish() {
    while (v.getDataBuffer().capacity() < (long) start + w) {
      v.reallocDataBuffer();
    }
    v.getDataBuffer().setBytes(start, data, 0, w);
    v.getOffsetBuffer().setBytes((long) (firstRow + 1) * 4, ends, 0, (long) row * 4);
    v.setLastSet(firstRow + row - 1);
  }
}
