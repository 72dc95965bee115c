package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link PartWriter} producing one file of text lines from a batch of one string column: each
 * value's UTF-8 bytes then {@code \n}, a null as an empty line. What {@code TextSource} reads back
 * line for line, provided no value holds a newline.
 */
final class TextPartWriter implements PartWriter {

  private final Schema schema;
  private final Storage.AtomicOutput out;
  private final OutputStream stream;
  private byte[] copy = new byte[1 << 12];
  private boolean committed;

  TextPartWriter(Storage.AtomicOutput out, Schema schema) throws IOException {
    if (schema.getFields().size() != 1
        || !(schema.getFields().get(0).getType() instanceof ArrowType.Utf8)) {
      out.close();
      throw new IllegalArgumentException("a text file is written from one string column, got "
          + schema);
    }
    this.schema = schema;
    this.out = out;
    this.stream = out.stream();
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    Sinks.checkSchema(schema, batch);
    VarCharVector v = (VarCharVector) batch.getVector(0);
    ArrowBuf offsets = v.getOffsetBuffer();
    ArrowBuf data = v.getDataBuffer();
    for (int i = 0; i < batch.getRowCount(); i++) {
      if (!v.isNull(i)) {
        int start = offsets.getInt(4L * i);
        int len = offsets.getInt(4L * (i + 1)) - start;
        if (copy.length < len) {
          copy = new byte[Math.max(len, 2 * copy.length)];
        }
        data.getBytes(start, copy, 0, len);
        stream.write(copy, 0, len);
      }
      stream.write('\n');
    }
  }

  @Override
  public void commit() throws IOException {
    out.commit();
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      out.close();
    }
  }
}
