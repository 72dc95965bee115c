package dev.partita.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.CodeDictionary;
import dev.partita.io.DictionaryVector;
import dev.partita.io.LongDictionary;
import dev.partita.io.Utf8Dictionary;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Group ids are dense, in first-seen order, equal exactly for equal keys (nulls included), across
 * batches and table growth, whether a string or integer batch comes as values or as dictionary codes; merging
 * maps every group of the other table onto the same key.
 */
class GroupTablePropertyTest {

  private static final Field LONG = new Field("l", FieldType.nullable(new ArrowType.Int(64, true)), null);
  private static final Field INT = new Field("i", FieldType.nullable(new ArrowType.Int(32, true)), null);
  private static final Field STR = new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
  private static final Field DEC = new Field("m", FieldType.nullable(new ArrowType.Decimal(12, 3, 128)), null);
  private static final List<List<Field>> LAYOUTS =
      List.of(List.of(LONG), List.of(INT), List.of(STR), List.of(DEC), List.of(LONG, STR), List.of(STR, INT, DEC),
          // Wide enough that beyond 256 distinct values per column the packed ids need more than 64 bits.
          List.of(STR, INT, DEC, LONG, STR, INT, DEC, LONG));

  private static Object randomValue(Field f, Random r, int distinct) {
    int x = r.nextInt(distinct) - distinct / 2;
    if (f == LONG) {
      return (long) x * 0x1_0000_0001L;
    }
    if (f == INT) {
      return x;
    }
    if (f == DEC) {
      return BigDecimal.valueOf(x, 3);
    }
    return "k" + "é".repeat(Math.abs(x) % 3) + x;
  }

  private static FieldVector vector(Field f, List<Object> values, BufferAllocator a) {
    FieldVector v = f.createVector(a);
    v.allocateNew();
    for (int i = 0; i < values.size(); i++) {
      Object x = values.get(i);
      if (x == null) {
        continue;
      }
      if (v instanceof BigIntVector) {
        ((BigIntVector) v).setSafe(i, (Long) x);
      } else if (v instanceof IntVector) {
        ((IntVector) v).setSafe(i, (Integer) x);
      } else if (v instanceof DecimalVector) {
        ((DecimalVector) v).setSafe(i, (BigDecimal) x);
      } else {
        ((VarCharVector) v).setSafe(i, ((String) x).getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(values.size());
    return v;
  }

  /**
   * The dictionary a string or integer column's coded batches share: kept while it holds the batch's values,
   * else (and now and then anyway) replaced by another, as the next Parquet row group's would be: in another
   * order, with or without the old entries, repeating an entry and holding one that no row uses.
   */
  private static final class Coder {
    private final List<Object> entries = new ArrayList<>();
    private final Map<Object, List<Integer>> codes = new HashMap<>();
    private CodeDictionary dictionary;

    DictionaryVector encode(Field f, List<Object> values, Random r, BufferAllocator a) {
      boolean replace = dictionary == null || r.nextInt(4) == 0;
      for (Object x : values) {
        replace |= x != null && !codes.containsKey(x);
      }
      if (replace) {
        if (r.nextBoolean()) {
          entries.clear();
        }
        for (Object x : values) {
          if (x != null && !entries.contains(x)) {
            entries.add(x);
          }
        }
        entries.add(entries.isEmpty() ? randomValue(f, r, 1) : entries.get(r.nextInt(entries.size())));
        entries.add(randomValue(f, r, 1 << 20));
        Collections.shuffle(entries, r);
        codes.clear();
        for (int e = 0; e < entries.size(); e++) {
          codes.computeIfAbsent(entries.get(e), k -> new ArrayList<>()).add(e);
        }
        dictionary = f == STR ? strings(entries) : longs(entries);
      }
      DictionaryVector v = new DictionaryVector(f.getName(), true, f.getType(), 0, dictionary, a);
      v.allocateNew(values.size());
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) != null) {
          List<Integer> options = codes.get(values.get(i));
          v.getDataBuffer().setInt(4L * i, options.get(r.nextInt(options.size())));
          v.setIndexDefined(i);
        }
      }
      v.setValueCount(values.size());
      return v;
    }

    private static Utf8Dictionary strings(List<Object> entries) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int[] offsets = new int[entries.size() + 1];
      for (int e = 0; e < entries.size(); e++) {
        bytes.writeBytes(((String) entries.get(e)).getBytes(StandardCharsets.UTF_8));
        offsets[e + 1] = bytes.size();
      }
      return new Utf8Dictionary(bytes.toByteArray(), offsets);
    }

    private static LongDictionary longs(List<Object> entries) {
      long[] values = new long[entries.size()];
      for (int e = 0; e < values.length; e++) {
        values[e] = ((Number) entries.get(e)).longValue();
      }
      return new LongDictionary(values);
    }
  }

  /**
   * Feeds rows of random keys in batches, a string or integer column's batch as dictionary codes half of the
   * time;
   * returns the keys of each group id, checked against a LinkedHashMap twin.
   */
  private static GroupTable feed(List<Field> layout, Random r, int rows, int distinct, Map<List<Object>, Integer> twin,
      BufferAllocator a) {
    return feed(GroupTable.create(layout), layout, r, rows, distinct, twin, a);
  }

  /** As {@link #feed(List, Random, int, int, Map, BufferAllocator)}, into a table that may hold groups already. */
  private static GroupTable feed(GroupTable t, List<Field> layout, Random r, int rows, int distinct,
      Map<List<Object>, Integer> twin, BufferAllocator a) {
    Coder[] coders = new Coder[layout.size()];
    Arrays.setAll(coders, c -> new Coder());
    int done = 0;
    while (done < rows) {
      int n = Math.min(rows - done, 1 + r.nextInt(500));
      List<List<Object>> columns = new ArrayList<>();
      for (Field f : layout) {
        List<Object> col = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          col.add(r.nextInt(20) == 0 ? null : randomValue(f, r, distinct));
        }
        columns.add(col);
      }
      List<FieldVector> vectors = new ArrayList<>();
      try {
        for (int c = 0; c < layout.size(); c++) {
          Field f = layout.get(c);
          vectors.add(f != DEC && r.nextBoolean() ? coders[c].encode(f, columns.get(c), r, a)
              : vector(f, columns.get(c), a));
        }
        int[] ids = new int[n];
        t.groupIds(vectors, n, ids);
        for (int i = 0; i < n; i++) {
          List<Object> key = new ArrayList<>();
          for (List<Object> col : columns) {
            key.add(col.get(i));
          }
          assertEquals(twin.computeIfAbsent(key, k -> twin.size()), ids[i]);
        }
      } finally {
        vectors.forEach(FieldVector::close);
      }
      done += n;
    }
    assertEquals(twin.size(), t.groupCount());
    return t;
  }

  private static List<List<Object>> keys(GroupTable t, BufferAllocator a) {
    List<FieldVector> vectors = t.keysToArrow(a);
    try {
      List<List<Object>> rows = new ArrayList<>();
      for (int g = 0; g < t.groupCount(); g++) {
        List<Object> key = new ArrayList<>();
        for (FieldVector v : vectors) {
          Object o = v.getObject(g);
          key.add(o instanceof org.apache.arrow.vector.util.Text ? o.toString() : o);
        }
        rows.add(key);
      }
      return rows;
    } finally {
      vectors.forEach(FieldVector::close);
    }
  }

  /**
   * A group's bucket depends on its keys alone: tables built apart (the second from the same rows, then from
   * rows of many more distinct values, so that for the widest layout it gives up packed keys; keys as values or as
   * codes) put equal keys in the same bucket for every seed, as the shuffle of partial states needs; and the keys
   * come out in any order asked for.
   */
  @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
  void equalKeysFallInTheSameBucketInEveryTable(@ForAll long seed, @ForAll @IntRange(max = 6) int layoutIndex) {
    Random r = new Random(seed);
    List<Field> layout = LAYOUTS.get(layoutIndex);
    try (BufferAllocator a = new RootAllocator()) {
      Map<List<Object>, Integer> twinA = new LinkedHashMap<>();
      Map<List<Object>, Integer> twinB = new LinkedHashMap<>();
      long rowsSeed = r.nextLong();
      int rows = 1 + r.nextInt(3000);
      int distinct = 1 + r.nextInt(8);
      GroupTable ta = feed(layout, new Random(rowsSeed), rows, distinct, twinA, a);
      GroupTable tb = feed(layout, new Random(rowsSeed), rows, distinct, twinB, a);
      feed(tb, layout, r, 1 + r.nextInt(3000), 1 + r.nextInt(3000), twinB, a);
      long s = r.nextLong();
      int buckets = 1 << r.nextInt(7);
      Map<List<Object>, Integer> bucketOfA = new HashMap<>();
      List<List<Object>> keysA = new ArrayList<>(twinA.keySet());
      long[] hashesA = ta.groupHashes();
      long[] hashesB = tb.groupHashes();
      for (int g = 0; g < keysA.size(); g++) {
        int b = GroupTable.bucket(hashesA[g], buckets, s);
        assertTrue(b >= 0 && b < buckets, () -> "bucket " + b);
        bucketOfA.put(keysA.get(g), b);
      }
      List<List<Object>> keysB = new ArrayList<>(twinB.keySet());
      int shared = 0;
      for (int g = 0; g < keysB.size(); g++) {
        Integer b = bucketOfA.get(keysB.get(g));
        if (b != null) {
          shared++;
          assertEquals(b, GroupTable.bucket(hashesB[g], buckets, s), "bucket of " + keysB.get(g));
        }
      }
      assertEquals(keysA.size(), shared, "every key of the first table is in the second");
      int[] order = new int[keysB.size()];
      Arrays.setAll(order, i -> i);
      for (int i = order.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      List<FieldVector> ordered = tb.keysToArrow(order, a);
      try {
        for (int i = 0; i < order.length; i++) {
          List<Object> key = new ArrayList<>();
          for (FieldVector v : ordered) {
            Object o = v.getObject(i);
            key.add(o instanceof org.apache.arrow.vector.util.Text ? o.toString() : o);
          }
          assertEquals(keysB.get(order[i]), key);
        }
      } finally {
        ordered.forEach(FieldVector::close);
      }
    }
  }

  /**
   * A few groups of several columns, whose packed keys are looked up by index rather than hashed, keep their
   * ids while the columns' values grow batch by batch and when another table's groups are merged in between.
   */
  @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
  void fewGroupsKeepTheirIdsAsTheKeysWiden(@ForAll long seed, @ForAll @IntRange(min = 4, max = 5) int layoutIndex,
      @ForAll @IntRange(min = 1, max = 40) int distinct) {
    Random r = new Random(seed);
    List<Field> layout = LAYOUTS.get(layoutIndex);
    try (BufferAllocator a = new RootAllocator()) {
      Map<List<Object>, Integer> twin = new LinkedHashMap<>();
      GroupTable t = feed(layout, r, r.nextInt(2000), Math.max(1, distinct / 4), twin, a);
      Map<List<Object>, Integer> other = new LinkedHashMap<>();
      GroupTable o = feed(layout, r, r.nextInt(2000), distinct, other, a);
      t.mergeFrom(o);
      other.keySet().forEach(k -> twin.putIfAbsent(k, twin.size()));
      feed(t, layout, r, r.nextInt(2000), 2 * distinct, twin, a);
      assertEquals(new ArrayList<>(twin.keySet()), keys(t, a));
    }
  }

  @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
  void idsFollowFirstSeenOrderAndMergeMapsKeys(@ForAll long seed, @ForAll @IntRange(max = 6) int layoutIndex,
      @ForAll @IntRange(min = 1, max = 3000) int distinct) {
    Random r = new Random(seed);
    List<Field> layout = LAYOUTS.get(layoutIndex);
    try (BufferAllocator a = new RootAllocator()) {
      Map<List<Object>, Integer> twinA = new LinkedHashMap<>();
      Map<List<Object>, Integer> twinB = new LinkedHashMap<>();
      GroupTable ta = feed(layout, r, r.nextInt(4000), distinct, twinA, a);
      GroupTable tb = feed(layout, r, r.nextInt(4000), distinct, twinB, a);
      assertEquals(new ArrayList<>(twinA.keySet()), keys(ta, a));

      GroupTable merged = ta.emptyCopy();
      int[] mapA = merged.mergeFrom(ta);
      int[] mapB = merged.mergeFrom(tb);
      Map<List<Object>, Integer> twin = new LinkedHashMap<>(twinA);
      twinB.keySet().forEach(k -> twin.putIfAbsent(k, twin.size()));
      List<List<Object>> mergedKeys = keys(merged, a);
      assertEquals(new ArrayList<>(twin.keySet()), mergedKeys);
      int[] identity = new int[twinA.size()];
      Arrays.setAll(identity, i -> i);
      assertEquals(Arrays.toString(identity), Arrays.toString(mapA));
      List<List<Object>> keysB = new ArrayList<>(twinB.keySet());
      for (int g = 0; g < mapB.length; g++) {
        assertEquals(keysB.get(g), mergedKeys.get(mapB[g]));
        assertEquals(tb.groupHash(g), merged.groupHash(mapB[g]));
      }
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  private static Long shapedKey(int shape, Random r, long start, int i) {
    if (r.nextInt(20) == 0) {
      return null;
    }
    long[] extremes = {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, 0, -1, 1};
    return switch (shape) {
      case 0 -> start + r.nextInt(100);
      case 1 -> start + 3L * i + r.nextInt(3);
      case 2 -> start - 2L * i;
      case 3 -> r.nextInt(100) == 0 ? r.nextLong() : start + r.nextInt(1000);
      case 4 -> start + 17L * i;
      default -> r.nextBoolean() ? extremes[r.nextInt(extremes.length)] : start + r.nextInt(5000);
    };
  }

  private static BigIntVector longs(List<Long> values, BufferAllocator a) {
    BigIntVector v = new BigIntVector(LONG, a);
    v.allocateNew(values.size());
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        v.set(i, values.get(i));
      }
    }
    v.setValueCount(values.size());
    return v;
  }

  /**
   * One long key whose values are dense, ascending, descending, dense with far outliers, ascending with
   * gaps, or at the ends of the longs: the ranges that grow, move, drop and wrap a one-long-key table's
   * direct array. Groups, lookups (a key never added finds nothing) and a merge agree with a twin.
   */
  @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
  void aLongKeyGroupsAlikeWhateverTheRangeOfItsValues(@ForAll long seed, @ForAll @IntRange(max = 5) int shape) {
    Random r = new Random(seed);
    long start = r.nextBoolean() ? r.nextInt(2000) - 1000 : r.nextInt(1 << 20) * 1_000_000L;
    int rows = 1 + r.nextInt(30_000);
    Map<Long, Integer> twin = new LinkedHashMap<>();
    GroupTable t = GroupTable.create(List.of(LONG));
    try (BufferAllocator a = new RootAllocator()) {
      for (int done = 0; done < rows; ) {
        int n = Math.min(rows - done, 1 + r.nextInt(3000));
        List<Long> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          batch.add(shapedKey(shape, r, start, done + i));
        }
        int[] ids = new int[n];
        try (BigIntVector v = longs(batch, a)) {
          t.groupIds(List.of(v), n, ids);
        }
        for (int i = 0; i < n; i++) {
          assertEquals(twin.computeIfAbsent(batch.get(i), k -> twin.size()), ids[i], "row " + (done + i));
        }
        done += n;
      }
      List<Long> probes = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        probes.add(r.nextBoolean() ? shapedKey(shape, r, start, r.nextInt(rows)) : (Long) (start + r.nextInt(200_000) - 100_000));
      }
      List<Long> seen = twin.keySet().stream().filter(k -> k != null).sorted().toList();
      if (!seen.isEmpty()) {
        probes.add(seen.get(0) - 1);
        probes.add(seen.get(seen.size() - 1) + 1);
        for (int i = 0; i < 500; i++) {
          probes.add(seen.get(r.nextInt(seen.size())) + (r.nextBoolean() ? 1 : -1));
        }
      }
      int[] found = new int[probes.size()];
      try (BigIntVector v = longs(probes, a)) {
        t.prober().find(List.of(v), probes.size(), found);
      }
      for (int i = 0; i < probes.size(); i++) {
        Long k = probes.get(i);
        assertEquals(k == null ? -1 : twin.getOrDefault(k, -1), found[i], "probe " + k);
      }
      int[] identity = new int[twin.size()];
      Arrays.setAll(identity, i -> i);
      assertEquals(Arrays.toString(identity), Arrays.toString(t.emptyCopy().mergeFrom(t)));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  /**
   * Keys 1..10^6 at random, then just outside: the array that covers them is the widest one, and it stays
   * an array (a quarter of the bytes of slots for that many groups) instead of going back to hashing.
   */
  @Property(tries = 3, edgeCases = EdgeCasesMode.NONE)
  void aMillionWideRangeStaysAnArray(@ForAll long seed) {
    Random r = new Random(seed);
    Map<Long, Integer> twin = new LinkedHashMap<>();
    GroupTable t = GroupTable.create(List.of(LONG));
    try (BufferAllocator a = new RootAllocator()) {
      for (int b = 0; b < 100; b++) {
        List<Long> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
          batch.add(b == 99 && i < 4 ? new long[] {0, 1_000_001, -20_000, 1_020_000}[i] : 1 + r.nextInt(1_000_000));
        }
        int[] ids = new int[batch.size()];
        try (BigIntVector v = longs(batch, a)) {
          t.groupIds(List.of(v), batch.size(), ids);
        }
        for (int i = 0; i < ids.length; i++) {
          assertEquals(twin.computeIfAbsent(batch.get(i), k -> twin.size()), ids[i]);
        }
      }
      assertEquals(twin.size(), t.groupCount());
      long keyBytes = 64L + 8L * Integer.highestOneBit(2 * twin.size()) * 2 + 2 * twin.size();
      assertTrue(t.sizeBytes() < 4L * LongGroupTable.DIRECT_MAX + keyBytes + 1024,
          t.sizeBytes() + " bytes: the table went back to hashing");
    }
  }

  @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
  void longHashSetMatchesAJavaSet(@ForAll long seed, @ForAll @IntRange(max = 5000) int n) {
    Random r = new Random(seed);
    LongHashSet set = new LongHashSet();
    java.util.Set<Long> twin = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      long k = r.nextInt(3) == 0 ? r.nextInt(50) : r.nextLong();
      assertEquals(twin.add(k), set.add(k));
    }
    assertEquals(twin.size(), set.size());
    long[] keys = set.toArray();
    Arrays.sort(keys);
    assertEquals(twin.stream().sorted().toList(), Arrays.stream(keys).boxed().toList());
  }
}
