package dev.partita.io.parquet;

import dev.partita.io.Filter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A pushed-down {@link Filter} evaluated row by row on one row group, on the dictionary indices of
 * its columns before any value is converted: each comparison is decided once per dictionary entry,
 * so a row costs a table lookup, and the reader then converts only the rows that can match (late
 * materialization, as DuckDB and Velox filter Parquet). TPC-H Q6 keeps 2% of lineitem's rows, and
 * converting all of them to Arrow was 46% of its time.
 *
 * <p>Exact where it decides: comparisons and null tests on integer, date and decimal columns whose
 * every page is dictionary-encoded, against a literal that converts to the column's type without
 * loss; a decimal against a double compares as doubles, as the engine does, through the two
 * unscaled values where the conversion reaches the double. Anything else counts as true here (an
 * {@code Or} with such a side as a whole); the engine filters the rows again in any case.
 */
final class RowFilter {

  /** The largest unscaled value of an 18-digit decimal, past which no physical integer reaches. */
  private static final long LIMIT = 1_000_000_000_000_000_000L;

  private sealed interface Node {}

  /** Rows of {@code slot} whose entry (null first, then each dictionary index) holds. */
  private record Leaf(int slot, byte[] holds) implements Node {}

  private record Both(Node left, Node right) implements Node {}

  private record Either(Node left, Node right) implements Node {}

  private final Node root;
  /** The columns staged, in slot order. */
  private final int[] columns;

  private RowFilter(Node root, List<Integer> columns) {
    this.root = root;
    this.columns = columns.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The part of {@code f} that {@code chunks} (the row group's readers, with their fields,
   * descriptors and chunk metadata, null where unknown) can decide row by row, or null for none.
   */
  static RowFilter of(Filter f, List<Field> fields, List<ColumnDescriptor> descs,
      List<ColumnChunkMetaData> metas, List<ColumnChunkReader> chunks) {
    List<Integer> staged = new ArrayList<>();
    Node root = compile(f, fields, descs, metas, chunks, staged);
    return root == null ? null : new RowFilter(root, staged);
  }

  /** The columns to {@link VectorizedColumnReader#stage} before {@link #evaluate}, in order. */
  int[] columns() {
    return columns;
  }

  /**
   * The rows of a batch that may match, a bit each, from the staged indices of {@link #columns}
   * ({@code ids[s]} for the column of slot {@code s}, -1 for a null).
   */
  long[] evaluate(int[][] ids, int n) {
    long[] rows = new long[(n + 63) >>> 6];
    Arrays.fill(rows, -1L);
    if ((n & 63) != 0) {
      rows[rows.length - 1] = -1L >>> -n;
    }
    narrow(root, ids, n, rows);
    return rows;
  }

  /** Clears the rows of {@code rows} (of {@code n}) where {@code node} does not hold. */
  private static void narrow(Node node, int[][] ids, int n, long[] rows) {
    if (node instanceof Both both) {
      narrow(both.left(), ids, n, rows);
      narrow(both.right(), ids, n, rows);
    } else if (node instanceof Either either) {
      long[] right = rows.clone();
      narrow(either.left(), ids, n, rows);
      narrow(either.right(), ids, n, right);
      for (int w = 0; w < rows.length; w++) {
        rows[w] |= right[w];
      }
    } else {
      Leaf leaf = (Leaf) node;
      narrow(ids[leaf.slot()], leaf.holds(), n, rows);
    }
  }

  /**
   * Clears each row {@code i} of {@code rows} where {@code holds[ids[i] + 1]} is 0: a word of 64
   * looked up at once, or, when few of its rows are still set, those rows one at a time (after
   * the first comparison of Q6's three, most of a batch is decided).
   */
  private static void narrow(int[] ids, byte[] holds, int n, long[] rows) {
    for (int w = 0; w < rows.length; w++) {
      long word = rows[w];
      int base = w << 6;
      if (Long.bitCount(word) > 16) {
        long set = 0;
        for (int i = 0, end = Math.min(n - base, 64); i < end; i++) {
          set |= (long) holds[ids[base + i] + 1] << i;
        }
        rows[w] = word & set;
      } else {
        long set = 0;
        for (long left = word; left != 0; left &= left - 1) {
          int i = Long.numberOfTrailingZeros(left);
          set |= (long) holds[ids[base + i] + 1] << i;
        }
        rows[w] = word & set;
      }
    }
  }

  private static Node compile(Filter f, List<Field> fields, List<ColumnDescriptor> descs,
      List<ColumnChunkMetaData> metas, List<ColumnChunkReader> chunks, List<Integer> staged) {
    if (f instanceof Filter.And a) {
      Node l = compile(a.left(), fields, descs, metas, chunks, staged);
      Node r = compile(a.right(), fields, descs, metas, chunks, staged);
      if (l instanceof Leaf x && r instanceof Leaf y && x.slot() == y.slot()) {
        return merged(x, y, true);
      }
      return l == null ? r : r == null ? l : new Both(l, r);
    }
    if (f instanceof Filter.Or o) {
      Node l = compile(o.left(), fields, descs, metas, chunks, staged);
      Node r = compile(o.right(), fields, descs, metas, chunks, staged);
      if (l instanceof Leaf x && r instanceof Leaf y && x.slot() == y.slot()) {
        return merged(x, y, false);
      }
      return l == null || r == null ? null : new Either(l, r);
    }
    String name = f instanceof Filter.Compare c ? c.column() : ((Filter.IsNull) f).column();
    int col = indexOf(fields, name);
    if (col < 0 || !stageable(descs.get(col).getPrimitiveType(), metas.get(col), chunks.get(col))) {
      return null;
    }
    Dictionary dict = ((VectorizedColumnReader) chunks.get(col)).dictionaryPage();
    byte[] holds = new byte[dict.size() + 1];
    if (f instanceof Filter.IsNull isNull) {
      holds[0] = (byte) (isNull.negated() ? 0 : 1);
      for (int id = 1; id < holds.length; id++) {
        holds[id] = (byte) (isNull.negated() ? 1 : 0);
      }
    } else {
      Filter.Compare cmp = (Filter.Compare) f;
      long[] bounds = bounds(descs.get(col).getPrimitiveType(), cmp.value());
      if (bounds == null) {
        return null;
      }
      for (int id = 0; id < dict.size(); id++) {
        long e = dict.integer(id);
        int c = (e >= bounds[0] ? 1 : 0) + (e >= bounds[1] ? 1 : 0);
        boolean holdsHere = switch (cmp.op()) {
          case EQ -> c == 1;
          case NE -> c != 1;
          case LT -> c == 0;
          case LE -> c <= 1;
          case GT -> c == 2;
          case GE -> c >= 1;
        };
        holds[id + 1] = (byte) (holdsHere ? 1 : 0);
      }
    }
    int slot = staged.indexOf(col);
    if (slot < 0) {
      slot = staged.size();
      staged.add(col);
    }
    return new Leaf(slot, holds);
  }

  /** One comparison for two of one column: a range such as Q6's dates is one lookup a row. */
  private static Leaf merged(Leaf x, Leaf y, boolean both) {
    byte[] holds = new byte[x.holds().length];
    for (int e = 0; e < holds.length; e++) {
      holds[e] = (byte) (both ? x.holds()[e] & y.holds()[e] : x.holds()[e] | y.holds()[e]);
    }
    return new Leaf(x.slot(), holds);
  }

  private static int indexOf(List<Field> fields, String name) {
    for (int c = 0; c < fields.size(); c++) {
      if (fields.get(c).getName().equals(name)) {
        return c;
      }
    }
    return -1;
  }

  /**
   * Whether the column can be staged as dictionary indices: a vectorized integer, date or decimal
   * chunk of 32- or 64-bit values whose every page is dictionary-encoded.
   */
  private static boolean stageable(PrimitiveType type, ColumnChunkMetaData meta,
      ColumnChunkReader chunk) {
    PrimitiveTypeName p = type.getPrimitiveTypeName();
    LogicalTypeAnnotation l = type.getLogicalTypeAnnotation();
    boolean integer = l == null || l instanceof IntLogicalTypeAnnotation i && i.isSigned()
        || l instanceof DateLogicalTypeAnnotation || l instanceof DecimalLogicalTypeAnnotation;
    return (p == PrimitiveTypeName.INT32 || p == PrimitiveTypeName.INT64) && integer
        && meta != null && DictionaryPruner.onlyDictionaryPages(meta)
        && chunk instanceof VectorizedColumnReader v && v.dictionaryPage() != null
        && v.dictionary() == null;
  }

  /**
   * The values {@code [atLeast, above)} of the column equal to {@code value}: below them compares
   * less, from {@code above} on greater. Null when the literal has no exact place among them.
   */
  private static long[] bounds(PrimitiveType type, Object value) {
    if (type.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation dec
        && value instanceof Double d) {
      return d.isNaN() ? null : new long[] {
          firstReaching(d, dec.getScale(), false), firstReaching(d, dec.getScale(), true)};
    }
    Object lit = RowGroupPruner.literal(type, value);
    if (!(lit instanceof Integer || lit instanceof Long) || ((Number) lit).longValue() == Long.MAX_VALUE) {
      return null;
    }
    long x = ((Number) lit).longValue();
    return new long[] {x, x + 1};
  }

  /**
   * The least unscaled value whose double (correctly rounded, as the engine converts) is at least
   * {@code s}, or above it when {@code above}: the conversion never decreases as the value grows,
   * so it is found by bisection.
   */
  static long firstReaching(double s, int scale, boolean above) {
    long low = -LIMIT;
    long high = LIMIT;
    while (low < high) {
      long mid = low + (high - low) / 2;
      double d = BigDecimal.valueOf(mid, scale).doubleValue();
      if (above ? d > s : d >= s) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }
}
