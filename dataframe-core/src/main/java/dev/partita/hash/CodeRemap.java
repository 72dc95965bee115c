package dev.partita.hash;

import dev.partita.io.CodeDictionary;
import dev.partita.io.DictionaryVector;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Groups a one-column table's batches of dictionary codes: per entry of the batch's dictionary, the group id
 * of its value, looked up in the table on the entry's first row and remembered for the others (kept while the
 * next batches share the dictionary, as a Parquet chunk's do).
 */
final class CodeRemap {

  private CodeDictionary remapped;
  private int[] remap;

  /**
   * Writes the group ids of rows {@code [0, n)} of {@code v}, whose codes are {@code codes}: a null row's from
   * {@code nullGroup}, entry {@code c}'s from {@code lookup.applyAsInt(c)} once.
   */
  void groupIds(DictionaryVector v, int[] codes, int n, int[] ids, IntSupplier nullGroup, IntUnaryOperator lookup) {
    CodeDictionary d = v.dictionary();
    if (d != remapped) {
      if (remap == null || remap.length < d.size()) {
        remap = new int[d.size()];
      }
      Arrays.fill(remap, 0, d.size(), -1);
      remapped = d;
    }
    int[] r = remap;
    ArrowBuf validity = v.getNullCount() == 0 ? null : v.getValidityBuffer();
    for (int i = 0; i < n; i++) {
      if (validity != null && !VectorAccess.isValid(validity, i)) {
        ids[i] = nullGroup.getAsInt();
        continue;
      }
      int c = codes[i];
      int g = r[c];
      if (g < 0) {
        g = lookup.applyAsInt(c);
        r[c] = g;
      }
      ids[i] = g;
    }
  }
}
