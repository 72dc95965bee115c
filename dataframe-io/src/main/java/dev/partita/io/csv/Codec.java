package dev.partita.io.csv;

import com.github.luben.zstd.ZstdInputStream;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.GZIPInputStream;

/** Compression by file name: {@code .gz} (JDK) and {@code .zst} (zstd-jni, via parquet-hadoop). */
enum Codec {
  NONE, GZIP, ZSTD;

  static Codec of(DataFile f) {
    String p = f.path();
    if (p.endsWith(".gz")) {
      return GZIP;
    }
    return p.endsWith(".zst") ? ZSTD : NONE;
  }

  /** The file's (decompressed) bytes from {@code start}; compressed files only from 0. */
  static ReadableByteChannel openChannel(DataFile f, long start) throws IOException {
    Codec c = of(f);
    if (c == NONE) {
      SeekableByteChannel ch = Storage.open(f);
      try {
        ch.position(start);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      return ch;
    }
    if (start != 0) {
      throw new IllegalArgumentException("a compressed file is read from its start only: " + f);
    }
    return Channels.newChannel(openStream(f));
  }

  /** The file's decompressed bytes from the start. */
  static InputStream openStream(DataFile f) throws IOException {
    InputStream raw = Storage.openStream(f, 0);
    try {
      return switch (of(f)) {
        case GZIP -> new GZIPInputStream(raw, 1 << 16);
        case ZSTD -> new ZstdInputStream(new BufferedInputStream(raw, 1 << 16));
        case NONE -> raw;
      };
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** The number of {@code '\n'} bytes in {@code [0, upTo)} of an uncompressed file. */
  static long countNewlines(DataFile f, long upTo) throws IOException {
    long count = 0;
    long seen = 0;
    ByteBuffer bb = ByteBuffer.allocate(1 << 20);
    byte[] b = bb.array();
    try (SeekableByteChannel ch = Storage.open(f)) {
      while (seen < upTo) {
        bb.clear().limit((int) Math.min(b.length, upTo - seen));
        int n = ch.read(bb);
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (b[i] == '\n') {
            count++;
          }
        }
        seen += n;
      }
    }
    return count;
  }
}
