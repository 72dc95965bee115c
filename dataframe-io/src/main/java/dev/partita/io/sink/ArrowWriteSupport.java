package dev.partita.io.sink;

import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Feeds parquet-mr's writer from Arrow vectors, one row at a time: the record written is a row
 * index into the current batch. Value-at-a-time writing is parquet-mr's only public write path;
 * writing pages from Arrow buffers in bulk (as the reader decodes them) is left for later.
 */
final class ArrowWriteSupport extends WriteSupport<Integer> {

  private final MessageType schema;
  private RecordConsumer consumer;
  private FieldVector[] vectors;
  private String[] names;
  private ValueWriter[] writers;

  /** Writes row {@code row} of one vector (known non-null). */
  private interface ValueWriter {
    void write(RecordConsumer rc, int row);
  }

  ArrowWriteSupport(MessageType schema) {
    this.schema = schema;
  }

  void setBatch(VectorSchemaRoot batch) {
    int n = batch.getFieldVectors().size();
    vectors = new FieldVector[n];
    names = new String[n];
    writers = new ValueWriter[n];
    for (int c = 0; c < n; c++) {
      vectors[c] = batch.getVector(c);
      names[c] = vectors[c].getName();
      writers[c] = writer(vectors[c]);
    }
  }

  private static ValueWriter writer(FieldVector v) {
    if (v instanceof IntVector x) {
      return (rc, i) -> rc.addInteger(x.get(i));
    }
    if (v instanceof BigIntVector x) {
      return (rc, i) -> rc.addLong(x.get(i));
    }
    if (v instanceof BaseIntVector x) {
      return (rc, i) -> rc.addInteger((int) x.getValueAsLong(i));
    }
    if (v instanceof Float4Vector x) {
      return (rc, i) -> rc.addFloat(x.get(i));
    }
    if (v instanceof Float8Vector x) {
      return (rc, i) -> rc.addDouble(x.get(i));
    }
    if (v instanceof BitVector x) {
      return (rc, i) -> rc.addBoolean(x.get(i) == 1);
    }
    if (v instanceof VarCharVector x) {
      return (rc, i) -> rc.addBinary(Binary.fromConstantByteArray(x.get(i)));
    }
    if (v instanceof VarBinaryVector x) {
      return (rc, i) -> rc.addBinary(Binary.fromConstantByteArray(x.get(i)));
    }
    if (v instanceof DateDayVector x) {
      return (rc, i) -> rc.addInteger(x.get(i));
    }
    if (v instanceof TimeStampVector x) {
      return (rc, i) -> rc.addLong(x.get(i));
    }
    if (v instanceof TimeMilliVector x) {
      return (rc, i) -> rc.addInteger(x.get(i));
    }
    if (v.getField().getType() instanceof ArrowType.Time) {
      ArrowBuf data = v.getDataBuffer();
      return (rc, i) -> rc.addLong(data.getLong(8L * i));
    }
    if (v instanceof DecimalVector x) {
      return decimalWriter(x);
    }
    throw new IllegalArgumentException("column '" + v.getName() + "': " + v.getField().getType()
        + " cannot be written to Parquet yet");
  }

  private static ValueWriter decimalWriter(DecimalVector x) {
    int precision = x.getPrecision();
    ArrowBuf data = x.getDataBuffer();
    if (precision <= 9) {
      return (rc, i) -> rc.addInteger((int) data.getLong(16L * i));
    }
    if (precision <= 18) {
      return (rc, i) -> rc.addLong(data.getLong(16L * i));
    }
    return (rc, i) -> {
      byte[] be = new byte[16];
      for (int b = 0; b < 16; b++) {
        be[15 - b] = data.getByte(16L * i + b);
      }
      rc.addBinary(Binary.fromConstantByteArray(be));
    };
  }

  @Override
  @SuppressWarnings("deprecation") // still abstract in parquet-mr 1.18, so it must be implemented
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Integer row) {
    int r = row;
    consumer.startMessage();
    for (int c = 0; c < vectors.length; c++) {
      if (!vectors[c].isNull(r)) {
        consumer.startField(names[c], c);
        writers[c].write(consumer, r);
        consumer.endField(names[c], c);
      }
    }
    consumer.endMessage();
  }
}
