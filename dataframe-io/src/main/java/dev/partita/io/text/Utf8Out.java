package dev.partita.io.text;

import java.util.Arrays;

/**
 * A reusable buffer that UTF-8-encodes the characters Jackson hands out for a string value, with
 * no String made on the way. A lone surrogate (a {@code \ud800} escape without its pair) becomes
 * U+FFFD, since it has no UTF-8 form.
 */
final class Utf8Out {

  private byte[] buf = new byte[256];

  byte[] bytes() {
    return buf;
  }

  /** Encodes {@code c[off, off + len)} into {@link #bytes()} and returns the byte length. */
  int encode(char[] c, int off, int len) {
    if (buf.length < len * 3) {
      buf = Arrays.copyOf(buf, Math.max(len * 3, buf.length * 2));
    }
    byte[] b = buf;
    int n = 0;
    int end = off + len;
    for (int i = off; i < end; i++) {
      char ch = c[i];
      if (ch < 0x80) {
        b[n++] = (byte) ch;
      } else if (ch < 0x800) {
        b[n++] = (byte) (0xC0 | ch >> 6);
        b[n++] = (byte) (0x80 | ch & 0x3F);
      } else if (Character.isHighSurrogate(ch) && i + 1 < end
          && Character.isLowSurrogate(c[i + 1])) {
        int cp = Character.toCodePoint(ch, c[++i]);
        b[n++] = (byte) (0xF0 | cp >> 18);
        b[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
        b[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
        b[n++] = (byte) (0x80 | cp & 0x3F);
      } else {
        char v = Character.isSurrogate(ch) ? '\uFFFD' : ch;
        b[n++] = (byte) (0xE0 | v >> 12);
        b[n++] = (byte) (0x80 | v >> 6 & 0x3F);
        b[n++] = (byte) (0x80 | v & 0x3F);
      }
    }
    return n;
  }
}
