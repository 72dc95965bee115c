package dev.partita.io;

/**
 * The UTF-8 strings the codes of a {@link DictionaryVector} index: entry {@code i} is
 * {@code bytes()[offsets()[i] .. offsets()[i + 1])}. The arrays are shared, not copied, between the
 * reader that decodes them and every consumer of its batches, so nobody may write to them. Entries
 * may repeat (a Parquet chunk that falls back from dictionary to plain pages appends its plain
 * values), so a consumer maps an entry by its bytes, not by its code.
 *
 * <pre>{@code
 * Utf8Dictionary d = (Utf8Dictionary) v.dictionary();
 * int c = v.get(row);
 * String s = new String(d.bytes(), d.offsets()[c], d.offsets()[c + 1] - d.offsets()[c], UTF_8);
 * }</pre>
 */
public final class Utf8Dictionary implements CodeDictionary {

  private final byte[] bytes;
  private final int[] offsets;

  /**
   * @param bytes the entries back to back (the array may extend past the last entry)
   * @param offsets one more than the entries: where each entry starts, then where the last ends
   */
  public Utf8Dictionary(byte[] bytes, int[] offsets) {
    if (offsets.length == 0 || offsets[offsets.length - 1] > bytes.length) {
      throw new IllegalArgumentException("offsets must hold a start per entry and an end within bytes");
    }
    this.bytes = bytes;
    this.offsets = offsets;
  }

  @Override
  public int size() {
    return offsets.length - 1;
  }

  /** The entries' bytes (shared: do not modify). */
  public byte[] bytes() {
    return bytes;
  }

  /** Where each entry starts in {@link #bytes()}, then where the last ends (shared: do not modify). */
  public int[] offsets() {
    return offsets;
  }
}
