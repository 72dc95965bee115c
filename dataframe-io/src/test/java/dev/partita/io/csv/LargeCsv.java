package dev.partita.io.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a large CSV fast: {@code k,v,pad} with v = row number and a 40-byte text padding. */
final class LargeCsv {

  private LargeCsv() {}

  static void write(Path f, long rows) throws IOException {
    byte[] pad = ",abcdefghijklmnopqrstuvwxyzabcdefghijklmn\n".getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
      out.write("k,v,pad\n".getBytes(StandardCharsets.US_ASCII));
      for (long r = 0; r < rows; r++) {
        out.write(("id" + (r % 100) + "," + r).getBytes(StandardCharsets.US_ASCII));
        out.write(pad);
      }
    }
  }
}
