package dev.partita.io.parquet;

import dev.partita.io.CodeDictionary;
import org.apache.arrow.vector.FieldVector;

/** Decodes one column chunk of a row group into Arrow vectors, one batch at a time. */
interface ColumnChunkReader {

  /** Fills rows {@code [0, n)} of a freshly allocated {@code vector} with the next n values. */
  void read(FieldVector vector, int n);

  /**
   * True when {@link #read} writes every data slot (null slots as zeros) and every offset, so
   * the vector's buffers need not be zeroed when they are allocated; its validity bits still do.
   */
  default boolean fillsEverySlot() {
    return false;
  }

  /**
   * Non-null when {@link #read} writes int32 codes (into a DictionaryVector) instead of values:
   * the values the codes of the last batch read index (before the first read, the chunk's
   * dictionary). A batch of strings may have a dictionary of its own.
   */
  default CodeDictionary dictionary() {
    return null;
  }
}
