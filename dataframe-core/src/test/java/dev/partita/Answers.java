package dev.partita;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Answers of Partita and DuckDB as rows of plain values, and how the differential tests compare them:
 * integers as Long, floats as Double (NaN equal to NaN, -0.0 to 0.0, finite values to a relative 1e-9),
 * dates as LocalDate, timestamps as LocalDateTime; rows as lists (a total order) or as multisets.
 */
final class Answers {

  private Answers() {}

  /** Every row of {@code sql}, normalized. */
  static List<List<Object>> query(Connection duck, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
          row.add(normalize(rs.getObject(k)));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Every row of {@code t}, normalized. */
  static List<List<Object>> rowsOf(Table t) {
    List<List<Object>> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (String c : t.columnNames()) {
        row.add(normalize(t.getObject(r, c)));
      }
      out.add(row);
    }
    return out;
  }

  /**
   * Integers as Long, floats as Double, decimals with digits after the point as BigDecimal (compared exactly),
   * dates as LocalDate, timestamps as LocalDateTime.
   */
  static Object normalize(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigDecimal b && b.scale() <= 0) {
      return b.longValueExact();
    }
    if (v instanceof Float) {
      return ((Float) v).doubleValue();
    }
    if (v instanceof java.sql.Date) {
      return ((java.sql.Date) v).toLocalDate();
    }
    if (v instanceof java.sql.Timestamp) {
      return ((java.sql.Timestamp) v).toLocalDateTime();
    }
    return v;
  }

  /**
   * Below this, a double is zero. A relative tolerance has none at zero, and a variance of equal values merged
   * from partial states (each mean rounded) comes out as 1.6e-32 where DuckDB says 0.0: both are zero to the
   * precision the data has.
   */
  private static final double ZERO = 1e-20;

  /**
   * Why {@code actual} is not {@code expected}, or null when it is: decimals exactly and of one scale (the result
   * type's); a decimal against a double as doubles; NaN equals NaN and -0.0 equals 0.0, as DuckDB compares them;
   * finite doubles agree to a relative 1e-9 or differ by less
   * than {@link #ZERO}; other values are equal and of one class.
   */
  static String valueDifference(Object expected, Object actual) {
    Object e = normalize(expected);
    Object a = normalize(actual);
    if (e instanceof BigDecimal x && a instanceof BigDecimal y) {
      return x.compareTo(y) != 0 || x.scale() != y.scale()
          ? "expected " + x.toPlainString() + " but got " + y.toPlainString() : null;
    }
    if (e instanceof BigDecimal x && a instanceof Double) {
      e = x.doubleValue();
    }
    if (a instanceof BigDecimal y && e instanceof Double) {
      a = y.doubleValue();
    }
    if (e instanceof Double x && a instanceof Double y) {
      boolean special = Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y);
      boolean differ = special ? Double.compare(x + 0.0, y + 0.0) != 0
          : x.doubleValue() != y.doubleValue()
              && Math.abs(x - y) > Math.max(1e-9 * Math.max(Math.abs(x), Math.abs(y)), ZERO);
      return differ ? "expected " + x + " but got " + y : null;
    }
    if (e == null || a == null) {
      return e == a ? null : "expected " + e + " but got " + a;
    }
    if (e.getClass() != a.getClass()) {
      return "expected " + e + " (" + e.getClass().getSimpleName() + ") but got " + a + " ("
          + a.getClass().getSimpleName() + ")";
    }
    return e.equals(a) ? null : "expected " + e + " but got " + a;
  }

  /**
   * Why {@code actual} rows are not {@code expected}, or null when they are: in order when {@code ordered},
   * else as multisets (both sorted by {@link #MULTISET_ORDER} first). Names the first differing row.
   */
  static String difference(List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
    if (!ordered) {
      expected = new ArrayList<>(expected);
      actual = new ArrayList<>(actual);
      expected.sort(MULTISET_ORDER);
      actual.sort(MULTISET_ORDER);
    }
    for (int r = 0; r < Math.min(expected.size(), actual.size()); r++) {
      List<Object> e = expected.get(r);
      List<Object> a = actual.get(r);
      if (e.size() != a.size()) {
        return "row " + r + " has " + a.size() + " columns, expected " + e.size() + ": " + a + " vs " + e;
      }
      for (int k = 0; k < e.size(); k++) {
        String d = valueDifference(e.get(k), a.get(k));
        if (d != null) {
          return (ordered ? "" : "sorted ") + "row " + r + " column " + k + ": " + d + "\n  expected row " + e
              + "\n  actual row   " + a + "\n  (" + expected.size() + " rows expected, " + actual.size() + " got)";
        }
      }
    }
    if (expected.size() != actual.size()) {
      List<List<Object>> longer = expected.size() > actual.size() ? expected : actual;
      return expected.size() + " rows expected, " + actual.size() + " got; the first extra "
          + (longer == expected ? "expected" : "actual") + " row: " + longer.get(Math.min(expected.size(), actual.size()));
    }
    return null;
  }

  /**
   * Rows sorted by their non-float values first (column by column, nulls last), then by their floats and
   * decimals (NaN last, -0.0 as 0.0): rows that agree to a float's last bits still line up whatever their order.
   */
  static final Comparator<List<Object>> MULTISET_ORDER = (x, y) -> {
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < Math.min(x.size(), y.size()); k++) {
        Object a = x.get(k);
        Object b = y.get(k);
        boolean floats = a instanceof Double || b instanceof Double || a instanceof BigDecimal
            || b instanceof BigDecimal;
        if (floats != (pass == 1)) {
          continue;
        }
        int c = compareCells(a, b);
        if (c != 0) {
          return c;
        }
      }
    }
    return Integer.compare(x.size(), y.size());
  };

  static int compareCells(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x + 0.0, y + 0.0);
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if (a instanceof BigDecimal || b instanceof BigDecimal) {
      return Double.compare(((Number) a).doubleValue() + 0.0, ((Number) b).doubleValue() + 0.0);
    }
    if (a.getClass() != b.getClass()) {
      return a.getClass().getName().compareTo(b.getClass().getName());
    }
    return a.toString().compareTo(b.toString());
  }
}
