package dev.partita;

import dev.partita.expr.Columns;
import dev.partita.expr.DType;
import dev.partita.exec.Materialized;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import dev.partita.kernel.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A computed result held locally in Arrow memory. A table owns its own allocator: {@link #close()}
 * frees it (closing twice is harmless), and every computation returns tables of its own. A table
 * dropped without being closed is freed once the garbage collector finds it, with a warning naming
 * where it was created; close tables to free their memory promptly.
 *
 * <pre>{@code
 * try (Table t = df.groupBy("vendor").agg(sum("fare")).compute()) {
 *   System.out.println(t); t.getDouble(0, "fare");
 * }
 * }</pre>
 */
public final class Table implements AutoCloseable {

  private static final int EDGE_ROWS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(Table.class);
  private static final Cleaner CLEANER = Cleaner.create();
  /** Tables are made by the library's classes; the first frame outside them is the caller's. */
  private static final ProtectionDomain LIBRARY = Table.class.getProtectionDomain();

  private final Materialized data;
  private final Release release;
  private final Cleaner.Cleanable cleanable;
  private boolean closed;

  Table(Materialized data) {
    this.data = data;
    this.release = new Release(data, createdAt());
    this.cleanable = CLEANER.register(this, release);
  }

  /**
   * Frees a table's data: called by {@link #close()}, or by the Cleaner for a table that became unreachable
   * open, which is reported. Holds no reference to the table, so that it can become unreachable.
   */
  private static final class Release implements Runnable {
    private final Materialized data;
    private final String createdAt;
    private volatile boolean closedByOwner;

    Release(Materialized data, String createdAt) {
      this.data = data;
      this.createdAt = createdAt;
    }

    @Override
    public void run() {
      if (!closedByOwner) {
        LOG.warn("a Table created at {} was not closed; its {} bytes of Arrow memory are freed now that it is"
            + " unreachable. Close tables (try-with-resources) to free their memory promptly", createdAt,
            data.allocator().getAllocatedMemory());
      }
      data.close();
    }
  }

  /**
   * The caller's frame that created the table (the first outside the library's own classes): a walk of a few
   * frames, about a microsecond against the milliseconds of the computation that made the table.
   */
  private static String createdAt() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
        .filter(f -> f.getDeclaringClass().getProtectionDomain() != LIBRARY).findFirst()
        .map(StackWalker.StackFrame::toStackTraceElement).map(Object::toString).orElse("an unknown place"));
  }

  VectorSchemaRoot root() {
    if (closed) {
      throw new IllegalStateException("this table was closed");
    }
    return data.root();
  }

  public int rowCount() {
    return root().getRowCount();
  }

  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (Field f : root().getSchema().getFields()) {
      names.add(f.getName());
    }
    return names;
  }

  public Schema schema() {
    return root().getSchema();
  }

  private FieldVector vector(String column) {
    Columns.find(root().getSchema(), column);
    return root().getVector(column);
  }

  private FieldVector vector(int row, String column) {
    if (row < 0 || row >= rowCount()) {
      throw new IndexOutOfBoundsException("row " + row + " of a table with " + rowCount() + " rows");
    }
    return vector(column);
  }

  public boolean isNull(int row, String column) {
    try {
      return vector(row, column).isNull(row);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * The value as a Java object: Long, Double, String, Boolean, LocalDate (dates), or null; other
   * Arrow types as Arrow's own {@code getObject}.
   */
  public Object getObject(int row, String column) {
    try {
      return value(vector(row, column), row);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** The value as a long; throws NullPointerException for null (check {@link #isNull} first). */
  public long getLong(int row, String column) {
    return ((Number) require(row, column)).longValue();
  }

  /** The value as a double; throws NullPointerException for null (check {@link #isNull} first). */
  public double getDouble(int row, String column) {
    return ((Number) require(row, column)).doubleValue();
  }

  /** The value as text, or null. */
  public String getString(int row, String column) {
    Object v = getObject(row, column);
    return v == null ? null : v.toString();
  }

  private Object require(int row, String column) {
    Object v = getObject(row, column);
    if (v == null) {
      throw new NullPointerException("row " + row + " of column '" + column + "' is null");
    }
    return v;
  }

  static Object value(FieldVector v, int row) {
    if (v.isNull(row)) {
      return null;
    }
    if (v instanceof VarCharVector) {
      return new String(((VarCharVector) v).get(row), StandardCharsets.UTF_8);
    }
    if (v instanceof DateDayVector) {
      return LocalDate.ofEpochDay(((DateDayVector) v).get(row));
    }
    if (v instanceof BitVector) {
      return ((BitVector) v).get(row) == 1;
    }
    Object o = v.getObject(row);
    return o instanceof Text ? o.toString() : o;
  }

  /** A copy of the data in {@code allocator}, owned by the caller. */
  public VectorSchemaRoot toArrow(BufferAllocator allocator) {
    return toArrow(allocator, rowCount());
  }

  /** A copy of the first {@code rows} rows in {@code allocator}, owned by the caller. */
  VectorSchemaRoot toArrow(BufferAllocator allocator, int rows) {
    List<FieldVector> out = new ArrayList<>();
    try {
      for (FieldVector v : root().getFieldVectors()) {
        out.add(Vectors.split(v, 0, rows, allocator));
      }
    } catch (RuntimeException e) {
      AutoCloseables.close(e, out);
      throw e;
    }
    Reference.reachabilityFence(this);
    VectorSchemaRoot copy = new VectorSchemaRoot(out);
    copy.setRowCount(rows);
    return copy;
  }

  /** Writes the table as one CSV file with a header row, formatted as {@code df.write().csv(dir)} formats parts. */
  public void toCsv(Path file) {
    try (PartWriter w = Sinks.csvFile(file.toString(), schema())) {
      w.write(root());
      w.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    Reference.reachabilityFence(this);
  }

  /** Writes the table as one Parquet file. */
  public void toParquet(Path file) {
    try (PartWriter w = Sinks.parquetFile(file.toString(), schema(), ParquetWriteOptions.defaults())) {
      w.write(root());
      w.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    Reference.reachabilityFence(this);
  }

  /**
   * An aligned text table with column types under the names; long tables show their first and
   * last 10 rows with an ellipsis row between.
   */
  @Override
  public String toString() {
    if (closed) {
      return "Table[closed]";
    }
    int n = rowCount();
    List<Integer> rows = new ArrayList<>();
    boolean cut = n > 2 * EDGE_ROWS;
    for (int r = 0; r < n; r++) {
      if (!cut || r < EDGE_ROWS || r >= n - EDGE_ROWS) {
        rows.add(r);
      }
    }
    List<FieldVector> vectors = root().getFieldVectors();
    int cols = vectors.size();
    List<String[]> lines = new ArrayList<>();
    String[] names = new String[cols];
    String[] types = new String[cols];
    for (int c = 0; c < cols; c++) {
      names[c] = vectors.get(c).getName();
      types[c] = DType.label(vectors.get(c).getField());
    }
    lines.add(names);
    lines.add(types);
    for (int i = 0; i < rows.size(); i++) {
      if (cut && i == EDGE_ROWS) {
        String[] dots = new String[cols];
        Arrays.fill(dots, "…");
        lines.add(dots);
      }
      String[] cells = new String[cols];
      for (int c = 0; c < cols; c++) {
        Object v = value(vectors.get(c), rows.get(i));
        cells[c] = v == null ? "null" : v.toString();
      }
      lines.add(cells);
    }
    int[] width = new int[cols];
    for (String[] l : lines) {
      for (int c = 0; c < cols; c++) {
        width[c] = Math.max(width[c], l[c].length());
      }
    }
    StringBuilder sb = new StringBuilder("shape: (" + n + ", " + cols + ")\n");
    for (int li = 0; li < lines.size(); li++) {
      String[] l = lines.get(li);
      for (int c = 0; c < cols; c++) {
        boolean numeric = li > 1 && vectors.get(c).getField().getType().getTypeID().name().matches("Int|FloatingPoint");
        String cell = numeric ? pad(l[c], width[c], true) : pad(l[c], width[c], false);
        sb.append(c == 0 ? "" : "  ").append(cell);
      }
      sb.append('\n');
      if (li == 1) {
        for (int c = 0; c < cols; c++) {
          sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        sb.append('\n');
      }
    }
    Reference.reachabilityFence(this);
    return sb.toString();
  }

  private static String pad(String s, int w, boolean right) {
    String fill = " ".repeat(w - s.length());
    return right ? fill + s : s + fill;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      release.closedByOwner = true;
      cleanable.clean();
    }
  }
}
