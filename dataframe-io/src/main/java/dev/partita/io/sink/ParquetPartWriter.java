package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/** A {@link PartWriter} producing one Parquet file through parquet-mr's {@link ParquetWriter}. */
final class ParquetPartWriter implements PartWriter {

  private final Schema schema;
  private final Storage.AtomicOutput out;
  private final ArrowWriteSupport support;
  private final ParquetWriter<Integer> writer;
  private boolean committed;

  ParquetPartWriter(Storage.AtomicOutput out, Schema schema, ParquetWriteOptions o)
      throws IOException {
    this.schema = schema;
    this.out = out;
    this.support = new ArrowWriteSupport(ArrowParquetSchema.toParquet(schema));
    try {
      this.writer = new Builder(new AtomicOutputFile(out), support)
          .withConf(new PlainParquetConfiguration())
          .withCompressionCodec(CompressionCodecName.valueOf(o.codec().name()))
          .withRowGroupSize(o.rowGroupBytes())
          .withRowGroupRowCountLimit(o.rowGroupRows())
          .withPageSize(o.pageSize())
          .withDictionaryEncoding(o.dictionary())
          .withWriterVersion(o.v2Pages() ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0)
          .build();
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    Sinks.checkSchema(schema, batch);
    support.setBatch(batch);
    int n = batch.getRowCount();
    for (int i = 0; i < n; i++) {
      writer.write(i);
    }
  }

  @Override
  public void commit() throws IOException {
    writer.close();
    out.commit();
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        writer.close();
      } finally {
        out.close();
      }
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final ArrowWriteSupport support;

    Builder(OutputFile file, ArrowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // still abstract in parquet-mr 1.18, so it must be implemented
    protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
