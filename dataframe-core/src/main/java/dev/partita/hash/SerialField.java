package dev.partita.hash;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Java-serializable holder of an Arrow {@link Field} (which is not itself serializable), carried
 * through partial aggregation states as the field's Arrow JSON.
 *
 * <pre>{@code
 * SerialField f = SerialField.of(new Field("x", FieldType.nullable(new ArrowType.Int(64, true)), null));
 * Field back = f.get();
 * }</pre>
 */
public final class SerialField implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String json;
  private transient Field field;

  private SerialField(Field field) {
    this.field = field;
    this.json = new Schema(List.of(field)).toJson();
  }

  /** Wraps a field; {@code null} stays {@code null}. */
  public static SerialField of(Field field) {
    return field == null ? null : new SerialField(field);
  }

  /** The wrapped field. */
  public Field get() {
    return field;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    field = Schema.fromJSON(json).getFields().get(0);
  }
}
