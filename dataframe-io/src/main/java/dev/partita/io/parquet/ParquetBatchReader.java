package dev.partita.io.parquet;

import dev.partita.io.BatchReader;
import dev.partita.io.CodeDictionary;
import dev.partita.io.DataException;
import dev.partita.io.DictionaryVector;
import dev.partita.io.Filter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.VersionParser;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Streams the row groups of one partition as Arrow batches of at most {@code batchRows} rows: a
 * row group's projected column chunks are fetched (compressed) by parquet-mr, and each batch
 * decodes the next {@code batchRows} values of every column, so Arrow memory holds one batch.
 * A string column the caller accepts as codes comes as a {@link DictionaryVector} for the chunks
 * that have a dictionary, an int32 or int64 one for the chunks whose every page is dictionary-encoded. With a filter, a row group whose dictionaries show that no row can
 * match is skipped before its chunks are read ({@link DictionaryPruner}), and in the others the
 * rows the filter fails on dictionary indices are dropped before any column is converted
 * ({@link RowFilter}).
 */
final class ParquetBatchReader implements BatchReader {

  private final String file;
  private final ParquetMetadata footer;
  private final ParquetFileReader reader;
  private final CountedChunkBuffers buffers;
  private final int[] rowGroups;
  private final List<Field> fields;
  private final List<ColumnDescriptor> columns;
  private final Schema schema;
  private final int batchRows;
  private final BufferAllocator allocator;
  private final boolean vectorized;
  /** Row groups whose dictionaries rule this out are skipped; null for none. */
  private final Filter filter;
  /**
   * Per column, whether the caller accepts it as dictionary codes and it is a string column, or an
   * int32 or int64 one (read as codes in a row group only where its every page is dictionary-encoded).
   */
  private final boolean[] wantsCodes;
  /** Per column, the heap arrays its decoders reuse from one row group to the next. */
  private final Scratch[] scratch;
  private final ParsedVersion writer;

  private int nextGroup;
  private long groupRowsLeft;
  /** The part of the filter the current row group decides row by row; null for none. */
  private RowFilter rowFilter;
  /** Per staged column of {@link #rowFilter}, the batch's dictionary indices. */
  private int[][] stagedIds;
  private PageReadStore pages;
  private final List<ColumnChunkReader> chunks = new ArrayList<>();

  ParquetBatchReader(String file, InputFile input, ParquetMetadata footer, int[] rowGroups,
      List<Field> fields, List<ColumnDescriptor> columns, int batchRows,
      BufferAllocator allocator, boolean vectorized, Set<String> dictionaryIds, Filter filter)
      throws IOException {
    this.file = file;
    this.footer = footer;
    this.rowGroups = rowGroups;
    this.fields = fields;
    this.columns = columns;
    this.schema = new Schema(fields);
    this.batchRows = batchRows;
    this.allocator = allocator;
    this.vectorized = vectorized;
    this.filter = filter;
    this.wantsCodes = new boolean[fields.size()];
    this.scratch = new Scratch[fields.size()];
    for (int c = 0; c < wantsCodes.length; c++) {
      wantsCodes[c] = dictionaryIds.contains(fields.get(c).getName())
          && (codableString(fields.get(c), columns.get(c)) || codableInteger(fields.get(c), columns.get(c)));
    }
    this.writer = parseWriter(footer.getFileMetaData().getCreatedBy());
    this.buffers = new CountedChunkBuffers(ChunkBufferPool.INSTANCE, allocator, file);
    if (columns.isEmpty()) {
      this.reader = null;
    } else {
      this.reader = ParquetFileReader.open(input, footer,
          ParquetFiles.readOptions(compressed(footer, rowGroups, columns), buffers), input.newStream());
      reader.setRequestedSchema(columns);
    }
  }

  private static boolean codableString(Field f, ColumnDescriptor d) {
    return f.getType().getTypeID() == ArrowType.ArrowTypeID.Utf8
        && d.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
  }

  private static boolean codableInteger(Field f, ColumnDescriptor d) {
    if (!(f.getType() instanceof ArrowType.Int t) || !t.getIsSigned()) {
      return false;
    }
    PrimitiveTypeName p = d.getPrimitiveType().getPrimitiveTypeName();
    return t.getBitWidth() == 32 && p == PrimitiveTypeName.INT32
        || t.getBitWidth() == 64 && p == PrimitiveTypeName.INT64;
  }

  /** Whether any of the projected column chunks of the row groups read is compressed. */
  private static boolean compressed(ParquetMetadata footer, int[] rowGroups,
      List<ColumnDescriptor> columns) {
    for (int g : rowGroups) {
      for (ColumnDescriptor d : columns) {
        ColumnChunkMetaData c = chunk(footer.getBlocks().get(g), d);
        if (c != null && c.getCodec() != CompressionCodecName.UNCOMPRESSED) {
          return true;
        }
      }
    }
    return false;
  }

  private static ParsedVersion parseWriter(String createdBy) {
    try {
      return createdBy == null ? null : VersionParser.parse(createdBy);
    } catch (VersionParser.VersionParseException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    while (true) {
      while (groupRowsLeft == 0) {
        if (!openNextGroup()) {
          return null;
        }
      }
      int n = (int) Math.min(batchRows, groupRowsLeft);
      groupRowsLeft -= n;
      VectorSchemaRoot root = rowFilter == null ? batch(n, null, null, n) : filtered(n);
      if (root != null) {
        return root;
      }
    }
  }

  /**
   * The next {@code n} rows with the row group's filter applied: its columns are staged as
   * dictionary indices and the filter evaluated on them; when it keeps few rows only those are
   * converted, in every column. Null when it keeps none.
   */
  private VectorSchemaRoot filtered(int n) {
    int[] cols = rowFilter.columns();
    int[][] ids = new int[cols.length][];
    for (int s = 0; s < cols.length; s++) {
      ids[s] = stagedIds[s].length < n ? stagedIds[s] = new int[n] : stagedIds[s];
      ((VectorizedColumnReader) chunks.get(cols[s])).stage(ids[s], n);
    }
    long[] keep = rowFilter.evaluate(ids, n);
    int kept = Rows.count(keep, 0, n);
    if (kept == 0) {
      for (int c = 0; c < chunks.size(); c++) {
        if (slot(cols, c) < 0) {
          ((VectorizedColumnReader) chunks.get(c)).read(null, n, keep);
        }
      }
      return null;
    }
    // converting a kept row at a time costs more than the whole batch at a time past about one row
    // in eight; the engine filters the batch again in any case
    return kept * 8L > n ? batch(n, ids, null, n) : batch(n, ids, keep, kept);
  }

  /**
   * The next {@code n} rows of every column, the {@code kept} of them set in {@code keep} (all when
   * it is null); {@code ids} holds the staged columns' indices, or is null when none were staged.
   */
  private VectorSchemaRoot batch(int n, int[][] ids, long[] keep, int kept) {
    List<FieldVector> vectors = new ArrayList<>(chunks.size());
    try {
      for (int c = 0; c < chunks.size(); c++) {
        vectors.add(read(c, n, ids == null ? -1 : slot(rowFilter.columns(), c), ids, keep, kept));
      }
    } catch (RuntimeException | Error e) {
      AutoCloseables.close(e, vectors);
      throw e;
    }
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(kept);
    return root;
  }

  private static int slot(int[] cols, int c) {
    for (int s = 0; s < cols.length; s++) {
      if (cols[s] == c) {
        return s;
      }
    }
    return -1;
  }

  /**
   * The {@code kept} rows set in {@code keep} (all when null) of the next {@code n} of column
   * {@code c}, whose indices are {@code ids[slot]} when it was staged ({@code slot >= 0}). A coded
   * column's vector starts with the dictionary of the chunk's previous batch and moves to another
   * when the read says its codes index another (the batch read PLAIN values).
   */
  private FieldVector read(int c, int n, int slot, int[][] ids, long[] keep, int kept) {
    ColumnChunkReader chunk = chunks.get(c);
    Field f = fields.get(c);
    CodeDictionary before = chunk.dictionary();
    FieldVector v = before == null ? f.createVector(allocator)
        : new DictionaryVector(f.getName(), f.isNullable(), f.getType(), c, before, allocator);
    try {
      if (chunk.fillsEverySlot()) {
        allocateUnzeroed(v, kept);
      } else {
        allocate(v, kept);
      }
      if (slot >= 0) {
        ((VectorizedColumnReader) chunk).writeStaged(v, ids[slot], n, keep, kept);
      } else if (keep != null) {
        ((VectorizedColumnReader) chunk).read(v, n, keep);
      } else {
        chunk.read(v, n);
      }
      v.setValueCount(kept);
    } catch (RuntimeException | Error e) {
      v.close();
      throw e;
    }
    CodeDictionary after = chunk.dictionary();
    if (after == before) {
      return v;
    }
    try (DictionaryVector old = (DictionaryVector) v) {
      DictionaryVector moved = new DictionaryVector(f.getName(), f.isNullable(), f.getType(), c, after,
          allocator);
      old.makeTransferPair(moved).transfer();
      return moved;
    }
  }

  private static void allocate(FieldVector v, int n) {
    if (v instanceof BaseVariableWidthVector vw) {
      vw.allocateNew(Math.max(1024L, n * 16L), n);
    } else {
      ((BaseFixedWidthVector) v).allocateNew(n);
    }
  }

  /**
   * Allocates like {@link #allocate} but zeroes only the validity bitmap (and the first offset):
   * {@code allocateNew} zeroes the whole capacity, which for 65,536 doubles is 512 KiB of memset
   * per batch that the decoder overwrites at once. Skipping it took PLAIN doubles from 268-303 to
   * 331-378 M values per CPU-second (ParquetReadBench, uncompressed, three interleaved runs).
   */
  private void allocateUnzeroed(FieldVector v, int n) {
    int validityBytes = BitVectorHelper.getValidityBufferSizeFromCount(n);
    if (v instanceof BaseVariableWidthVector vw) {
      try (ArrowBuf validity = zeroed(validityBytes);
          ArrowBuf offsets = allocator.buffer((n + 1L) * BaseVariableWidthVector.OFFSET_WIDTH);
          ArrowBuf data = allocator.buffer(Math.max(1024L, n * 16L))) {
        offsets.setInt(0, 0);
        vw.loadFieldBuffers(new ArrowFieldNode(n, 0), List.of(validity, offsets, data));
      }
      vw.setLastSet(-1);
    } else {
      BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
      try (ArrowBuf validity = zeroed(validityBytes);
          ArrowBuf data = allocator.buffer((long) n * fw.getTypeWidth())) {
        fw.loadFieldBuffers(new ArrowFieldNode(n, 0), List.of(validity, data));
      }
    }
  }

  private ArrowBuf zeroed(long bytes) {
    ArrowBuf b = allocator.buffer(Math.max(bytes, 8));
    b.setZero(0, b.capacity());
    return b;
  }

  private boolean openNextGroup() throws IOException {
    closePages();
    int g;
    BlockMetaData block;
    do {
      if (nextGroup >= rowGroups.length) {
        return false;
      }
      g = rowGroups[nextGroup++];
      block = footer.getBlocks().get(g);
    } while (filter != null && reader != null && !DictionaryPruner.mayMatch(filter, block, reader,
        footer.getFileMetaData().getSchema()));
    if (reader == null) {
      groupRowsLeft = block.getRowCount();
      return true;
    }
    pages = reader.readRowGroup(g);
    if (pages == null) {
      throw new DataException(file, "row group " + g, null, null,
          "the row group cannot be read", "the file is corrupt; write it again");
    }
    groupRowsLeft = pages.getRowCount();
    Where where = new Where(file, "row group " + g);
    List<ColumnChunkMetaData> metas = new ArrayList<>(columns.size());
    boolean allVectorized = true;
    for (int c = 0; c < columns.size(); c++) {
      ColumnDescriptor d = columns.get(c);
      ValueKind kind = ValueKind.of(d, fields.get(c).getType());
      ColumnChunkMetaData meta = chunk(block, d);
      metas.add(meta);
      if (vectorized
          && (meta == null || VectorizedColumnReader.supports(meta.getEncodings(), kind))) {
        if (scratch[c] == null) {
          scratch[c] = new Scratch();
        }
        boolean codes = wantsCodes[c] && (kind == ValueKind.BYTES
            || meta != null && DictionaryPruner.onlyDictionaryPages(meta));
        chunks.add(new VectorizedColumnReader(d, pages.getPageReader(d), kind, where, scratch[c], codes));
      } else {
        chunks.add(new RowColumnReader(d, pages.getPageReader(d), kind, writer));
        allVectorized = false;
      }
    }
    if (filter != null && allVectorized) {
      rowFilter = RowFilter.of(filter, fields, columns, metas, chunks);
      if (rowFilter != null && (stagedIds == null || stagedIds.length != rowFilter.columns().length)) {
        stagedIds = new int[rowFilter.columns().length][0];
      }
    }
    return true;
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnDescriptor d) {
    for (ColumnChunkMetaData c : block.getColumns()) {
      if (c.getPath().toDotString().equals(String.join(".", d.getPath()))) {
        return c;
      }
    }
    return null;
  }

  private void closePages() {
    chunks.clear();
    rowFilter = null;
    if (pages != null) {
      pages.close();
      pages = null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      closePages();
      if (reader != null) {
        reader.close();
      }
    } finally {
      buffers.close();
    }
  }
}
