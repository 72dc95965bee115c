package dev.partita.io.fs;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.partita.io.DataException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * How a file's bytes are compressed, told by its name ({@code .gz}, {@code .zst}, {@code .bz2})
 * and its first bytes: a file named plainly that starts with a compressed signature is
 * decompressed all the same, and a file whose name and first bytes disagree is a
 * {@link DataException}. A damaged or truncated compressed file is a {@link DataException} naming
 * the file and the compressed byte offset where decompression stopped, never a bare
 * {@code EOFException}.
 *
 * <pre>{@code
 * try (ReadableByteChannel in = Compression.openChannel(file, 0)) { ... }   // decompressed bytes
 * boolean splittable = Compression.detect(file) == Compression.NONE;
 * }</pre>
 *
 * <p>None of these formats can be read from the middle, so a compressed file is always one
 * partition; parallelism comes from reading many files at once.
 */
public enum Compression {
  NONE("", null, new byte[0]),
  GZIP(".gz", "gzip", new byte[] {0x1f, (byte) 0x8b, 0x08}),
  ZSTD(".zst", "zstd", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
  /** {@code BZh} and the block size digit 1-9. */
  BZIP2(".bz2", "bzip2", new byte[] {'B', 'Z', 'h'});

  /** Enough leading bytes to tell every signature apart. */
  private static final int SIGNATURE_BYTES = 4;
  private static final int BUFFER_BYTES = 1 << 16;
  /** How a decompression error's location starts. */
  private static final String AT = "compressed byte ";

  private final String extension;
  private final String tool;
  private final byte[] signature;

  Compression(String extension, String tool, byte[] signature) {
    this.extension = extension;
    this.tool = tool;
    this.signature = signature;
  }

  /** The file name ending of this compression, e.g. {@code .gz}; empty for {@link #NONE}. */
  public String extension() {
    return extension;
  }

  /** The compression a file name declares by its last extension; {@link #NONE} when none. */
  public static Compression byName(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    for (Compression c : values()) {
      if (c != NONE && lower.endsWith(c.extension)) {
        return c;
      }
    }
    return NONE;
  }

  /** The file name without its compression extension, e.g. {@code a.jsonl} for {@code a.jsonl.gz}. */
  public static String stripExtension(String path) {
    Compression c = byName(path);
    return path.substring(0, path.length() - c.extension.length());
  }

  /**
   * The compression of a file: its name's, checked against its first bytes, or for a plain name
   * what the first bytes say. Opens the file to read them.
   *
   * @throws DataException when the name declares a compression the bytes do not start with
   */
  public static Compression detect(DataFile file) throws IOException {
    try (SeekableByteChannel ch = Storage.open(file)) {
      return detect(file, head(ch));
    }
  }

  private static byte[] head(SeekableByteChannel ch) throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(SIGNATURE_BYTES);
    while (bb.hasRemaining()) {
      if (ch.read(bb) < 0) {
        break;
      }
    }
    byte[] b = new byte[bb.position()];
    bb.flip().get(b);
    return b;
  }

  private static Compression detect(DataFile file, byte[] head) {
    Compression named = byName(file.path());
    Compression found = NONE;
    for (Compression c : values()) {
      if (c != NONE && c.matches(head)) {
        found = c;
      }
    }
    if (named != NONE && found != named) {
      throw new DataException(file.path(), null, null, null,
          "the name says " + named.tool + " but the file does not start with the " + named.tool
              + " signature " + hex(named.signature) + ": its first bytes are " + hex(head)
              + (found == NONE ? "" : ", which are " + found.tool + "'s"),
          "Rename the file to what it holds (without " + named.extension + " if it is not"
              + " compressed), or compress it again with " + named.tool);
    }
    return found;
  }

  private boolean matches(byte[] head) {
    if (head.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (head[i] != signature[i]) {
        return false;
      }
    }
    return this != BZIP2 || head.length > 3 && head[3] >= '1' && head[3] <= '9';
  }

  private static String hex(byte[] b) {
    return b.length == 0 ? "(none, the file is empty)" : HexFormat.ofDelimiter(" ").formatHex(b);
  }

  /**
   * The file's decompressed bytes from {@code start}. A compressed file is read from 0 only; a
   * {@code start} past 0 is for splitting plain files, whose compression was detected when the
   * partitions were planned, so the bytes there are not looked at again.
   */
  public static ReadableByteChannel openChannel(DataFile file, long start) throws IOException {
    SeekableByteChannel ch = Storage.open(file);
    try {
      if (start > 0) {
        ch.position(start);
        return ch;
      }
      Compression c = detect(file, head(ch));
      ch.position(0);
      return c == NONE ? ch : Channels.newChannel(c.decompress(file, Channels.newInputStream(ch)));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * The error to report for bad content found in {@code file}: when the file is compressed and
   * damaged, the damage (with {@code contentError} attached as suppressed), since a damaged archive
   * often decompresses into garbage before its checksum fails; else {@code contentError} itself.
   * Reads the rest of the file, so it is for error paths only.
   */
  public static DataException explain(DataFile file, DataException contentError) {
    if (contentError.location() != null && contentError.location().startsWith(AT)) {
      return contentError;
    }
    try {
      if (detect(file) != NONE) {
        try (InputStream in = openStream(file)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
    } catch (DataException damaged) {
      damaged.addSuppressed(contentError);
      return damaged;
    } catch (IOException e) {
      contentError.addSuppressed(e);
    }
    return contentError;
  }

  /** The file's decompressed bytes from the start, as a stream. */
  public static InputStream openStream(DataFile file) throws IOException {
    return Channels.newInputStream(openChannel(file, 0));
  }

  private InputStream decompress(DataFile file, InputStream raw) throws IOException {
    Counting counted = new Counting(new BufferedInputStream(raw, BUFFER_BYTES));
    InputStream d;
    try {
      d = switch (this) {
        case GZIP -> new Gzip(counted);
        case ZSTD -> new ZstdInputStreamNoFinalizer(counted);
        case BZIP2 -> new BZip2CompressorInputStream(counted, true);
        case NONE -> throw new IllegalStateException("not compressed");
      };
    } catch (IOException e) {
      if (e == counted.error) {
        throw e;
      }
      throw damaged(file, counted, null, e);
    }
    return new Guarded(file, this, counted, d);
  }

  /** The error for a decompressor's complaint, at the compressed offset it had reached. */
  private DataException damaged(DataFile file, Counting raw, InputStream decompressor,
      IOException e) {
    long at = raw.count - (decompressor instanceof Gzip g ? g.unconsumed() : 0);
    String problem = raw.eof || e instanceof EOFException
        ? "the " + tool + " data ends before the end of its compressed stream: the file is cut"
            + " short"
        : "the " + tool + " data is damaged (" + e.getMessage() + "); decompression stopped"
            + " here, so the damage is at or before this byte";
    return new DataException(file.path(), AT + at + " of " + file.size(), null,
        null, problem, "Check it with `" + tool + " -t " + file.name() + "`, download or"
            + " compress it again, or leave it out of the input", e);
  }

  /**
   * A raw stream that counts the compressed bytes handed to the decompressor, and remembers
   * whether it reached the end and which error of its own it threw, so that a decompressor's
   * error can be told from the storage's.
   */
  private static final class Counting extends FilterInputStream {
    long count;
    boolean eof;
    IOException error;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b;
      try {
        b = in.read();
      } catch (IOException e) {
        error = e;
        throw e;
      }
      if (b >= 0) {
        count++;
      } else {
        eof = true;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        error = e;
        throw e;
      }
      if (n > 0) {
        count += n;
      } else if (n < 0) {
        eof = true;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(n);
      count += s;
      return s;
    }
  }

  /** JDK gzip that also tells how many compressed bytes the inflater has not consumed yet. */
  private static final class Gzip extends GZIPInputStream {
    Gzip(InputStream in) throws IOException {
      super(in, BUFFER_BYTES);
    }

    int unconsumed() {
      return inf.getRemaining();
    }
  }

  /**
   * A decompressing stream whose decompression errors (the JDK's {@code EOFException: Unexpected
   * end of ZLIB input stream}, zstd's {@code truncated source}, bzip2's CRC errors) become a
   * {@link DataException} with the compressed offset. Errors of the storage underneath pass as they
   * are.
   */
  private static final class Guarded extends FilterInputStream {
    private final DataFile file;
    private final Compression codec;
    private final Counting raw;

    Guarded(DataFile file, Compression codec, Counting raw, InputStream decompressed) {
      super(decompressed);
      this.file = file;
      this.codec = codec;
      this.raw = raw;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw damaged(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return in.skip(n);
      } catch (IOException e) {
        throw damaged(e);
      }
    }

    /** Rethrows the storage's own errors; returns the error for a decompressor's complaint. */
    private DataException damaged(IOException e) throws IOException {
      if (e == raw.error) {
        throw e;
      }
      return codec.damaged(file, raw, in, e);
    }
  }
}
