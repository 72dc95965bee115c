package dev.partita.expr;

import dev.partita.AnalysisException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Column lookup with a helpful error: an unknown name reports the closest existing one
 * (Levenshtein distance) and lists them all.
 *
 * <pre>{@code
 * Field f = Columns.find(schema, "fair");   // AnalysisException: column 'fair' not found; did you mean 'fare'? ...
 * }</pre>
 */
public final class Columns {

  private Columns() {}

  public static Field find(Schema schema, String name) {
    for (Field f : schema.getFields()) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    List<String> names = schema.getFields().stream().map(Field::getName).collect(Collectors.toList());
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d = levenshtein(name.toLowerCase(java.util.Locale.ROOT), n.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = n;
      }
    }
    String hint = (best != null && bestDistance <= Math.max(2, name.length() / 2)
        ? "did you mean '" + best + "'? " : "") + "columns: " + names;
    throw new AnalysisException("column '" + name + "' not found", hint);
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
