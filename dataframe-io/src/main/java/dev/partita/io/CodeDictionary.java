package dev.partita.io;

/**
 * The values the int32 codes of a {@link DictionaryVector} index: strings ({@link Utf8Dictionary}) or
 * integers ({@link LongDictionary}). Entry {@code c} is the value of every row whose code is {@code c}.
 */
public sealed interface CodeDictionary permits Utf8Dictionary, LongDictionary {

  /** Number of entries. */
  int size();
}
