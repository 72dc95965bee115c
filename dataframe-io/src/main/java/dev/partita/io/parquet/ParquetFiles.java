package dev.partita.io.parquet;

import dev.partita.io.DataException;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** Opens Parquet files (local through java.nio, URIs through Hadoop) and reads their footers. */
final class ParquetFiles {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /**
   * Read options without a Hadoop {@code Configuration} (none is needed for local files); column
   * chunks are read into direct buffers from {@code buffers} (the pool, or a reader's counted view of
   * it), so the channel reads and the page copies into Arrow go without a heap detour (returned when
   * the row group's page store closes).
   * New options for every reader: the options own a {@code CodecFactory}, which is not thread-safe
   * (a reader's close releases the shared decompressors while another thread decompresses with
   * them: seen as "FAILED_TO_UNCOMPRESS" and ConcurrentModificationException in the differential
   * suite).
   *
   * <p>With {@code compressed}, pages are decompressed from the direct chunk buffer into a pooled
   * direct buffer by parquet-mr's direct codecs, instead of through a Hadoop decompressor stream
   * (chunk to heap array, to the codec's direct input, decompressed, back to a heap array):
   * DuckDB's snappy PLAIN columns read 1.5-3x faster (10 M-row DuckDB files, one column per JVM,
   * CPU time: doubles 85 to 242, int64 43 to 71 M values per second; 190-220 to 300-510 and 60-87
   * to 70-103 when read after other columns). Uncompressed chunks keep the heap codec, whose no-op
   * decompression copies nothing.
   */
  static ParquetReadOptions readOptions(boolean compressed, ByteBufferAllocator buffers) {
    ParquetReadOptions.Builder b = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withAllocator(buffers);
    if (compressed) {
      b.withCodecFactory(CodecFactory.createDirectCodecFactory(new Configuration(false),
          buffers, 0)).useOffHeapDecryptBuffer(true);
    }
    return b.build();
  }

  private ParquetFiles() {}

  static InputFile input(DataFile f) throws IOException {
    if (Storage.isLocal(f.path())) {
      return new ChannelInputFile(Path.of(f.path()));
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f.path());
    return HadoopInputFile.fromPath(p, Storage.hadoop(f.path()).getConf());
  }

  /** The most footers {@link #footer} keeps. */
  static final int CACHED_FOOTERS = 256;

  /**
   * Footers read before, by the file's identity: its path, size, modification time and the fingerprint of
   * its first and last 64 KiB (where the footer is), so a file written again is read again. Softly held, as
   * a file of many row groups and columns has a footer of megabytes. A query over a file read before skips
   * decoding its footer, which was 3-7 ms of TPC-H Q6's 60-90 ms at SF1 on DuckDB's one-file lineitem,
   * before any task could start.
   */
  private static final Map<DataFile, SoftReference<ParquetMetadata>> FOOTERS = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DataFile, SoftReference<ParquetMetadata>> eldest) {
          return size() > CACHED_FOOTERS;
        }
      });

  /** A file's footer: kept from an earlier read of the same file, else read ({@link #readFooter}). */
  static ParquetMetadata footer(DataFile f) throws IOException {
    SoftReference<ParquetMetadata> kept = FOOTERS.get(f);
    ParquetMetadata footer = kept == null ? null : kept.get();
    if (footer == null) {
      footer = readFooter(f);
      FOOTERS.put(f, new SoftReference<>(footer));
    }
    return footer;
  }

  /**
   * Reads a file's footer after checking the magic bytes at both ends, so a file that is not
   * Parquet and a file cut short get different, actionable messages.
   */
  static ParquetMetadata readFooter(DataFile f) throws IOException {
    InputFile in = input(f);
    try (SeekableInputStream s = in.newStream()) {
      long len = in.getLength();
      byte[] head = new byte[(int) Math.min(4, len)];
      s.readFully(head);
      if (len < 4 || !Arrays.equals(head, MAGIC)) {
        throw new DataException(f.path(), null, null, printable(head),
            "not a Parquet file: it does not start with the magic bytes 'PAR1'",
            "if it holds CSV text, read it with readCsv (or give it a .csv name)");
      }
      byte[] tail = new byte[8];
      if (len >= 12) {
        s.seek(len - 8);
        s.readFully(tail);
      }
      int footerLen = (tail[0] & 0xFF) | (tail[1] & 0xFF) << 8 | (tail[2] & 0xFF) << 16
          | (tail[3] & 0xFF) << 24;
      boolean tailMagic = tail[4] == 'P' && tail[5] == 'A' && tail[6] == 'R' && tail[7] == '1';
      if (len < 12 || !tailMagic || footerLen < 0 || footerLen > len - 12) {
        throw new DataException(f.path(), null, null, null,
            "not a complete Parquet file: it starts like Parquet but its footer (schema and row"
                + " groups, kept at the end) is missing",
            "was it cut short by an interrupted write or copy? Write or copy it again");
      }
      try {
        return ParquetFileReader.readFooter(in, readOptions(false, ChunkBufferPool.INSTANCE), s);
      } catch (IOException | RuntimeException e) {
        throw new DataException(f.path(), "footer", null, null,
            "the Parquet footer cannot be decoded: " + e.getMessage(),
            "the file is corrupt; write it again", e);
      }
    }
  }

  private static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(x >= 32 && x < 127 ? (char) x : '.');
    }
    return sb.toString();
  }
}
