package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A parquet-mr {@link OutputFile} over {@link Storage.AtomicOutput}: counts the position parquet-mr
 * records in the footer, and leaves closing the underlying stream to the commit (closing here would
 * close it before the rename).
 */
final class AtomicOutputFile implements OutputFile {

  private final Storage.AtomicOutput out;

  AtomicOutputFile(Storage.AtomicOutput out) {
    this.out = out;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    OutputStream s = out.stream();
    return new PositionOutputStream() {
      private long pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void write(int b) throws IOException {
        s.write(b);
        pos++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        s.write(b, off, len);
        pos += len;
      }

      @Override
      public void flush() throws IOException {
        s.flush();
      }

      @Override
      public void close() throws IOException {
        s.flush();
      }
    };
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return out.tempPath();
  }
}
