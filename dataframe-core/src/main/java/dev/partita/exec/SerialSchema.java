package dev.partita.exec;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Java-serializable holder of an Arrow {@link Schema} (which is not itself serializable), as its Arrow
 * JSON: task specs carry the schema of what they produce, for the batches of an empty result.
 *
 * <pre>{@code
 * SerialSchema s = SerialSchema.of(schema);
 * Schema back = s.get();
 * }</pre>
 */
public final class SerialSchema implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String json;
  private transient Schema schema;

  private SerialSchema(Schema schema) {
    this.schema = schema;
    this.json = schema.toJson();
  }

  public static SerialSchema of(Schema schema) {
    return new SerialSchema(schema);
  }

  public Schema get() {
    return schema;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    try {
      schema = Schema.fromJSON(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SerialSchema s && s.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json;
  }
}
