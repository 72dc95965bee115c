package dev.partita.io.text;

import dev.partita.io.fs.Compression;
import dev.partita.io.fs.Storage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * The lines one {@link LinePartition} owns, decompressed, in order, without their {@code \n} or
 * {@code \r\n}: skips to just past the first newline at or after the partition's start (unless it
 * starts the file) and stops at the first line that starts past its end. A UTF-8 byte order mark at
 * the start of a file is dropped. Only a buffer of the file is held; a line longer than the buffer
 * grows it.
 */
final class LineReader implements Closeable {

  private static final int BUFFER_BYTES = 1 << 20;
  /** Past the partition's end, read in steps this small: only the last line is still needed. */
  private static final int TAIL_READ = 1 << 16;

  private final LinePartition part;
  private final ReadableByteChannel in;
  private final long end;

  private byte[] buf;
  private ByteBuffer bb;
  private int pos;
  private int lim;
  private long bufStart;
  private boolean eof;

  private int lineStart;
  private int lineEnd;
  /** Where the first owned line starts, and how many lines have been handed out since. */
  private long syncPos;
  private long lines;
  private long linesBeforeSync = -1;

  LineReader(LinePartition part) throws IOException {
    this.part = part;
    this.end = part.wholeFile() ? Long.MAX_VALUE : part.end();
    this.in = Compression.openChannel(part.file(), part.start());
    this.buf = new byte[part.wholeFile() ? BUFFER_BYTES
        : (int) Math.min(BUFFER_BYTES, part.end() - part.start() + TAIL_READ)];
    this.bb = ByteBuffer.wrap(buf);
    this.bufStart = part.start();
    try {
      sync();
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private void sync() throws IOException {
    if (part.start() == 0) {
      while (lim < 3 && !eof) {
        fill();
      }
      if (lim >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
        pos = 3;
      }
      syncPos = 0;
      return;
    }
    while (true) {
      int nl = indexOfNewline(pos, lim);
      if (nl >= 0) {
        pos = nl + 1;
        break;
      }
      pos = lim;
      if (eof) {
        break;
      }
      fill();
    }
    syncPos = bufStart + pos;
  }

  private int indexOfNewline(int from, int to) {
    byte[] b = buf;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Keeps the bytes from {@code pos} on, reads more after them; sets {@code eof} at the end. */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      bufStart += pos;
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
      bb = ByteBuffer.wrap(buf);
    }
    long beforeEnd = end - (bufStart + lim) + 1;
    int want = (int) Math.min(buf.length - lim, Math.max(beforeEnd, TAIL_READ));
    bb.limit(lim + want).position(lim);
    int n;
    do {
      n = in.read(bb);
    } while (n == 0);
    if (n < 0) {
      eof = true;
    } else {
      lim += n;
    }
  }

  /** Moves to the next line this partition owns; false when there is none. */
  boolean next() throws IOException {
    int scanned = pos;
    while (true) {
      if (pos >= lim && eof || bufStart + pos > end) {
        return false;
      }
      int nl = indexOfNewline(scanned, lim);
      if (nl >= 0) {
        lineStart = pos;
        lineEnd = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
        pos = nl + 1;
        break;
      }
      if (eof) {
        lineStart = pos;
        lineEnd = lim > pos && buf[lim - 1] == '\r' ? lim - 1 : lim;
        pos = lim;
        break;
      }
      int seen = lim - pos;
      fill();
      scanned = pos + seen;
    }
    lines++;
    return true;
  }

  /** The buffer holding the current line, valid until the next call to {@link #next()}. */
  byte[] buf() {
    return buf;
  }

  int lineStart() {
    return lineStart;
  }

  int lineEnd() {
    return lineEnd;
  }

  /**
   * The 1-based physical line number of the current line; counts the lines before the partition
   * only when first asked, since that costs a pass over the file before it.
   */
  long lineNumber() {
    if (linesBeforeSync < 0) {
      try {
        linesBeforeSync = syncPos == 0 ? 0 : Storage.countNewlines(part.file(), syncPos);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return linesBeforeSync + lines;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
