package dev.partita.bench.compare;

import dev.partita.Table;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An engine's answer as it came, in its order, before {@link Answer} canonicalizes and sorts it: so that an
 * ordered query's order can be checked first.
 *
 * <pre>{@code
 * Rows rows = Rows.of(table);
 * Optional<String> wrong = rows.outOfOrder(List.of("-revenue", "o_orderdate"));
 * Answer answer = rows.answer();
 * }</pre>
 */
record Rows(List<String> columns, List<Object[]> rows) {

  static Rows of(Table t) {
    List<String> columns = t.columnNames();
    List<Object[]> rows = new ArrayList<>(t.rowCount());
    for (int r = 0; r < t.rowCount(); r++) {
      Object[] row = new Object[columns.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = t.getObject(r, columns.get(c));
      }
      rows.add(row);
    }
    return new Rows(columns, rows);
  }

  static Rows of(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    List<String> columns = new ArrayList<>(n);
    for (int c = 1; c <= n; c++) {
      columns.add(meta.getColumnLabel(c));
    }
    List<Object[]> rows = new ArrayList<>();
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int c = 0; c < n; c++) {
        row[c] = rs.getObject(c + 1);
      }
      rows.add(row);
    }
    return new Rows(columns, rows);
  }

  /**
   * The first pair of neighbouring rows out of the order {@code orderBy} gives (output column names, a leading
   * {@code -} for descending, nulls last), described for a human, or empty when the rows are in that order.
   */
  Optional<String> outOfOrder(List<String> orderBy) {
    int[] index = new int[orderBy.size()];
    boolean[] descending = new boolean[orderBy.size()];
    for (int k = 0; k < index.length; k++) {
      String key = orderBy.get(k);
      descending[k] = key.startsWith("-");
      index[k] = columns.indexOf(descending[k] ? key.substring(1) : key);
      if (index[k] < 0) {
        return Optional.of("no column " + key.replace("-", "") + " to order by in " + columns);
      }
    }
    for (int r = 1; r < rows.size(); r++) {
      for (int k = 0; k < index.length; k++) {
        int cmp = compare(rows.get(r - 1)[index[k]], rows.get(r)[index[k]]);
        if (cmp != 0) {
          if (descending[k] ? cmp < 0 : cmp > 0) {
            return Optional.of("rows " + (r - 1) + " and " + r + " are not in ORDER BY " + String.join(", ", orderBy)
                + " order: " + Arrays.toString(rows.get(r - 1)) + " then " + Arrays.toString(rows.get(r)));
          }
          break;
        }
      }
    }
    return Optional.empty();
  }

  /** The rows as an {@link Answer} (which takes them over). */
  Answer answer() {
    return new Answer(columns, rows);
  }

  private static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return a.toString().compareTo(b.toString());
  }
}
