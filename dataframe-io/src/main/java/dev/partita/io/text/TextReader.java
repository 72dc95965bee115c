package dev.partita.io.text;

import dev.partita.io.BatchBuffers;
import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.ReadSpec;
import dev.partita.io.fs.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The lines of one partition as batches of one string column (or of no column, only counted). A
 * batch ends at {@link ReadSpec#batchRows()} lines or past {@link #MAX_BATCH_BYTES} of text,
 * whichever comes first, so that long lines never make a string vector near its 2 GiB limit.
 */
final class TextReader implements BatchReader {

  static final int MAX_BATCH_BYTES = 64 << 20;

  private final LinePartition part;
  private final LineReader lines;
  private final Schema schema;
  private final boolean projected;
  private final int batchRows;
  private final BatchBuffers buffers;

  TextReader(LinePartition part, ReadSpec spec, BufferAllocator allocator) throws IOException {
    this.part = part;
    this.projected = !spec.columns().isEmpty();
    this.schema = projected ? TextSource.SCHEMA : new Schema(List.of());
    this.batchRows = spec.batchRows();
    this.buffers = new BatchBuffers(schema, allocator, batchRows);
    this.lines = new LineReader(part);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    try {
      return read();
    } catch (DataException e) {
      throw Compression.explain(part.file(), e);
    }
  }

  private VectorSchemaRoot read() throws IOException {
    int row = 0;
    while (row < batchRows && lines.next()) {
      if (projected) {
        byte[] b = lines.buf();
        int s = lines.lineStart();
        int n = lines.lineEnd() - s;
        if (!buffers.setUtf8(0, row, b, s, n)) {
          throw badUtf8(b, s, n);
        }
        if (buffers.stringBytes(0, row + 1) > MAX_BATCH_BYTES) {
          row++;
          break;
        }
      }
      row++;
    }
    return row == 0 ? null : buffers.finish(row);
  }

  private DataException badUtf8(byte[] b, int s, int n) {
    int at = BatchBuffers.invalidUtf8(b, s, n) - s;
    return new DataException(part.file().path(), "line " + lines.lineNumber(), TextSource.COLUMN,
        new String(b, s, n, StandardCharsets.UTF_8),
        "invalid UTF-8 bytes at byte " + at + " of the line",
        "Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)");
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
