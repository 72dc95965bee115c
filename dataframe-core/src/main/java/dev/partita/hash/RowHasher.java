package dev.partita.hash;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Hashes the key columns of each row of a batch with the group tables' hash functions, so that equal keys
 * hash alike whatever the batch, the side of a join, or the integer width (an int32 and an int64 holding
 * the same number hash the same; floats are canonicalised: every NaN alike, -0.0 as 0.0). A seed gives an
 * independent hash, for splitting a bucket again. Not thread-safe: one per task.
 *
 * <pre>{@code
 * RowHasher h = new RowHasher(keyFields);
 * h.hash(keyVectors, rows, seed, hashes);
 * int bucket = GroupTable.bucket(hashes[i], buckets);
 * }</pre>
 */
public final class RowHasher {

  private final KeyColumn[] columns;

  public RowHasher(List<Field> keyFields) {
    List<KeyColumn> cs = new ArrayList<>();
    for (Field f : keyFields) {
      cs.add(KeyColumn.of(f));
    }
    columns = cs.toArray(new KeyColumn[0]);
  }

  /** Writes the hash of rows {@code [0, rowCount)} of {@code keys} to {@code out}. */
  public void hash(List<FieldVector> keys, int rowCount, long seed, long[] out) {
    java.util.Arrays.fill(out, 0, rowCount, seed);
    for (int c = 0; c < columns.length; c++) {
      KeyColumn column = columns[c];
      column.load(keys.get(c), rowCount);
      for (int i = 0; i < rowCount; i++) {
        out[i] = Hashing.combine(out[i], column.hashRow(i));
      }
      column.release();
    }
    for (int i = 0; i < rowCount; i++) {
      out[i] = Hashing.fmix64(out[i]);
    }
  }
}
