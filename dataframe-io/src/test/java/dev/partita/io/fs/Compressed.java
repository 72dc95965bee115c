package dev.partita.io.fs;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** Writes compressed test files, whole, cut short or with damaged bytes. */
public final class Compressed {

  private Compressed() {}

  /** The bytes compressed as the command-line tools do (zstd with its checksum, as {@code zstd}). */
  public static byte[] compress(Compression c, byte[] data) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream out = switch (c) {
      case GZIP -> new GZIPOutputStream(buf);
      case ZSTD -> new ZstdOutputStream(buf).setChecksum(true);
      case BZIP2 -> new BZip2CompressorOutputStream(buf);
      case NONE -> buf;
    }) {
      out.write(data);
    }
    return buf.toByteArray();
  }

  /** Writes {@code data} to {@code file}, compressed as the file name says. */
  public static Path write(Path file, byte[] data) throws IOException {
    Files.write(file, compress(Compression.byName(file.toString()), data));
    return file;
  }

  /** How a compressed file is spoiled. */
  public enum Damage {
    /** The last third of the compressed bytes is missing. */
    TRUNCATED,
    /** 64 bytes in the middle are zeroed. */
    CORRUPT;

    public byte[] apply(byte[] compressed) {
      if (this == TRUNCATED) {
        return Arrays.copyOf(compressed, compressed.length * 2 / 3);
      }
      byte[] b = compressed.clone();
      Arrays.fill(b, b.length / 2, b.length / 2 + 64, (byte) 0);
      return b;
    }
  }

  /** Lines of varied text, {@code header} first, then {@code make(i)} for each i, newline-ended. */
  public static byte[] lines(String header, int n, java.util.function.IntFunction<String> make) {
    StringBuilder sb = new StringBuilder(header == null ? "" : header + "\n");
    for (int i = 0; i < n; i++) {
      sb.append(make.apply(i)).append('\n');
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Asserts what a damaged file's error says: the file, the compressed offset within its size, and
   * the tool that checks it.
   */
  public static void assertNamesFileAndOffset(dev.partita.io.DataException e, Path file)
      throws IOException {
    String size = String.valueOf(Files.size(file));
    org.junit.jupiter.api.Assertions.assertEquals(file.toString(), e.file(), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.location() != null
        && e.location().matches("compressed byte \\d+ of " + size), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(" -t "), e.getMessage());
  }

  /** Writes {@code data} compressed as the name says, then spoiled. */
  public static Path writeDamaged(Path file, byte[] data, Damage damage) throws IOException {
    Files.write(file, damage.apply(compress(Compression.byName(file.toString()), data)));
    return file;
  }
}
