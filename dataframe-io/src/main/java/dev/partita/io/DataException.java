package dev.partita.io;

/**
 * Bad input: a value, line, row group or file that cannot be read as asked. It carries where the
 * problem is (file, location such as {@code line 250000} or {@code row group 3}, column, value),
 * what is wrong, and what to do; the message is composed from those fields here only, so the API
 * and the command line say the same thing.
 *
 * <pre>{@code
 * catch (DataException e) { System.err.println(e.getMessage()); e.file(); e.location(); }
 * }</pre>
 */
public class DataException extends RuntimeException {

  private final String file;
  private final String location;
  private final String column;
  private final String value;
  private final String problem;
  private final String hint;

  /** Any field but {@code problem} may be null when it does not apply. */
  public DataException(String file, String location, String column, String value, String problem,
      String hint, Throwable cause) {
    super(compose(file, location, column, value, problem, hint), cause);
    this.file = file;
    this.location = location;
    this.column = column;
    this.value = value;
    this.problem = problem;
    this.hint = hint;
  }

  public DataException(String file, String location, String column, String value, String problem,
      String hint) {
    this(file, location, column, value, problem, hint, null);
  }

  private static String compose(String file, String location, String column, String value,
      String problem, String hint) {
    StringBuilder where = new StringBuilder();
    append(where, file);
    append(where, location);
    if (column != null) {
      append(where, "column '" + column + "'");
    }
    StringBuilder m = new StringBuilder();
    if (where.length() > 0) {
      m.append(where).append(": ");
    }
    m.append(problem);
    if (value != null) {
      m.append(" (value: '").append(abbreviate(value)).append("')");
    }
    if (hint != null) {
      m.append(". ").append(hint);
    }
    return m.toString();
  }

  private static void append(StringBuilder sb, String part) {
    if (part != null) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(part);
    }
  }

  private static String abbreviate(String v) {
    return v.length() <= 80 ? v : v.substring(0, 77) + "...";
  }

  public String file() {
    return file;
  }

  public String location() {
    return location;
  }

  public String column() {
    return column;
  }

  public String value() {
    return value;
  }

  public String problem() {
    return problem;
  }

  public String hint() {
    return hint;
  }
}
