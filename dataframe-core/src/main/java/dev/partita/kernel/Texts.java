package dev.partita.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * String kernels with DuckDB's semantics, over UTF-8 bytes: positions and lengths count characters (code
 * points), comparisons are by bytes, a null row gives a null (except {@link #concat}, which skips nulls as
 * DuckDB's {@code concat} does). {@code LIKE} has no escape character: {@code %} is any run of characters,
 * {@code _} one character.
 *
 * <pre>{@code
 * try (BitVector m = Texts.like(names, "%green%", allocator)) { ... }
 * }</pre>
 */
public final class Texts {

  private Texts() {}

  /** {@code v LIKE pattern}. */
  public static BitVector like(VarCharVector v, String pattern, BufferAllocator allocator) {
    Like like = Like.compile(pattern);
    return test(v, allocator, (a, from, len) -> like.matches(a, from, from + len));
  }

  /** {@code starts_with(v, prefix)}. */
  public static BitVector startsWith(VarCharVector v, String prefix, BufferAllocator allocator) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    return test(v, allocator, (a, from, len) -> len >= p.length && regionEquals(a, from, p));
  }

  /** {@code ends_with(v, suffix)}. */
  public static BitVector endsWith(VarCharVector v, String suffix, BufferAllocator allocator) {
    byte[] p = suffix.getBytes(StandardCharsets.UTF_8);
    return test(v, allocator, (a, from, len) -> len >= p.length && regionEquals(a, from + len - p.length, p));
  }

  /** {@code contains(v, part)}. */
  public static BitVector contains(VarCharVector v, String part, BufferAllocator allocator) {
    byte[] p = part.getBytes(StandardCharsets.UTF_8);
    return test(v, allocator, (a, from, len) -> indexOf(a, from, from + len, p) >= 0);
  }

  @FunctionalInterface
  private interface RowTest {
    boolean test(byte[] a, int from, int len);
  }

  private static BitVector test(VarCharVector v, BufferAllocator allocator, RowTest t) {
    Utf8 in = Utf8.of(v);
    BitVector out = Bits.newBits("test", in.rows, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    for (int i = 0; i < in.rows; i++) {
      if (in.isNull(i)) {
        continue;
      }
      Bits.set(validity, i);
      if (t.test(in.data, in.start(i), in.length(i))) {
        Bits.set(data, i);
      }
    }
    return out;
  }

  static boolean regionEquals(byte[] a, int from, byte[] p) {
    for (int k = 0; k < p.length; k++) {
      if (a[from + k] != p[k]) {
        return false;
      }
    }
    return true;
  }

  /** The first position of {@code p} in {@code a[from, to)}, or -1. */
  static int indexOf(byte[] a, int from, int to, byte[] p) {
    if (p.length == 0) {
      return from;
    }
    byte first = p[0];
    for (int i = from; i <= to - p.length; i++) {
      if (a[i] == first && regionEquals(a, i, p)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code substring(v, start, length)}: {@code length} characters from the 1-based position {@code start}
   * (SQL's window: positions before 1 count but hold nothing, so {@code substring(s, 0, 2)} is the first
   * character); a negative {@code start} counts from the end, as DuckDB's does.
   */
  public static VarCharVector substring(VarCharVector v, long start, long length, BufferAllocator allocator) {
    Utf8 in = Utf8.of(v);
    Utf8.Builder out = new Utf8.Builder(in.rows);
    for (int i = 0; i < in.rows; i++) {
      if (in.isNull(i)) {
        out.addNull();
        continue;
      }
      int from = in.start(i);
      int end = from + in.length(i);
      long chars = Utf8.codePoints(in.data, from, end - from);
      long first = start > 0 ? start - 1 : start == 0 ? -1 : chars + start;
      long last = first + Math.max(0, length);
      first = Math.max(0, Math.min(chars, first));
      last = Math.max(first, Math.min(chars, last));
      int a = Utf8.skip(in.data, from, end, (int) first);
      int b = Utf8.skip(in.data, a, end, (int) (last - first));
      out.add(in.data, a, b - a);
    }
    return out.build(v.getName(), allocator);
  }

  /** {@code length(v)} in characters. */
  public static BigIntVector length(VarCharVector v, BufferAllocator allocator) {
    Utf8 in = Utf8.of(v);
    BigIntVector out = new BigIntVector(v.getName(), allocator);
    out.allocateNew(Math.max(in.rows, 1));
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < in.rows; i++) {
      if (!in.isNull(i)) {
        data.setLong(8L * i, Utf8.codePoints(in.data, in.start(i), in.length(i)));
        Bits.set(out.getValidityBuffer(), i);
      }
    }
    out.setValueCount(in.rows);
    return out;
  }

  /** {@code upper(v)}: ASCII letters flipped in place; other text through Java's Unicode case mapping. */
  public static VarCharVector upper(VarCharVector v, BufferAllocator allocator) {
    return caseMap(v, true, allocator);
  }

  /** {@code lower(v)}, as {@link #upper}. */
  public static VarCharVector lower(VarCharVector v, BufferAllocator allocator) {
    return caseMap(v, false, allocator);
  }

  private static VarCharVector caseMap(VarCharVector v, boolean upper, BufferAllocator allocator) {
    Utf8 in = Utf8.of(v);
    Utf8.Builder out = new Utf8.Builder(in.rows);
    byte[] row = new byte[64];
    for (int i = 0; i < in.rows; i++) {
      if (in.isNull(i)) {
        out.addNull();
        continue;
      }
      int from = in.start(i);
      int len = in.length(i);
      boolean ascii = true;
      for (int k = from; k < from + len && ascii; k++) {
        ascii = in.data[k] >= 0;
      }
      if (!ascii) {
        String s = new String(in.data, from, len, StandardCharsets.UTF_8);
        byte[] b = (upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
        out.add(b, 0, b.length);
        continue;
      }
      if (row.length < len) {
        row = new byte[Math.max(len, row.length * 2)];
      }
      for (int k = 0; k < len; k++) {
        byte c = in.data[from + k];
        row[k] = upper ? (c >= 'a' && c <= 'z' ? (byte) (c - 32) : c) : (c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c);
      }
      out.add(row, 0, len);
    }
    return out.build(v.getName(), allocator);
  }

  /** {@code trim(v)}: the spaces at both ends removed, as DuckDB's {@code trim}. */
  public static VarCharVector trim(VarCharVector v, BufferAllocator allocator) {
    Utf8 in = Utf8.of(v);
    Utf8.Builder out = new Utf8.Builder(in.rows);
    for (int i = 0; i < in.rows; i++) {
      if (in.isNull(i)) {
        out.addNull();
        continue;
      }
      int a = in.start(i);
      int b = a + in.length(i);
      while (a < b && in.data[a] == ' ') {
        a++;
      }
      while (b > a && in.data[b - 1] == ' ') {
        b--;
      }
      out.add(in.data, a, b - a);
    }
    return out.build(v.getName(), allocator);
  }

  /** {@code concat(parts...)}, row by row; null parts are skipped (never null itself). All of one length. */
  public static VarCharVector concat(List<VarCharVector> parts, BufferAllocator allocator) {
    List<Utf8> in = new ArrayList<>();
    for (VarCharVector p : parts) {
      in.add(Utf8.of(p));
    }
    int n = in.get(0).rows;
    Utf8.Builder out = new Utf8.Builder(n);
    for (int i = 0; i < n; i++) {
      for (Utf8 p : in) {
        if (!p.isNull(i)) {
          out.addPiece(p.data, p.start(i), p.length(i));
        }
      }
      out.endRow();
    }
    return out.build("concat", allocator);
  }

  /**
   * A compiled LIKE pattern. Without {@code _}, its {@code %}-separated parts are matched as bytes: the first
   * anchored at the start, the last at the end, the others leftmost in order (which finds a match whenever one
   * exists). With {@code _}, rows are matched by characters with the classic backtracking over {@code %}.
   */
  static final class Like {
    private final byte[][] parts;
    private final int[] pattern;

    private Like(byte[][] parts, int[] pattern) {
      this.parts = parts;
      this.pattern = pattern;
    }

    static Like compile(String p) {
      if (p.indexOf('_') >= 0) {
        return new Like(null, p.codePoints().toArray());
      }
      List<byte[]> parts = new ArrayList<>();
      for (String s : p.split("%", -1)) {
        parts.add(s.getBytes(StandardCharsets.UTF_8));
      }
      return new Like(parts.toArray(new byte[0][]), null);
    }

    boolean matches(byte[] a, int from, int to) {
      if (pattern != null) {
        return matchChars(new String(a, from, to - from, StandardCharsets.UTF_8).codePoints().toArray());
      }
      if (parts.length == 1) {
        return to - from == parts[0].length && regionEquals(a, from, parts[0]);
      }
      int p = from;
      int end = to;
      byte[] first = parts[0];
      if (first.length > 0) {
        if (end - p < first.length || !regionEquals(a, p, first)) {
          return false;
        }
        p += first.length;
      }
      byte[] last = parts[parts.length - 1];
      if (last.length > 0) {
        if (end - p < last.length || !regionEquals(a, end - last.length, last)) {
          return false;
        }
        end -= last.length;
      }
      for (int k = 1; k < parts.length - 1; k++) {
        int at = indexOf(a, p, end, parts[k]);
        if (at < 0) {
          return false;
        }
        p = at + parts[k].length;
      }
      return true;
    }

    /** Wildcard matching over code points; a {@code %} remembers where to resume when a later part fails. */
    private boolean matchChars(int[] s) {
      int i = 0;
      int j = 0;
      int star = -1;
      int resume = 0;
      while (i < s.length) {
        if (j < pattern.length && (pattern[j] == '_' || pattern[j] == s[i])) {
          i++;
          j++;
        } else if (j < pattern.length && pattern[j] == '%') {
          star = j++;
          resume = i;
        } else if (star >= 0) {
          j = star + 1;
          i = ++resume;
        } else {
          return false;
        }
      }
      while (j < pattern.length && pattern[j] == '%') {
        j++;
      }
      return j == pattern.length;
    }
  }
}
