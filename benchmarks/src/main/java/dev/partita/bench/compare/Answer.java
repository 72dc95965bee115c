package dev.partita.bench.compare;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One engine's answer to a question in a canonical form both engines share: integers (and whole decimals)
 * as {@link Long}, floating point as {@link Double}, other decimals as {@link BigDecimal}, everything else as
 * {@link String}; rows sorted so that two answers compare row by row regardless of the order each engine
 * produced them in. Two decimals must be equal; a double is compared to a double or decimal to a relative
 * 1e-9.
 */
final class Answer implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final double RELATIVE_TOLERANCE = 1e-9;
  /** Below this, doubles are rounding noise around zero (r² of a group where v1 and v2 are uncorrelated). */
  private static final double ABSOLUTE_TOLERANCE = 1e-15;
  private static final Comparator<Object[]> ROW_ORDER = Answer::compareRows;

  private final List<String> columns;
  private final List<Object[]> rows;

  /** Takes ownership of the row arrays and canonicalizes them in place. */
  Answer(List<String> columns, List<Object[]> rows) {
    this.columns = List.copyOf(columns);
    Map<String, String> strings = new HashMap<>();
    List<Object[]> sorted = new ArrayList<>(rows);
    for (Object[] row : sorted) {
      for (int i = 0; i < row.length; i++) {
        Object v = canonical(row[i]);
        // Keys repeat across rows (id1 has 100 values); sharing them keeps ten-million-row answers in memory.
        row[i] = v instanceof String str ? strings.computeIfAbsent(str, x -> x) : v;
      }
    }
    sorted.sort(ROW_ORDER);
    this.rows = sorted;
  }

  static Answer of(ResultSet rs) throws SQLException {
    return Rows.of(rs).answer();
  }

  /**
   * This answer with its nulls as NaN, the form pandas gives it: it has no null for a float (SQL's sample
   * standard deviation of a single value is NULL, pandas' is NaN).
   */
  Answer nullsAsNaN() {
    List<Object[]> copy = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Object[] r = row.clone();
      for (int i = 0; i < r.length; i++) {
        if (r[i] == null) {
          r[i] = Double.NaN;
        }
      }
      copy.add(r);
    }
    return new Answer(columns, copy);
  }

  int rowCount() {
    return rows.size();
  }

  /**
   * The first row where this answer and {@code other} differ, described for a human, or empty when
   * they agree: same shape, equal integers, decimals and strings, doubles within a relative 1e-9 (or an
   * absolute 1e-15).
   */
  Optional<String> firstDifference(Answer other) {
    if (columns.size() != other.columns.size()) {
      return Optional.of("column count " + columns.size() + " " + columns + " vs " + other.columns.size()
          + " " + other.columns);
    }
    int n = Math.min(rows.size(), other.rows.size());
    for (int r = 0; r < n; r++) {
      Object[] a = rows.get(r);
      Object[] b = other.rows.get(r);
      for (int c = 0; c < a.length; c++) {
        if (!same(a[c], b[c])) {
          return Optional.of("row " + r + " (sorted), column " + columns.get(c) + ": "
              + Arrays.toString(a) + " vs " + Arrays.toString(b));
        }
      }
    }
    if (rows.size() != other.rows.size()) {
      List<Object[]> longer = rows.size() > n ? rows : other.rows;
      return Optional.of("row count " + rows.size() + " vs " + other.rows.size() + "; first extra row "
          + n + ": " + Arrays.toString(longer.get(n)));
    }
    return Optional.empty();
  }

  private static Object canonical(Object value) {
    if (value == null || value instanceof Long || value instanceof Double || value instanceof String) {
      return value;
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof BigDecimal d) {
      BigDecimal stripped = d.stripTrailingZeros();
      return stripped.scale() <= 0 ? (Object) stripped.longValueExact() : stripped;
    }
    if (value instanceof BigInteger i) {
      return i.longValueExact();
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    return value.toString();
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof Double || b instanceof Double) {
      if (!(a instanceof Number) || !(b instanceof Number)) {
        return false;
      }
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return Double.compare(x, y) == 0
          || Math.abs(x - y)
              <= Math.max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)));
    }
    return a.equals(b);
  }

  private static int compareRows(Object[] a, Object[] b) {
    for (int c = 0; c < Math.min(a.length, b.length); c++) {
      int cmp = compareCells(a[c], b[c]);
      if (cmp != 0) {
        return cmp;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static int compareCells(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return a.toString().compareTo(b.toString());
  }
}
