package dev.partita.io.parquet;

import dev.partita.io.Filter;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.DictionaryPageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveComparator;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Decides from a row group's dictionary pages whether a {@link Filter} can match any of its rows,
 * as parquet-mr's DictionaryFilter does: a comparison on a column whose every data page is
 * dictionary-encoded can only match if one of the dictionary's entries satisfies it, so the
 * comparison is evaluated once per entry, not per row. Statistics cannot rule out a value that
 * lies between a row group's min and max without occurring in it; the dictionary can. Each
 * dictionary a filter needs is read (one small read, before the row group's chunks are) and
 * decoded once. Conservative like {@link RowGroupPruner}: an unknown column, a chunk that may hold
 * other pages, a literal of another type or a NaN entry keep the row group.
 */
final class DictionaryPruner {

  private final DictionaryPageReadStore pages;
  private final MessageType schema;
  private final Map<String, ColumnChunkMetaData> chunks = new HashMap<>();
  private final Map<String, Optional<Dictionary>> dictionaries = new HashMap<>();

  private DictionaryPruner(ParquetFileReader reader, MessageType schema, BlockMetaData block) {
    this.pages = reader.getDictionaryReader(block);
    this.schema = schema;
    for (ColumnChunkMetaData c : block.getColumns()) {
      if (c.getPath().size() == 1) {
        chunks.put(c.getPath().toArray()[0], c);
      }
    }
  }

  /** False when the dictionaries of {@code block} show that no row can match {@code f}. */
  static boolean mayMatch(Filter f, BlockMetaData block, ParquetFileReader reader,
      MessageType schema) throws IOException {
    return new DictionaryPruner(reader, schema, block).eval(f);
  }

  private boolean eval(Filter f) throws IOException {
    if (f instanceof Filter.And a) {
      return eval(a.left()) && eval(a.right());
    }
    if (f instanceof Filter.Or o) {
      return eval(o.left()) || eval(o.right());
    }
    return !(f instanceof Filter.Compare c) || compare(c);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean compare(Filter.Compare cmp) throws IOException {
    ColumnChunkMetaData c = chunks.get(cmp.column());
    if (c == null || !onlyDictionaryPages(c)) {
      return true;
    }
    PrimitiveType type = c.getPrimitiveType();
    Comparable literal = RowGroupPruner.literal(type, cmp.value());
    Dictionary d = literal == null ? null : dictionary(c);
    if (d == null) {
      return true;
    }
    PrimitiveComparator comparator = type.comparator();
    for (int id = 0; id <= d.getMaxId(); id++) {
      Object v = entry(d, type, id);
      if (v instanceof Float x && x.isNaN() || v instanceof Double y && y.isNaN()) {
        return true;
      }
      int r = v instanceof Float || v instanceof Double
          ? Double.compare(((Number) v).doubleValue() + 0.0, ((Number) literal).doubleValue() + 0.0)
          : comparator.compare(v, literal);
      boolean holds = switch (cmp.op()) {
        case EQ -> r == 0;
        case NE -> r != 0;
        case LT -> r < 0;
        case LE -> r <= 0;
        case GT -> r > 0;
        case GE -> r >= 0;
      };
      if (holds) {
        return true;
      }
    }
    return false;
  }

  private static Object entry(Dictionary d, PrimitiveType type, int id) {
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> d.decodeToInt(id);
      case INT64 -> d.decodeToLong(id);
      case FLOAT -> d.decodeToFloat(id);
      case DOUBLE -> d.decodeToDouble(id);
      case BINARY, FIXED_LEN_BYTE_ARRAY -> d.decodeToBinary(id);
      default -> throw new IllegalStateException(type + " has no comparable dictionary");
    };
  }

  /** The chunk's dictionary, or null when it has none (parquet-mr copies the page to the heap). */
  private Dictionary dictionary(ColumnChunkMetaData c) throws IOException {
    String name = c.getPath().toArray()[0];
    Optional<Dictionary> known = dictionaries.get(name);
    if (known == null) {
      ColumnDescriptor desc = schema.getColumnDescription(new String[] {name});
      DictionaryPage page = pages.readDictionaryPage(desc);
      known = Optional.ofNullable(page == null ? null : page.getEncoding().initDictionary(desc,
          page));
      dictionaries.put(name, known);
    }
    return known.orElse(null);
  }

  /**
   * True when every data page of the chunk is dictionary-encoded: by the chunk's encoding
   * statistics, or else (as parquet-mr decides) when its encodings are PLAIN_DICTIONARY and level
   * encodings only; RLE_DICTIONARY without statistics may come with fallback pages.
   */
  static boolean onlyDictionaryPages(ColumnChunkMetaData c) {
    EncodingStats stats = c.getEncodingStats();
    if (stats != null) {
      return stats.hasDictionaryPages() && stats.hasDictionaryEncodedPages()
          && !stats.hasNonDictionaryEncodedPages();
    }
    Set<Encoding> encodings = new HashSet<>(c.getEncodings());
    if (!encodings.remove(Encoding.PLAIN_DICTIONARY)) {
      return false;
    }
    encodings.remove(Encoding.RLE);
    encodings.remove(Encoding.BIT_PACKED);
    return encodings.isEmpty();
  }
}
