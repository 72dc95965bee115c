package dev.partita.hash;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Maps the key columns of each row of a batch to a dense int group id (0, 1, 2, ... in first-seen
 * order); a null key is a group of its own. With no key columns there is exactly one group, 0.
 *
 * <pre>{@code
 * GroupTable t = GroupTable.create(List.of(keyField));
 * t.groupIds(List.of(keyVector), n, ids);   // ids[i] = group of row i
 * }</pre>
 */
public interface GroupTable extends Serializable {

  /** An empty table for these key columns: specialised for one long-encodable or one string key, or several keys. */
  static GroupTable create(List<Field> keyFields) {
    if (keyFields.isEmpty()) {
      return new NoKeyTable();
    }
    List<KeyColumn> columns = new ArrayList<>();
    for (Field f : keyFields) {
      columns.add(KeyColumn.of(f));
    }
    if (columns.size() == 1 && columns.get(0) instanceof LongKeys) {
      return new LongGroupTable((LongKeys) columns.get(0));
    }
    if (columns.size() == 1 && keyFields.get(0).getType().getTypeID() == ArrowType.ArrowTypeID.Utf8) {
      return new BytesGroupTable((BytesKeys) columns.get(0));
    }
    return new PackedGroupTable(columns.toArray(new KeyColumn[0]));
  }

  /**
   * Finds rows' groups without adding any: what a hash join's probe side asks of its build side's table.
   * One per thread; the table must not grow while it is used.
   */
  interface Prober {
    /**
     * Writes to {@code ids} the group of rows {@code [0, rowCount)}, or -1 when the table has no group with
     * those keys or one of them is null (in a join, null matches nothing).
     */
    void find(List<FieldVector> keys, int rowCount, int[] ids);
  }

  /** A read-only lookup into this table for one thread (see {@link Prober}). */
  Prober prober();

  /** Makes room for {@code groups} groups in all, so that growing to that many does not rehash. */
  default void reserve(int groups) {}

  /** Number of groups seen so far. */
  int groupCount();

  /** Writes the group id of rows {@code [0, rowCount)} to {@code ids}, adding unseen keys as new groups. */
  void groupIds(List<FieldVector> keys, int rowCount, int[] ids);

  /**
   * Adds the groups of {@code other} (a table for the same key columns) in its group order and
   * returns, for each group of {@code other}, its id in this table. {@code other} is not changed.
   */
  default int[] mergeFrom(GroupTable other) {
    return mergeFrom(other, 0, 1);
  }

  /**
   * As {@link #mergeFrom(GroupTable)}, for the groups of {@code other} in hash bucket {@code bucket} of
   * {@code buckets} only; the others map to -1 (accumulators skip them).
   */
  int[] mergeFrom(GroupTable other, int bucket, int buckets);

  /** Which groups of {@code table} fall in bucket {@code bucket} of {@code buckets}; null (all) for one bucket. */
  static boolean[] inBucket(GroupTable table, int bucket, int buckets) {
    if (buckets == 1) {
      return null;
    }
    boolean[] keep = new boolean[table.groupCount()];
    for (int g = 0; g < keep.length; g++) {
      keep[g] = bucket(table.groupHash(g), buckets) == bucket;
    }
    return keep;
  }

  /** A hash of group g's keys that equal keys share in every table for the same key columns. */
  long groupHash(int g);

  /**
   * The bucket of {@code buckets} a group hash falls in, by its high bits (the slots use the low ones),
   * as ranges: with {@code buckets} dividing {@code finer}, bucket b of {@code finer} lies in bucket
   * {@code b * buckets / finer}.
   */
  static int bucket(long hash, int buckets) {
    return (int) (((hash >>> 32) * buckets) >>> 32);
  }

  /**
   * The bucket among {@code buckets} of a group whose {@link #groupHash} is {@code hash}, mixed with {@code seed}:
   * equal keys share it in every table of the same key columns, and another seed splits one bucket of a first
   * split.
   */
  static int bucket(long hash, int buckets, long seed) {
    return bucket(Hashing.fmix64(hash ^ seed), buckets);
  }

  /** {@link #groupHash} of every group, in group order. */
  default long[] groupHashes() {
    long[] out = new long[groupCount()];
    for (int g = 0; g < out.length; g++) {
      out[g] = groupHash(g);
    }
    return out;
  }

  /** A new empty table for the same key columns. */
  GroupTable emptyCopy();

  /** The number of key columns. */
  int keyCount();

  /** The keys as Arrow vectors (one per key column, row g = group g), owned by the caller. */
  List<FieldVector> keysToArrow(BufferAllocator allocator);

  /** The keys of groups {@code groups} in that order (row i = group {@code groups[i]}), owned by the caller. */
  List<FieldVector> keysToArrow(int[] groups, BufferAllocator allocator);

  /** Approximate heap footprint in bytes. */
  long sizeBytes();

  /**
   * Lets go of the arrays a batch's lookup works in (its keys' bytes or values, their per-column ids), once no
   * more rows will be added: a state held until its combine keeps only its groups.
   */
  default void dropScratch() {}
}
