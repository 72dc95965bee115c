package dev.partita.sql;

import static org.junit.jupiter.api.Assertions.fail;

import dev.partita.DataFrame;
import dev.partita.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** DuckDB over JDBC, and the comparison of its answers with Partita's: floats to 1e-9, decimals exactly. */
final class Duck implements AutoCloseable {

  private final Connection connection;

  Duck() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = md.getColumnTypeName(i).equals("DATE") ? rs.getObject(i, LocalDate.class) : rs.getObject(i);
          row.add(normalize(v));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static List<List<Object>> rows(DataFrame df) {
    List<List<Object>> rows = new ArrayList<>();
    try (Table t = df.compute()) {
      for (int r = 0; r < t.rowCount(); r++) {
        List<Object> row = new ArrayList<>();
        for (String c : t.columnNames()) {
          row.add(normalize(t.getObject(r, c)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object normalize(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.longValueExact();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof java.time.OffsetDateTime o) {
      return o.toLocalDateTime();
    }
    return v;
  }

  /** Fails with the first difference; {@code ordered}: row order must match too. */
  static void assertSame(List<List<Object>> expected, List<List<Object>> actual, boolean ordered, String what) {
    List<List<Object>> e = new ArrayList<>(expected);
    List<List<Object>> a = new ArrayList<>(actual);
    if (!ordered) {
      e.sort(ROWS);
      a.sort(ROWS);
    }
    if (e.size() != a.size()) {
      fail(what + ": DuckDB gives " + e.size() + " rows, Partita " + a.size() + "\n DuckDB head " + head(e)
          + "\n Partita head " + head(a));
    }
    for (int r = 0; r < e.size(); r++) {
      if (e.get(r).size() != a.get(r).size()) {
        fail(what + ": row " + r + " has " + e.get(r).size() + " columns in DuckDB, " + a.get(r).size() + " in Partita");
      }
      for (int c = 0; c < e.get(r).size(); c++) {
        if (!same(e.get(r).get(c), a.get(r).get(c))) {
          fail(what + ": row " + r + " column " + c + ": DuckDB " + show(e.get(r).get(c)) + ", Partita "
              + show(a.get(r).get(c)) + "\n DuckDB row " + e.get(r) + "\n Partita row " + a.get(r));
        }
      }
    }
  }

  private static String head(List<List<Object>> rows) {
    return rows.subList(0, Math.min(5, rows.size())).toString();
  }

  private static String show(Object v) {
    return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
  }

  static boolean same(Object x, Object y) {
    if (x == null || y == null) {
      return x == y;
    }
    if (x instanceof BigDecimal a && y instanceof BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    if (x instanceof Long a && y instanceof Long b) {
      return a.longValue() == b.longValue();
    }
    if (x instanceof Double || y instanceof Double) {
      if (!(x instanceof Number) || !(y instanceof Number) || x instanceof BigDecimal || y instanceof BigDecimal) {
        return false;
      }
      double a = ((Number) x).doubleValue();
      double b = ((Number) y).doubleValue();
      if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
        return Double.compare(a, b) == 0;
      }
      return Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }
    return x.equals(y);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static final Comparator<List<Object>> ROWS = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      if (x == null || y == null) {
        if (x != y) {
          return x == null ? -1 : 1;
        }
        continue;
      }
      int c;
      if (x instanceof Number n && y instanceof Number m) {
        c = Double.compare(n.doubleValue(), m.doubleValue());
      } else if (x.getClass() == y.getClass() && x instanceof Comparable) {
        c = ((Comparable) x).compareTo(y);
      } else {
        c = x.toString().compareTo(y.toString());
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
