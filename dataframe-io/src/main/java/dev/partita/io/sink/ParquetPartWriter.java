package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * A {@link PartWriter} producing one Parquet file: each column of a row group is buffered from the Arrow
 * batches ({@link ColumnChunkWriter}) and encoded into pages when the row group closes; parquet-mr's
 * {@link ParquetFileWriter} lays out the file, its page headers, column and offset indexes and footer.
 */
final class ParquetPartWriter implements PartWriter {

  /**
   * A row group closes at this many buffered bytes whatever the options say: its columns are buffered on the
   * heap (in int-indexed arrays, which grow by doubling) until it closes, and several tasks write at once. A
   * sixteenth of the heap, as parquet-mr's memory manager also shrinks row groups to what the heap holds: with a
   * whole 128 MiB row group buffered per task, {@code ./partita demo} (a 256 MB heap) ran out of heap converting
   * its CSV to Parquet.
   */
  private static final long MAX_BUFFERED_BYTES = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 16);
  /** Longest min/max kept in a column index, parquet-mr's default. */
  private static final int COLUMN_INDEX_TRUNCATE = 64;

  private final Schema schema;
  private final Storage.AtomicOutput out;
  private final ParquetWriteOptions options;
  private final CompressionCodecName codec;
  private final CodecFactory codecs;
  private final BytesInputCompressor compressor;
  private final ParquetFileWriter file;
  private final ColumnChunkWriter[] columns;
  private final PageBuffer page = new PageBuffer();
  private final PageBuffer levels = new PageBuffer();
  private boolean committed;

  ParquetPartWriter(Storage.AtomicOutput out, Schema schema, ParquetWriteOptions o) throws IOException {
    this.schema = schema;
    this.out = out;
    this.options = o;
    this.codec = CompressionCodecName.valueOf(o.codec().name());
    CodecFactory factory = null;
    try {
      MessageType parquet = ArrowParquetSchema.toParquet(schema);
      List<ColumnDescriptor> descriptors = parquet.getColumns();
      columns = new ColumnChunkWriter[descriptors.size()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = new ColumnChunkWriter(descriptors.get(c));
      }
      factory = new CodecFactory(new PlainParquetConfiguration(), o.pageSize());
      compressor = factory.getCompressor(codec);
      file = new ParquetFileWriter(new AtomicOutputFile(out), parquet, ParquetFileWriter.Mode.CREATE,
          o.rowGroupBytes(), 0, COLUMN_INDEX_TRUNCATE, Integer.MAX_VALUE, true);
      file.start();
      codecs = factory;
    } catch (IOException | RuntimeException e) {
      if (factory != null) {
        factory.release();
      }
      out.close();
      throw e;
    }
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    Sinks.checkSchema(schema, batch);
    int n = columns.length == 0 ? 0 : batch.getRowCount();
    for (int from = 0; from < n; ) {
      int take = Math.min(n - from, options.rowGroupRows() - columns[0].rows());
      long bytes = 0;
      for (int c = 0; c < columns.length; c++) {
        columns[c].append(batch.getVector(c), from, take);
        bytes += columns[c].bufferedBytes();
      }
      from += take;
      if (columns[0].rows() == options.rowGroupRows()
          || bytes >= Math.min(options.rowGroupBytes(), MAX_BUFFERED_BYTES)) {
        writeRowGroup();
      }
    }
  }

  private void writeRowGroup() throws IOException {
    int rows = columns.length == 0 ? 0 : columns[0].rows();
    if (rows == 0) {
      return;
    }
    file.startBlock(rows);
    for (ColumnChunkWriter c : columns) {
      c.writeChunk(file, codec, compressor, options.dictionary(), options.pageSize(), options.v2Pages(), page,
          levels);
    }
    file.endBlock();
  }

  @Override
  public void commit() throws IOException {
    try {
      writeRowGroup();
      file.end(Map.of());
    } finally {
      codecs.release();
    }
    out.commit();
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        codecs.release();
      } finally {
        out.close();
      }
    }
  }
}
