package dev.partita.io.csv;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.ReadSpec;
import dev.partita.io.fs.Compression;
import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one partition of a file in the common dialect (one-byte delimiter, optional one-byte quote
 * doubled inside quoted fields, LF or CRLF) byte by byte straight into Arrow vectors: the range is
 * read through a heap buffer, projected fields are parsed from the bytes, other fields are only
 * scanned past. Written by hand because commons-csv makes a String per field and reads about 120
 * MB/s per core; see benchmarks/RESULTS.md "CSV reading" for this reader's figure.
 *
 * <p>The partition owns every line that starts in {@code (start, end]} (partition 0 also the one at
 * 0): it skips to just past the first newline at or after {@code start} (the header line for
 * partition 0) and reads until a line starts past {@code end}.
 */
final class ByteCsvReader implements BatchReader {

  private static final Logger LOG = LoggerFactory.getLogger(ByteCsvReader.class);

  /** Buffer size; a line longer than this grows the buffer. */
  private static final int BUFFER_BYTES = 1 << 21;
  /** Past the partition's end, read in steps this small: only the last line is still needed. */
  private static final int TAIL_READ = 1 << 16;
  private static final int NEED_MORE = -1;

  /*
   * Unquoted fields are scanned 8 bytes at a time (SWAR): a byte equal to the delimiter or '\n'
   * becomes zero after XOR, and (v - 0x01..) & ~v & 0x80.. flags zero bytes; the lowest flag is
   * always a true match (borrows only corrupt the bytes above it).
   */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';

  private final CsvSource source;
  private final CsvPartition part;
  private final Schema schema;
  private final int batchRows;
  private final Batch batch;
  private final List<CsvSource.Column> projected;
  private final ReadableByteChannel in;
  private final int ncols;
  private final int[] target;
  private final int[] noTarget;
  /**
   * Per projected column: short runs of digits may be parsed in one 8-byte step (the five int
   * columns of CsvReadBench's file 1,700 → 1,340 ms CPU per pass, RESULTS.md "CSV reading").
   */
  private final boolean[] plainInts;
  /**
   * Per file column: how many delimiters end the run of unprojected fields starting there (the
   * last field of a line ends at the newline instead), skipped 8 bytes at a time by
   * {@link #skipFields}: v3-only read 940 → 685 ms CPU per pass (CsvReadBench, RESULTS.md).
   */
  private final int[] skips;
  private final int[] noSkips;
  private int skipped;
  private final byte delim;
  private final long delims;
  /** The quote byte in every byte, or newlines when there is no quote. */
  private final long quotes;
  private final int quote;
  private final boolean skipBlank;
  private final long end;

  private byte[] buf;
  private ByteBuffer bb;
  private int pos;
  private int lim;
  private long bufStart;
  private boolean eof;
  private boolean done;

  private long syncPos;
  private long linesSinceSync;
  private long linesBeforeSync = -1;

  private int rowFields;
  private int rowNewlines;
  private boolean rowBlank;
  private int badT;
  private String badValue;
  private int badCode;
  private byte[] scratch = new byte[256];

  private long badLines;
  private String firstBadLine;

  ByteCsvReader(CsvSource source, CsvPartition part, ReadSpec spec, BufferAllocator allocator)
      throws IOException {
    this.source = source;
    this.part = part;
    this.schema = source.projectedSchema(spec.columns());
    this.batchRows = spec.batchRows();
    this.projected = source.columns(spec.columns());
    this.batch = new Batch(schema, projected, source.options().nullString(), allocator,
        batchRows);
    this.ncols = source.columnCount();
    this.target = source.targets(spec.columns());
    this.noTarget = new int[ncols];
    Arrays.fill(noTarget, -1);
    this.noSkips = new int[ncols];
    this.skips = new int[ncols];
    for (int c = ncols - 1; c >= 0; c--) {
      if (target[c] < 0) {
        skips[c] = c == ncols - 1 ? 0 : skips[c + 1] + 1;
      }
    }
    this.plainInts = new boolean[projected.size()];
    for (int t = 0; t < plainInts.length; t++) {
      plainInts[t] = batch.plainDigits(t);
    }
    CsvOptions o = source.options();
    this.delim = (byte) o.delimiter().charAt(0);
    this.delims = ONES * (delim & 0xFF);
    this.quote = o.quote() == null ? 256 : o.quote();
    this.quotes = o.quote() == null ? NEWLINES : ONES * (o.quote() & 0xFF);
    this.skipBlank = o.ignoreEmptyLines();
    boolean whole = part.start() == 0 && part.end() >= part.file().size();
    this.end = whole ? Long.MAX_VALUE : part.end();
    this.in = Compression.openChannel(part.file(), part.start());
    this.buf = new byte[whole ? BUFFER_BYTES
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

  /** Moves to the first line this partition owns. */
  private void sync() throws IOException {
    if (part.start() == 0) {
      if (source.options().hasHeader()) {
        while (true) {
          int p = pos < lim ? parseRow(buf, pos, lim, 0, eof, noTarget, noSkips) : NEED_MORE;
          if (p != NEED_MORE) {
            pos = p;
            linesSinceSync = 1 + rowNewlines;
            break;
          }
          if (eof) {
            break;
          }
          fill();
        }
      }
      syncPos = 0;
      return;
    }
    while (true) {
      int nl = indexOfNewline(buf, pos, lim);
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

  private static int indexOfNewline(byte[] b, int from, int to) {
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
    if (done) {
      return null;
    }
    int row = 0;
    while (row < batchRows) {
      if (pos >= lim) {
        if (eof) {
          done = true;
          break;
        }
        fill();
        continue;
      }
      if (bufStart + pos > end) {
        done = true;
        break;
      }
      badT = -1;
      int p = parseRow(buf, pos, lim, row, eof, target, skips);
      if (p == NEED_MORE) {
        fill();
        continue;
      }
      if (rowFields == ncols) {
        if (badT >= 0) {
          throw badValueError();
        }
        row++;
      } else if (!(rowBlank && skipBlank)) {
        badLine(p);
      }
      pos = p;
      linesSinceSync += 1 + rowNewlines;
    }
    if (row == 0) {
      return null;
    }
    return batch.finish(row);
  }

  /**
   * Tokenizes the line at {@code p}, writing projected fields into row {@code row}. Sets
   * {@code rowFields}, {@code rowNewlines} (line breaks inside quotes), {@code rowBlank} and, on the
   * first unparsable value, {@code badT}/{@code badValue}/{@code badCode}.
   *
   * @return the offset after the line's terminator, or {@link #NEED_MORE} when the line is not
   *     complete in the buffer and the input has more bytes
   */
  private int parseRow(byte[] b, int p, int lim, int row, boolean atEof, int[] targets,
      int[] skips) {
    final byte delim = this.delim;
    final int quote = this.quote;
    final int ncols = this.ncols;
    int col = 0;
    int newlines = 0;
    int rowStart = p;
    while (true) {
      if (col < ncols && skips[col] > 0 && p + 8 <= lim) {
        int q = skipFields(b, p, lim, skips[col]);
        col += skipped;
        p = q;
      }
      int fs;
      int fe;
      int next;
      boolean last;
      boolean quoted = p < lim && b[p] == quote;
      boolean doubled = false;
      if (quoted) {
        int q = p + 1;
        while (true) {
          if (q >= lim) {
            if (!atEof) {
              return NEED_MORE;
            }
            throw CsvErrors.unclosedQuote(part.file().path(), lineAt(0));
          }
          byte c = b[q];
          if (c == quote) {
            if (q + 1 < lim && b[q + 1] == quote) {
              doubled = true;
              q += 2;
              continue;
            }
            if (q + 1 >= lim && !atEof) {
              return NEED_MORE;
            }
            break;
          }
          if (c == '\n') {
            newlines++;
            if (bufStart + q >= end) {
              throw CsvErrors.quotedNewlineAcrossSplit(part.file().path(),
                  lineAt(0), bufStart + q, source.options().sampleBytes());
            }
          }
          q++;
        }
        fs = p + 1;
        fe = q;
        q++;
        if (q >= lim) {
          last = true;
          next = q;
        } else if (b[q] == delim) {
          last = false;
          next = q + 1;
        } else if (b[q] == '\n') {
          last = true;
          next = q + 1;
        } else if (b[q] == '\r' && (q + 1 >= lim || b[q + 1] == '\n')) {
          if (q + 1 >= lim && !atEof) {
            return NEED_MORE;
          }
          last = true;
          next = Math.min(q + 2, lim);
        } else {
          throw CsvErrors.afterQuote(part.file().path(), lineAt(newlines),
              lineText(b, rowStart, lim));
        }
      } else {
        int t = col < ncols ? targets[col] : -1;
        if (t >= 0 && plainInts[t] && p + 8 <= lim) {
          long w = (long) LONGS.get(b, p);
          int n = Values.leadingDigits(w);
          if (n > 0 && n < 8) {
            byte c = b[p + n];
            if (c == delim || c == '\n') {
              batch.putLong(t, row, Values.digitsValue(w, n));
              col++;
              p += n + 1;
              if (c == '\n') {
                endRow(col, newlines, false);
                return p;
              }
              continue;
            }
          }
        }
        int q = p;
        long delims = this.delims;
        while (q + 8 <= lim) {
          long w = (long) LONGS.get(b, q);
          long x = w ^ delims;
          long y = w ^ NEWLINES;
          long hit = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
          if (hit != 0) {
            q += Long.numberOfTrailingZeros(hit) >>> 3;
            break;
          }
          q += 8;
        }
        if (q + 8 > lim) {
          while (q < lim) {
            byte c = b[q];
            if (c == delim || c == '\n') {
              break;
            }
            q++;
          }
        }
        fs = p;
        if (q >= lim) {
          if (!atEof) {
            return NEED_MORE;
          }
          last = true;
          next = q;
          fe = q > fs && b[q - 1] == '\r' ? q - 1 : q;
        } else if (b[q] == '\n') {
          last = true;
          next = q + 1;
          fe = q > fs && b[q - 1] == '\r' ? q - 1 : q;
        } else {
          last = false;
          next = q + 1;
          fe = q;
        }
      }
      if (col < ncols) {
        int t = targets[col];
        if (t >= 0) {
          writeField(t, b, fs, fe, quoted, doubled, row, quote);
        }
      }
      col++;
      p = next;
      if (last) {
        endRow(col, newlines, col == 1 && !quoted && fe == fs);
        return p;
      }
    }
  }

  /**
   * Passes up to {@code n} delimiters from the field start {@code p}, 8 bytes per step, and returns
   * the field start after the last one passed, their count in {@link #skipped}. Stops early before
   * a newline or quote, which the field-by-field path handles, and near the end of the buffer.
   */
  private int skipFields(byte[] b, int p, int lim, int n) {
    long delims = this.delims;
    long quotes = this.quotes;
    int need = n;
    int start = p;
    int q = p;
    while (q + 8 <= lim) {
      long w = (long) LONGS.get(b, q);
      long d = zeroBytes(w ^ delims);
      long stop = zeroBytes(w ^ NEWLINES) | zeroBytes(w ^ quotes);
      if (stop != 0) {
        d &= (stop & -stop) - 1;
      }
      int c = Long.bitCount(d);
      if (c >= need) {
        for (int i = 1; i < need; i++) {
          d &= d - 1;
        }
        skipped = n;
        return q + (Long.numberOfTrailingZeros(d) >>> 3) + 1;
      }
      if (c > 0) {
        need -= c;
        start = q + ((63 - Long.numberOfLeadingZeros(d)) >>> 3) + 1;
      }
      if (stop != 0) {
        break;
      }
      q += 8;
    }
    skipped = n - need;
    return start;
  }

  /** The high bit of each zero byte of {@code x}, exactly (no borrow between bytes). */
  private static long zeroBytes(long x) {
    return ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
  }

  private void endRow(int fields, int newlines, boolean blank) {
    rowFields = fields;
    rowNewlines = newlines;
    rowBlank = blank;
  }

  private void writeField(int t, byte[] b, int fs, int fe, boolean quoted, boolean doubled,
      int row, int quote) {
    byte[] src = b;
    int off = fs;
    int len = fe - fs;
    if (doubled) {
      if (scratch.length < len) {
        scratch = new byte[Math.max(len, scratch.length * 2)];
      }
      int n = 0;
      for (int i = fs; i < fe; i++) {
        scratch[n++] = b[i];
        if (b[i] == quote) {
          i++;
        }
      }
      src = scratch;
      off = 0;
      len = n;
    }
    int code = batch.write(t, src, off, len, quoted, row);
    if (code != Batch.OK && badT < 0) {
      badT = t;
      badCode = code;
      badValue = new String(src, off, len, StandardCharsets.UTF_8);
    }
  }

  private RuntimeException badValueError() {
    CsvSource.Column c = projected.get(badT);
    String file = part.file().path();
    if (badCode == Batch.BAD_UTF8) {
      return CsvErrors.badUtf8(file, lineAt(0), c.name(), badValue);
    }
    return CsvErrors.badValue(file, lineAt(0), c, badValue, source.options().sampleBytes(),
        source.sampleFile());
  }

  private void badLine(int p) {
    long line = lineAt(0);
    String text = lineText(buf, pos, p);
    if (source.options().onBadLines() == OnBadLines.ERROR) {
      throw CsvErrors.ragged(part.file().path(), line, text, ncols, rowFields);
    }
    if (badLines++ == 0) {
      firstBadLine = "line " + line + " has " + rowFields + " fields, expected " + ncols + ": "
          + text;
    }
  }

  private static String lineText(byte[] b, int from, int to) {
    int e = Math.min(to, from + 200);
    while (e > from && (b[e - 1] == '\n' || b[e - 1] == '\r')) {
      e--;
    }
    return new String(b, from, e - from, StandardCharsets.UTF_8);
  }

  /**
   * The 1-based physical line number of the current row plus {@code extra}; counts the newlines
   * before the partition only now, since it costs a pass over the file before it.
   */
  private long lineAt(int extra) {
    if (linesBeforeSync < 0) {
      try {
        linesBeforeSync = syncPos == 0 ? 0 : Storage.countNewlines(part.file(), syncPos);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return linesBeforeSync + linesSinceSync + 1 + extra;
  }

  @Override
  public void close() throws IOException {
    if (badLines > 0 && source.options().onBadLines() == OnBadLines.WARN) {
      LOG.warn("{}: skipped {} rows with the wrong number of fields in {}; first: {}",
          part.file().path(), badLines, part.describe(), firstBadLine);
    }
    in.close();
  }
}
