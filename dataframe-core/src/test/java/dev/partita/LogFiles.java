package dev.partita;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.partita.datasets.AccessLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Access logs written compressed as their names say ({@code .gz}, {@code .zst}, {@code .bz2}, or plain),
 * and read back with the JDK and the compression libraries alone: the reference the bag tests compare with.
 */
final class LogFiles {

  private LogFiles() {}

  /** Writes {@code lines} access log lines (seeded) to {@code file}. */
  static Path write(Path file, long lines, long seed) throws IOException {
    try (OutputStream out = compress(file, Files.newOutputStream(file))) {
      AccessLogs.write(out, lines, seed);
    }
    return file;
  }

  /** Writes {@code text} to {@code file}, compressed as its name says. */
  static Path writeText(Path file, String text) throws IOException {
    try (OutputStream out = compress(file, Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private static OutputStream compress(Path file, OutputStream raw) throws IOException {
    String name = file.getFileName().toString();
    return name.endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16)
        : name.endsWith(".zst") ? new ZstdOutputStream(raw).setChecksum(true)
        : name.endsWith(".bz2") ? new BZip2CompressorOutputStream(raw) : raw;
  }

  /** The lines of {@code files}, in order, as {@link BufferedReader#readLine} splits them. */
  static List<String> lines(List<Path> files) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      InputStream raw = Files.newInputStream(f);
      InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : name.endsWith(".zst")
          ? new ZstdInputStream(raw) : name.endsWith(".bz2") ? new BZip2CompressorInputStream(raw) : raw;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        r.lines().forEach(out::add);
      }
    }
    return out;
  }
}
