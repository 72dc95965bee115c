package dev.partita;

import dev.partita.bag.BagLowering;
import dev.partita.bag.BagNode;
import dev.partita.bag.BagSource;
import dev.partita.bag.ElementOp;
import dev.partita.bag.GroupSpec;
import dev.partita.bag.Reduction;
import dev.partita.exec.ExecContext;
import dev.partita.graph.Graph;
import dev.partita.io.sink.OutputTarget;
import dev.partita.io.sink.WriteMode;
import dev.partita.io.text.TextSource;
import dev.partita.lower.Lowering;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lazy, partitioned collection of Java values, as dask.bag: lines of log files, records parsed from them,
 * anything a function returns. Each operation returns a new bag describing the work; nothing runs before
 * {@link #compute()}, {@link #take}, {@link #writeText} or an {@link Item}'s {@code compute()}. It runs as a
 * task graph like a {@link DataFrame}: one task per partition (a byte range of a plain file, a whole
 * compressed file, a slice of a list) that streams its elements through every {@code map}, {@code filter}
 * and {@code flatMap} after it, then collects, counts, groups or writes them; partial results are merged
 * by a tree of combines. Functions are {@code Serializable} (lambdas given here are), as they are task
 * arguments that may run on other machines; what they capture must be too.
 *
 * <pre>{@code
 * Bag<String> lines = Bag.readText("logs/*.log.gz");
 * long n404 = lines.filter(l -> l.contains("\" 404 ")).count().compute();
 * List<Map.Entry<String, Long>> top = lines.map(l -> l.split(" ")[6]).frequencies()
 *     .topK(3, Map.Entry.comparingByValue()).compute();
 * }</pre>
 *
 * <p>Memory: a partition is streamed, never held, except by {@code compute()} and {@code take}, which
 * return lists. {@code frequencies}, {@code distinct} and {@code foldBy} keep one hash map per task, spilled
 * past the task's share of the memory limit to the computation's temporary directory (split by key hash,
 * each bucket merged on its own later), so their keys and accumulators must then be {@code Serializable}
 * with a {@code hashCode} that is the same in every JVM (strings, numbers, records of those).
 */
public final class Bag<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A function of elements. */
  @FunctionalInterface
  public interface Fn<A, R> extends Function<A, R>, Serializable {}

  /** A test of elements. */
  @FunctionalInterface
  public interface Predicate<A> extends java.util.function.Predicate<A>, Serializable {}

  /** Folds an element into an accumulator, returning the new accumulator. */
  @FunctionalInterface
  public interface Fold<A, E> extends BiFunction<A, E, A>, Serializable {}

  /** Merges two accumulators into one. */
  @FunctionalInterface
  public interface Combine<A> extends BinaryOperator<A>, Serializable {}

  /** An order of elements. */
  @FunctionalInterface
  public interface Order<A> extends Comparator<A>, Serializable {}

  private final BagNode node;

  private Bag(BagNode node) {
    this.node = node;
  }

  /**
   * The lines of text files (a path, a directory, or a glob such as {@code logs/*.log.gz}), without their
   * line ends. Plain files are split into 64 MiB partitions on line starts; a compressed file ({@code .gz},
   * {@code .zst}, {@code .bz2}) is one partition, so parallelism comes from having many files.
   */
  public static Bag<String> readText(String path) {
    return readText(path, TextSource.DEFAULT_BLOCK_SIZE);
  }

  /** As {@link #readText(String)}, plain files split into partitions of {@code blockSize} bytes. */
  public static Bag<String> readText(String path, long blockSize) {
    try {
      return new Bag<>(new BagNode.Text(TextSource.of(path, blockSize)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The items of a list (copied), in about as many partitions as there are cores, in order. */
  public static <T> Bag<T> from(List<T> items) {
    return from(items, Math.min(Math.max(1, items.size()), 2 * Runtime.getRuntime().availableProcessors()));
  }

  /** The items of a list (copied) in {@code partitions} partitions of consecutive items, sizes differing by one at most. */
  public static <T> Bag<T> from(List<T> items, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("need at least one partition, got " + partitions);
    }
    List<List<Object>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(new ArrayList<>(items.subList((int) ((long) items.size() * p / partitions),
          (int) ((long) items.size() * (p + 1) / partitions))));
    }
    return new Bag<>(new BagNode.Values(parts));
  }

  /** Each element's image under {@code fn}. */
  @SuppressWarnings("unchecked")
  public <R> Bag<R> map(Fn<? super T, ? extends R> fn) {
    serializable(fn, "map");
    return new Bag<>(BagNode.then(node, new ElementOp.Map((Function<Object, Object>) (Function<?, ?>) fn)));
  }

  /** The elements for which {@code test} holds. */
  @SuppressWarnings("unchecked")
  public Bag<T> filter(Predicate<? super T> test) {
    serializable(test, "filter");
    return new Bag<>(BagNode.then(node,
        new ElementOp.Filter((java.util.function.Predicate<Object>) (java.util.function.Predicate<?>) test)));
  }

  /** The elements of each element's image under {@code fn}, in order. */
  @SuppressWarnings("unchecked")
  public <R> Bag<R> flatMap(Fn<? super T, ? extends Iterable<? extends R>> fn) {
    serializable(fn, "flatMap");
    return new Bag<>(BagNode.then(node,
        new ElementOp.FlatMap((Function<Object, Iterable<?>>) (Function<?, ?>) fn)));
  }

  /** Each distinct element once (by {@code equals}), in no particular order, in one partition. */
  public Bag<T> distinct() {
    return new Bag<>(new BagNode.Group(node, GroupSpec.distinct()));
  }

  /** Each distinct element with the number of times it occurs, in no particular order, in one partition. */
  public Bag<Map.Entry<T, Long>> frequencies() {
    return new Bag<>(new BagNode.Group(node, GroupSpec.frequencies()));
  }

  /**
   * dask's {@code foldby}: per distinct {@code key} of the elements, an accumulator that starts at {@code init},
   * takes each element of that key by {@code fold} within a partition, and merges with the accumulators of other
   * partitions by {@code combine}; one (key, accumulator) entry per key, in one partition. {@code init} is
   * shared: {@code fold} returns a new accumulator rather than changing it, as with {@code Stream.reduce}.
   *
   * <pre>{@code
   * Bag<Map.Entry<String, Long>> bytesByHost = lines.map(Log::parse)
   *     .foldBy(Log::host, 0L, (sum, log) -> sum + log.bytes(), Long::sum);
   * }</pre>
   */
  @SuppressWarnings("unchecked")
  public <K, A> Bag<Map.Entry<K, A>> foldBy(Fn<? super T, ? extends K> key, A init, Fold<A, ? super T> fold,
      Combine<A> combine) {
    serializable(key, "foldBy's key");
    serializable(init, "foldBy's init");
    serializable(fold, "foldBy's fold");
    serializable(combine, "foldBy's combine");
    return new Bag<>(new BagNode.Group(node, new GroupSpec((Function<Object, Object>) (Function<?, ?>) key, init,
        (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) fold,
        (BinaryOperator<Object>) (BinaryOperator<?>) combine, false)));
  }

  /**
   * The {@code n} largest elements by {@code order}, largest first, in one partition: {@code compute()} gives
   * them as a list. The order must be {@code Serializable}: {@code Map.Entry.comparingByValue()},
   * {@code Comparator.naturalOrder()} and a lambda given here are.
   */
  @SuppressWarnings("unchecked")
  public Bag<T> topK(int n, Comparator<? super T> order) {
    if (n < 0) {
      throw new IllegalArgumentException("topK needs n >= 0, got " + n);
    }
    if (!(order instanceof Serializable)) {
      throw new IllegalArgumentException("topK's order " + order.getClass().getName() + " is not Serializable;"
          + " pass a lambda or a method reference here, or Map.Entry.comparingByValue(), Comparator.naturalOrder()");
    }
    serializable(order, "topK's order");
    return new Bag<>(new BagNode.Top(node, n, (Comparator<Object>) (Comparator<?>) order));
  }

  /** As {@link #topK(int, Comparator)} for a lambda or method reference, which this makes serializable. */
  public Bag<T> topK(int n, Order<? super T> order) {
    return topK(n, (Comparator<? super T>) order);
  }

  /** The number of elements, lazily. */
  public Item<Long> count() {
    return new Item<>(node, new Reduction.Count(), Long.class);
  }

  /**
   * The elements as a table of {@code schema}: {@code mapper} turns each element into its row's values, in the
   * schema's order (int64: Long or Integer, float64: any Number, bool: Boolean, date in days: LocalDate,
   * timestamp: Instant, utf8: String; null for null). The frame is partitioned as this bag and usable with
   * everything a frame does; the mapper runs in its scan tasks.
   *
   * <pre>{@code
   * Schema s = new Schema(List.of(Field.nullable("host", ArrowType.Utf8.INSTANCE),
   *     Field.nullable("status", new ArrowType.Int(64, true))));
   * DataFrame df = lines.map(Log::parse).toDataFrame(s, r -> new Object[] {r.host(), r.status()});
   * }</pre>
   */
  @SuppressWarnings("unchecked")
  public DataFrame toDataFrame(Schema schema, Fn<? super T, Object[]> mapper) {
    serializable(mapper, "toDataFrame's mapper");
    return DataFrame.of(new BagSource(node, schema, (Function<Object, Object[]>) (Function<?, ?>) mapper));
  }

  /** The elements, in partition order. */
  public List<T> compute() {
    return compute(ComputeOptions.defaults());
  }

  /** As {@link #compute()}, with threads, memory limit, scheduler and listener of {@code options}. */
  @SuppressWarnings("unchecked")
  public List<T> compute(ComputeOptions options) {
    try (ExecContext ctx = Runner.open(options)) {
      Lowering.Lowered l = BagLowering.collect(node, ctx, Runner.lowerOptions(options), Long.MAX_VALUE);
      Map<String, Object> out = Runner.run(options, ctx, l.graph(), l.outputs());
      List<T> all = new ArrayList<>();
      for (String key : l.outputs()) {
        all.addAll((List<T>) out.get(key));
      }
      return all;
    }
  }

  /** The first {@code n} elements (fewer if the bag has fewer), reading only the first partitions it needs. */
  public List<T> take(int n) {
    return take(n, ComputeOptions.defaults());
  }

  /**
   * As {@link #take(int)}: partitions are read in waves of as many as there are threads, in order, until they
   * hold {@code n} elements; each task stops reading once it has {@code n}.
   */
  @SuppressWarnings("unchecked")
  public List<T> take(int n, ComputeOptions options) {
    List<T> out = new ArrayList<>();
    try (ExecContext ctx = Runner.open(options)) {
      Lowering.Lowered l = BagLowering.collect(node, ctx, Runner.lowerOptions(options), n);
      List<String> keys = l.outputs();
      for (int from = 0; from < keys.size() && out.size() < n; from += options.threads()) {
        List<String> wave = keys.subList(from, Math.min(keys.size(), from + options.threads()));
        Map<String, Object> got = Runner.run(options, ctx, l.graph(), wave);
        for (String key : wave) {
          for (Object x : (List<Object>) got.get(key)) {
            if (out.size() < n) {
              out.add((T) x);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Writes the elements as text under {@code dir}, one line per element ({@code String.valueOf}), one
   * {@code part-NNNNN.txt} per partition, committed together with a {@code _SUCCESS} marker; fails if
   * {@code dir} holds data. Returns the number of lines written.
   */
  public long writeText(String dir) {
    return writeText(dir, WriteMode.ERROR, ComputeOptions.defaults());
  }

  /** As {@link #writeText(String)} with a write mode (error, overwrite, append) and options. */
  public long writeText(String dir, WriteMode mode, ComputeOptions options) {
    OutputTarget target = OutputTarget.text(dir, mode);
    try {
      target.begin();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
    }
    try (ExecContext ctx = Runner.open(options)) {
      Lowering.Lowered l = BagLowering.write(node, target, ctx, Runner.lowerOptions(options));
      Map<String, Object> out = Runner.run(options, ctx, l.graph(), l.outputs());
      List<Long> lines = new ArrayList<>();
      for (String key : l.outputs()) {
        lines.add((Long) out.get(key));
      }
      return target.commit(lines);
    } catch (IOException | RuntimeException e) {
      try {
        target.abort();
      } catch (IOException | RuntimeException abort) {
        e.addSuppressed(abort);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The number of partitions: of the files or list read, or one after a group or top. */
  public int numPartitions() {
    return BagLowering.partitions(node);
  }

  /** The task graph {@link #compute()} runs (built for display: it cannot be run by a scheduler directly). */
  public Graph graph() {
    return BagLowering.collect(node, ExecContext.display(), Runner.lowerOptions(ComputeOptions.defaults()),
        Long.MAX_VALUE).graph();
  }

  /** What {@link #compute()} reads: one line per partition, its input and the element functions fused into it. */
  public String explain() {
    return BagLowering.collect(node, ExecContext.display(), Runner.lowerOptions(ComputeOptions.defaults()),
        Long.MAX_VALUE).explain();
  }

  @Override
  public String toString() {
    return "Bag[" + numPartitions() + (numPartitions() == 1 ? " partition]" : " partitions]");
  }

  /**
   * Fails at once, naming the operation and the class, when {@code f} cannot be serialized: a task carrying
   * it could not be hashed into its graph key nor sent to another machine, and the error would come later and
   * say less.
   */
  static void serializable(Object f, String what) {
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(f);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("the function or value given to " + what + " cannot be serialized: it"
          + " holds a " + e.getMessage() + ", which is not Serializable. Bag functions are task arguments that"
          + " may run on other machines: make what they capture Serializable, or create it inside the function", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the function given to " + what, e);
    }
  }
}
