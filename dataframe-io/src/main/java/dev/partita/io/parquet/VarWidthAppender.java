package dev.partita.io.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;

/**
 * Appends a run of values to a VarChar/VarBinary vector through its offset and data buffers
 * directly. {@code setSafe} per value re-checks capacity and back-fills offsets each time; that
 * made gathering dictionary strings no faster than parquet-mr's ColumnReader (ParquetReadBench).
 * Rows are appended in increasing order; skipped rows (nulls) get empty offsets here.
 */
final class VarWidthAppender {

  private BaseVariableWidthVector v;
  private int row;
  private long end;

  /** Starts appending at {@code dst}, reserving {@code bytes} more bytes of data. */
  void begin(BaseVariableWidthVector vector, int dst, long bytes) {
    this.v = vector;
    ArrowBuf offsets = vector.getOffsetBuffer();
    int last = vector.getLastSet();
    int end0 = offsets.getInt((long) (last + 1) * 4);
    for (int r = last + 2; r <= dst; r++) {
      offsets.setInt((long) r * 4, end0);
    }
    while (vector.getDataBuffer().capacity() < end0 + bytes) {
      vector.reallocDataBuffer();
    }
    this.row = dst;
    this.end = end0;
  }

  void append(byte[] src, int off, int len) {
    v.getDataBuffer().setBytes(end, src, off, len);
    end += len;
    v.getOffsetBuffer().setInt((long) (row + 1) * 4, (int) end);
    row++;
  }

  void finish() {
    v.setLastSet(row - 1);
  }
}
