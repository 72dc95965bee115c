package dev.partita.io;

/**
 * The integers the codes of a {@link DictionaryVector} index, each as a long (an int32 column's values
 * sign-extended): entry {@code c} is {@code values()[c]}. The array is shared, not copied, between the
 * reader that decodes it and every consumer of its batches, so nobody may write to it. A consumer maps an
 * entry by its value, as entries may repeat.
 *
 * <pre>{@code
 * LongDictionary d = (LongDictionary) v.dictionary();
 * long value = d.values()[v.get(row)];
 * }</pre>
 */
public final class LongDictionary implements CodeDictionary {

  private final long[] values;

  public LongDictionary(long[] values) {
    this.values = values;
  }

  @Override
  public int size() {
    return values.length;
  }

  /** The entries (shared: do not modify). */
  public long[] values() {
    return values;
  }
}
