package dev.partita.bag;

import dev.partita.exec.ExecContext;
import dev.partita.exec.ShuffleOutput;
import dev.partita.exec.Tasks;
import dev.partita.graph.F2;
import dev.partita.graph.FN;
import dev.partita.io.BatchBuffers;
import dev.partita.io.sink.OutputTarget;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.text.TextSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The functions of a bag's graph tasks. Each reads one partition ({@link Part}) in one pass, its element
 * functions included, or merges what such tasks produced; they take the computation's context, a spec (a
 * small serializable record, a {@link Tasks.Spec} as the dataframe tasks' are, passed with
 * {@link Tasks#args}) and the values of the keys the spec names. They are constants, so that equal tasks
 * hold the same function object.
 */
final class BagTasks {

  /** A partition's elements, at most a limit: {@code (ctx, Collect, deps...) -> List}. */
  static final FN<List<Object>> COLLECT = args -> run(args, BagTasks::collect);
  /** A partition reduced to an accumulator: {@code (ctx, Fold, deps...) -> accumulator}. */
  static final FN<Object> FOLD = args -> run(args, BagTasks::fold);
  /** Accumulators merged in order: {@code (Reduction, accumulators...) -> accumulator}. */
  static final FN<Object> MERGE = BagTasks::merge;
  /** The value of the last accumulator: {@code (Reduction, accumulator) -> value}. */
  static final F2<Reduction<Object>, Object, Object> FINISH = Reduction::finish;
  /** A partition's groups: {@code (ctx, Group, deps...) -> GroupPartial}. */
  static final FN<GroupPartial> GROUP = args -> run(args, BagTasks::group);
  /** Partials of a group merged: {@code (ctx, GroupCombine, partials...) -> GroupPartial}. */
  static final FN<GroupPartial> GROUP_COMBINE = args -> run(args, BagTasks::groupCombine);
  /** A partition written as one text part: {@code (ctx, Write, deps...) -> lines}. */
  static final FN<Long> WRITE = args -> run(args, BagTasks::write);

  /** The schema of a text part: one string column. */
  static final Schema LINES = new Schema(List.of(
      new Field(TextSource.COLUMN, FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
  /** Lines per batch handed to a text part writer, and the text bytes that end a batch sooner. */
  private static final int WRITE_ROWS = 1 << 16;
  private static final int WRITE_BYTES = 8 << 20;

  private BagTasks() {}

  @FunctionalInterface
  private interface Body<S, R> {
    R apply(TaskEnv env, S spec) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <S extends Tasks.Spec, R> R run(List<Object> args, Body<S, R> body) throws Exception {
    ExecContext ctx = (ExecContext) args.get(0);
    S spec = (S) args.get(1);
    List<String> keys = spec.deps();
    Map<String, Object> deps = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      deps.put(keys.get(i), args.get(2 + i));
    }
    try (BufferAllocator allocator = ctx.taskAllocator("bag-" + spec.getClass().getSimpleName())) {
      return body.apply(new TaskEnv(ctx, allocator, deps), spec);
    }
  }

  /** Partition {@code part}'s first {@code limit} elements. */
  record Collect(Part part, long limit) implements Tasks.Spec {
    @Override
    public List<String> deps() {
      return part.deps();
    }
  }

  private static List<Object> collect(TaskEnv env, Collect spec) throws IOException {
    List<Object> out = new ArrayList<>();
    try (Elements in = spec.part().open(env)) {
      for (Object x; out.size() < spec.limit() && (x = in.next()) != Elements.END; ) {
        out.add(x);
      }
    }
    return out;
  }

  /** Partition {@code part} reduced by {@code reduction}. */
  record Fold(Part part, Reduction<?> reduction) implements Tasks.Spec {
    @Override
    public List<String> deps() {
      return part.deps();
    }
  }

  @SuppressWarnings("unchecked")
  private static Object fold(TaskEnv env, Fold spec) throws IOException {
    Reduction<Object> r = (Reduction<Object>) spec.reduction();
    Object acc = r.start();
    try (Elements in = spec.part().open(env)) {
      for (Object x; (x = in.next()) != Elements.END; ) {
        acc = r.add(acc, x);
      }
    }
    return acc;
  }

  @SuppressWarnings("unchecked")
  private static Object merge(List<Object> args) {
    Reduction<Object> r = (Reduction<Object>) args.get(0);
    Object acc = r.start();
    for (Object partial : args.subList(1, args.size())) {
      acc = r.merge(acc, partial);
    }
    return acc;
  }

  /**
   * Partition {@code part} folded by key; {@code last} when it is the group's only partial, {@code share} the
   * fraction of the budget a partial may keep in memory for its combine.
   */
  record Group(Part part, GroupSpec spec, boolean last, int share) implements Tasks.Spec {
    @Override
    public List<String> deps() {
      return part.deps();
    }
  }

  private static GroupPartial group(TaskEnv env, Group spec) throws IOException {
    GroupSpec g = spec.spec();
    try (GroupState state = new GroupState(env.ctx(), g, GroupState.seed(0), env.ctx().stateBudget(), true);
        Elements in = spec.part().open(env)) {
      for (Object x; (x = in.next()) != Elements.END; ) {
        state.fold(g.key().apply(x), x);
      }
      return state.finish(List.of(), spec.last(), spec.share());
    }
  }

  /** The partials under {@code inputs} merged, in order. */
  record GroupCombine(List<String> inputs, GroupSpec spec, boolean last, int share) implements Tasks.Spec {
    GroupCombine {
      inputs = List.copyOf(inputs);
    }

    @Override
    public List<String> deps() {
      return inputs;
    }
  }

  private static GroupPartial groupCombine(TaskEnv env, GroupCombine spec) throws IOException {
    try (GroupState state = new GroupState(env.ctx(), spec.spec(), GroupState.seed(0), env.ctx().stateBudget(),
        true)) {
      for (String key : spec.inputs()) {
        for (Map.Entry<Object, GroupState.Acc> e : ((GroupPartial) env.dep(key)).map().entrySet()) {
          state.merge(e.getKey(), e.getValue().value);
        }
      }
      List<ShuffleOutput> inherited = new ArrayList<>();
      for (String key : spec.inputs()) {
        inherited.addAll(((GroupPartial) env.dep(key)).takeRuns());
      }
      try {
        return state.finish(inherited, spec.last(), spec.share());
      } catch (IOException | RuntimeException e) {
        new GroupPartial(Map.of(), inherited).close();
        throw e;
      }
    }
  }

  /** Partition {@code part} written as part {@code index} of {@code target}, one line per element. */
  record Write(Part part, OutputTarget target, int index) implements Tasks.Spec {
    @Override
    public List<String> deps() {
      return part.deps();
    }
  }

  private static long write(TaskEnv env, Write spec) throws IOException {
    long lines = 0;
    BatchBuffers buffers = new BatchBuffers(LINES, env.allocator(), WRITE_ROWS);
    try (PartWriter w = spec.target().part(spec.index(), LINES); Elements in = spec.part().open(env)) {
      int row = 0;
      for (Object x; (x = in.next()) != Elements.END; ) {
        byte[] b = String.valueOf(x).getBytes(StandardCharsets.UTF_8);
        buffers.setUtf8(0, row++, b, 0, b.length);
        if (row == WRITE_ROWS || buffers.stringBytes(0, row) > WRITE_BYTES) {
          writeBatch(w, buffers, row);
          lines += row;
          row = 0;
        }
      }
      if (row > 0) {
        writeBatch(w, buffers, row);
        lines += row;
      }
      w.commit();
    }
    return lines;
  }

  private static void writeBatch(PartWriter w, BatchBuffers buffers, int rows) throws IOException {
    try (VectorSchemaRoot batch = buffers.finish(rows)) {
      w.write(batch);
    }
  }
}
