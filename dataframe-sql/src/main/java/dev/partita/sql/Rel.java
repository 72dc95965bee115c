package dev.partita.sql;

import static dev.partita.Functions.col;

import dev.partita.DataFrame;
import dev.partita.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A relation in a FROM clause: a frame whose columns carry unique internal names (so that self-joins and
 * joins of tables sharing column names never clash), and the SQL names (qualifier, name) they answer to.
 */
final class Rel {

  /**
   * One column: {@code hidden} ones (the right key of a USING join) answer only to a qualified name and
   * stay out of {@code *}.
   */
  record Col(String qualifier, String name, String internal, boolean hidden) {}

  final DataFrame df;
  final List<Col> cols;

  Rel(DataFrame df, List<Col> cols) {
    this.df = df;
    this.cols = List.copyOf(cols);
  }

  /** {@code df}'s columns renamed to fresh internal names, all under {@code qualifier}. */
  static Rel of(DataFrame df, String qualifier, List<String> names, Names fresh) {
    List<Expr> renamed = new ArrayList<>();
    List<Col> cols = new ArrayList<>();
    List<String> columns = df.columns();
    for (int i = 0; i < columns.size(); i++) {
      String internal = fresh.next(names.get(i));
      renamed.add(col(columns.get(i)).as(internal));
      cols.add(new Col(qualifier, names.get(i), internal, false));
    }
    return new Rel(df.select(renamed.toArray(new Expr[0])), cols);
  }

  /** The columns {@code qualifier.name} (any qualifier when null) answers to. */
  List<Col> find(String qualifier, String name) {
    List<Col> out = new ArrayList<>();
    for (Col c : cols) {
      boolean named = c.name.equalsIgnoreCase(name);
      if (qualifier == null ? named && !c.hidden : named && qualifier.equalsIgnoreCase(c.qualifier)) {
        out.add(c);
      }
    }
    return out;
  }

  boolean hasQualifier(String qualifier) {
    for (Col c : cols) {
      if (qualifier.equalsIgnoreCase(c.qualifier)) {
        return true;
      }
    }
    return false;
  }

  Rel with(DataFrame frame) {
    return new Rel(frame, cols);
  }

  /** Fresh internal column names: the SQL name (lower-cased) and a number no other column has. */
  static final class Names {
    private int next;

    String next(String name) {
      return name.toLowerCase(Locale.ROOT) + "#" + next++;
    }
  }
}
