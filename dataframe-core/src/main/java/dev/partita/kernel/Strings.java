package dev.partita.kernel;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;

/** Byte-wise (code point order) comparison of UTF-8 values straight from Arrow buffers. */
final class Strings {

  private Strings() {}

  static int compare(VarCharVector a, int i, VarCharVector b, int j) {
    ArrowBuf ao = a.getOffsetBuffer();
    ArrowBuf bo = b.getOffsetBuffer();
    int as = ao.getInt(4L * i);
    int al = ao.getInt(4L * (i + 1)) - as;
    int bs = bo.getInt(4L * j);
    int bl = bo.getInt(4L * (j + 1)) - bs;
    ArrowBuf ad = a.getDataBuffer();
    ArrowBuf bd = b.getDataBuffer();
    int m = Math.min(al, bl);
    for (int k = 0; k < m; k++) {
      int c = Integer.compare(ad.getByte(as + k) & 0xff, bd.getByte(bs + k) & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(al, bl);
  }

  static int compare(VarCharVector a, int i, byte[] v) {
    ArrowBuf ao = a.getOffsetBuffer();
    int as = ao.getInt(4L * i);
    int al = ao.getInt(4L * (i + 1)) - as;
    ArrowBuf ad = a.getDataBuffer();
    int m = Math.min(al, v.length);
    for (int k = 0; k < m; k++) {
      int c = Integer.compare(ad.getByte(as + k) & 0xff, v[k] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(al, v.length);
  }
}
