package dev.partita.bag;

import dev.partita.exec.ExecContext;
import dev.partita.exec.Memory;
import dev.partita.graph.Schedulers;
import dev.partita.graph.Tokenizable;
import dev.partita.io.BatchBuffers;
import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import dev.partita.io.Source;
import dev.partita.io.fs.DataFile;
import dev.partita.lower.LowerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A bag seen as a table ({@code Bag.toDataFrame}): each element becomes one row through a mapper returning
 * the row's values in schema order, copied into Arrow batches. A bag of files or a list is partitioned as
 * the bag (its element functions run in the frame's scan tasks); a bag after a group or a top is one
 * partition, whose reader runs the bag's graph on a scheduler of its own (all cores, default memory limit,
 * temporary files in java.io.tmpdir) and then streams the results, one spilled bucket at a time.
 *
 * <p>Column types and the values they take: int64 (Long, Integer, Short, Byte), float64 (any Number), bool
 * (Boolean), date in days (LocalDate), timestamp (Instant, or LocalDateTime taken as UTC), utf8 (String);
 * null for a null. Another value is a {@link DataException} naming the partition, the element and the column.
 */
public final class BagSource implements Source, Tokenizable {

  private static final long serialVersionUID = 1L;
  /** Text bytes that end a batch before its row count, as the text reader does. */
  private static final long MAX_BATCH_BYTES = 64L << 20;

  private final BagNode node;
  private final Schema schema;
  private final Function<Object, Object[]> mapper;
  private final List<Partition> partitions;

  /** One partition of a bag: a partition of its files or list, or ({@code part} null) the whole bag computed. */
  record BagPartition(int index, Part part, DataFile file) implements Partition {
    @Override
    public String describe() {
      return part == null ? "the computed bag" : "bag partition " + index + " (" + part.describe() + ")";
    }
  }

  /**
   * @throws IllegalArgumentException for a column type rows cannot be written to
   */
  public BagSource(BagNode node, Schema schema, Function<Object, Object[]> mapper) {
    for (Field f : schema.getFields()) {
      if (kind(f.getType()) == null) {
        throw new IllegalArgumentException("column '" + f.getName() + "' has type " + f.getType()
            + ", which a bag's rows cannot fill; use int64, float64, bool, date (days), timestamp or utf8");
      }
    }
    this.node = node;
    this.schema = schema;
    this.mapper = mapper;
    List<Part> parts = BagLowering.leafParts(node);
    List<Partition> ps = new ArrayList<>();
    if (parts == null) {
      ps.add(new BagPartition(0, null, null));
    } else {
      for (int i = 0; i < parts.size(); i++) {
        Part p = parts.get(i);
        ps.add(new BagPartition(i, p, p.input() instanceof Input.Lines l ? l.partition().file() : null));
      }
    }
    this.partitions = List.copyOf(ps);
  }

  private enum Kind { LONG, DOUBLE, BOOL, DATE, TIMESTAMP, STRING }

  private static Kind kind(ArrowType t) {
    if (t instanceof ArrowType.Int i && i.getBitWidth() == 64 && i.getIsSigned()) {
      return Kind.LONG;
    }
    if (t instanceof ArrowType.FloatingPoint fp && fp.getPrecision() == FloatingPointPrecision.DOUBLE) {
      return Kind.DOUBLE;
    }
    if (t instanceof ArrowType.Bool) {
      return Kind.BOOL;
    }
    if (t instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
      return Kind.DATE;
    }
    if (t instanceof ArrowType.Timestamp) {
      return Kind.TIMESTAMP;
    }
    return t instanceof ArrowType.Utf8 ? Kind.STRING : null;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<Partition> partitions() {
    return partitions;
  }

  @Override
  public BatchReader open(Partition partition, ReadSpec spec, BufferAllocator allocator) throws IOException {
    if (!(partition instanceof BagPartition p) || !partitions.contains(p)) {
      throw new IllegalArgumentException("not a partition of " + describe() + ": " + partition);
    }
    int[] columns = new int[spec.columns().size()];
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      columns[i] = schema.getFields().indexOf(schema.findField(spec.columns().get(i)));
      fields.add(schema.getFields().get(columns[i]));
    }
    if (p.part() != null) {
      Elements in = p.part().open(new TaskEnv(null, allocator, Map.of()));
      return new Reader(p, new Schema(fields), columns, in, null, spec.batchRows(), allocator);
    }
    return computed(p, new Schema(fields), columns, spec.batchRows(), allocator);
  }

  /** The reader of a bag after a group or top: its graph run first, then its one partition streamed. */
  private BatchReader computed(BagPartition p, Schema projected, int[] columns, int batchRows,
      BufferAllocator allocator) throws IOException {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecContext ctx = ExecContext.open(Memory.defaultLimit(), null, threads);
    Map<String, Object> values = Map.of();
    try {
      BagLowering.Single single = BagLowering.single(node, ctx, new LowerOptions(8, 0, threads));
      values = Schedulers.local(threads).get(single.graph(), single.part().deps());
      Elements in = single.part().open(new TaskEnv(ctx, allocator, values));
      Map<String, Object> held = values;
      return new Reader(p, projected, columns, in, () -> release(held, ctx), batchRows, allocator);
    } catch (IOException | RuntimeException e) {
      release(values, ctx);
      throw e;
    }
  }

  private static void release(Map<String, Object> values, ExecContext ctx) {
    try {
      for (Object v : values.values()) {
        if (v instanceof AutoCloseable c) {
          c.close();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot release the results of a computed bag", e);
    } finally {
      ctx.close();
    }
  }

  /** Rows made by the mapper from the elements, a batch at a time. */
  private final class Reader implements BatchReader {
    private final BagPartition partition;
    private final Schema projected;
    private final int[] columns;
    private final Kind[] kinds;
    private final Elements in;
    private final Runnable onClose;
    private final int batchRows;
    private final BatchBuffers buffers;
    private long element;

    Reader(BagPartition partition, Schema projected, int[] columns, Elements in, Runnable onClose, int batchRows,
        BufferAllocator allocator) {
      this.partition = partition;
      this.projected = projected;
      this.columns = columns;
      this.in = in;
      this.onClose = onClose;
      this.batchRows = batchRows;
      this.buffers = new BatchBuffers(projected, allocator, batchRows);
      this.kinds = new Kind[columns.length];
      for (int i = 0; i < columns.length; i++) {
        kinds[i] = kind(projected.getFields().get(i).getType());
      }
    }

    @Override
    public Schema schema() {
      return projected;
    }

    @Override
    public VectorSchemaRoot next() throws IOException {
      int row = 0;
      long text = 0;
      for (Object x; row < batchRows && text <= MAX_BATCH_BYTES && (x = in.next()) != Elements.END; row++) {
        element++;
        if (columns.length == 0) {
          continue;
        }
        Object[] values = mapper.apply(x);
        if (values == null || values.length != schema.getFields().size()) {
          throw bad(null, values == null ? null : Arrays.toString(values), "the mapper returned "
              + (values == null ? "null" : values.length + " values") + " for " + schema.getFields().size()
              + " columns", "return one value per column of the schema, in its order");
        }
        for (int i = 0; i < columns.length; i++) {
          text += set(i, row, values[columns[i]]);
        }
      }
      return row == 0 ? null : buffers.finish(row);
    }

    /** Writes one value; returns the text bytes it added. */
    private long set(int i, int row, Object v) {
      if (v == null) {
        buffers.setNull(i, row);
        return 0;
      }
      switch (kinds[i]) {
        case LONG -> {
          if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            buffers.setLong(i, row, ((Number) v).longValue());
            return 0;
          }
        }
        case DOUBLE -> {
          if (v instanceof Number n) {
            buffers.setDouble(i, row, n.doubleValue());
            return 0;
          }
        }
        case BOOL -> {
          if (v instanceof Boolean b) {
            buffers.setBoolean(i, row, b);
            return 0;
          }
        }
        case DATE -> {
          if (v instanceof LocalDate d) {
            buffers.setInt(i, row, Math.toIntExact(d.toEpochDay()));
            return 0;
          }
        }
        case TIMESTAMP -> {
          Instant at = v instanceof Instant t ? t : v instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC) : null;
          if (at != null) {
            buffers.setLong(i, row, inUnit(at, (ArrowType.Timestamp) projected.getFields().get(i).getType()));
            return 0;
          }
        }
        case STRING -> {
          if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            buffers.setUtf8(i, row, b, 0, b.length);
            return b.length;
          }
        }
      }
      Field f = projected.getFields().get(i);
      throw bad(f.getName(), String.valueOf(v), "the mapper returned a " + v.getClass().getName()
          + " for a column of type " + f.getType(), "return " + switch (kinds[i]) {
            case LONG -> "a Long or Integer";
            case DOUBLE -> "a Double (any Number)";
            case BOOL -> "a Boolean";
            case DATE -> "a LocalDate";
            case TIMESTAMP -> "an Instant or a LocalDateTime (UTC)";
            case STRING -> "a String";
          } + " or null for it, or declare the column with the value's type");
    }

    private DataException bad(String column, String value, String problem, String fix) {
      return new DataException(partition.describe(), "element " + element, column, value, problem, fix);
    }

    @Override
    public void close() throws IOException {
      try {
        in.close();
      } finally {
        if (onClose != null) {
          onClose.run();
        }
      }
    }
  }

  private static long inUnit(Instant at, ArrowType.Timestamp type) {
    return switch (type.getUnit()) {
      case SECOND -> at.getEpochSecond();
      case MILLISECOND -> at.toEpochMilli();
      case MICROSECOND -> Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
      case NANOSECOND -> Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    };
  }

  @Override
  public String describe() {
    return "bag[" + partitions.size() + (partitions.size() == 1 ? " partition]" : " partitions]");
  }

  /**
   * A bag of files hashes without its files' list (each partition holds its own part, file and functions),
   * so cached results of a file's partitions stay valid when other files arrive; a computed bag hashes whole.
   */
  @Override
  public Object tokenValue() {
    boolean leaves = partitions.get(0) instanceof BagPartition p && p.part() != null;
    return List.of("bag", schema.toJson(), mapper, leaves ? "partitioned" : node);
  }
}
