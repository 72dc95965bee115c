package dev.partita.io.sink;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Random Arrow batches of every type the Parquet sink writes, and a cell rendering to compare. */
final class ArrowData {

  static final Schema SCHEMA = new Schema(List.of(
      field("id", new ArrowType.Int(64, true), false),
      field("i32", new ArrowType.Int(32, true), true),
      field("i64", new ArrowType.Int(64, true), true),
      field("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), true),
      field("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true),
      field("b", ArrowType.Bool.INSTANCE, true),
      field("s", ArrowType.Utf8.INSTANCE, true),
      field("bin", ArrowType.Binary.INSTANCE, true),
      field("d", new ArrowType.Date(DateUnit.DAY), true),
      field("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), true),
      field("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null), true),
      field("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"), true),
      field("t_ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32), true),
      field("t_us", new ArrowType.Time(TimeUnit.MICROSECOND, 64), true),
      field("dec9", new ArrowType.Decimal(9, 2, 128), true),
      field("dec18", new ArrowType.Decimal(18, 4, 128), true),
      field("dec38", new ArrowType.Decimal(38, 6, 128), true)));

  private ArrowData() {}

  static Field field(String name, ArrowType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type, null), null);
  }

  /** A batch of {@code rows} random rows; {@code id} counts from {@code firstId}. */
  static VectorSchemaRoot batch(Schema schema, BufferAllocator allocator, Random rnd, int rows,
      long firstId, double nullRate) {
    return batch(schema, allocator, rnd, rows, firstId, nullRate, 0);
  }

  /** The same, each column's values drawn from {@code distinct} values (0: unbounded). */
  static VectorSchemaRoot batch(Schema schema, BufferAllocator allocator, Random rnd, int rows,
      long firstId, double nullRate, int distinct) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    for (FieldVector v : root.getFieldVectors()) {
      if (v instanceof BaseVariableWidthVector vw) {
        vw.allocateNew(rows);
      } else {
        ((BaseFixedWidthVector) v).allocateNew(rows);
      }
      for (int i = 0; i < rows; i++) {
        if (v.getName().equals("id")) {
          ((BaseFixedWidthVector) v).getDataBuffer().setLong(8L * i, firstId + i);
          BitVectorHelper.setBit(v.getValidityBuffer(), i);
        } else if (!(v.getField().isNullable() && rnd.nextDouble() < nullRate)) {
          fill(v, i, distinct > 0 ? new Random(rnd.nextInt(distinct)) : rnd);
        }
      }
      v.setValueCount(rows);
    }
    root.setRowCount(rows);
    return root;
  }

  private static void fill(FieldVector v, int i, Random rnd) {
    ArrowType t = v.getField().getType();
    if (v instanceof BitVector b) {
      b.set(i, rnd.nextInt(2));
    } else if (v instanceof DecimalVector d) {
      int bits = d.getPrecision() <= 9 ? 26 : d.getPrecision() <= 18 ? 56 : 120;
      BigInteger u = new BigInteger(bits, rnd);
      d.set(i, new BigDecimal(rnd.nextBoolean() ? u : u.negate(), d.getScale()));
    } else if (v instanceof BaseVariableWidthVector vw) {
      byte[] bytes;
      if (t instanceof ArrowType.Utf8) {
        bytes = ("v" + rnd.nextInt(50) + "é,\"".substring(0, rnd.nextInt(4)))
            .getBytes(StandardCharsets.UTF_8);
      } else {
        bytes = new byte[rnd.nextInt(9)];
        rnd.nextBytes(bytes);
      }
      vw.setSafe(i, bytes);
    } else {
      BaseFixedWidthVector f = (BaseFixedWidthVector) v;
      if (f.getTypeWidth() == 4) {
        int x = t instanceof ArrowType.Time ? rnd.nextInt(86_400_000) : rnd.nextInt(1 << 20);
        f.getDataBuffer().setInt(4L * i, x);
      } else {
        long x = t instanceof ArrowType.Time ? (long) (rnd.nextDouble() * 86_400_000_000L)
            : t instanceof ArrowType.FloatingPoint ? Double.doubleToLongBits(rnd.nextGaussian())
            : rnd.nextLong() >> 12;
        f.getDataBuffer().setLong(8L * i, x);
      }
      BitVectorHelper.setBit(v.getValidityBuffer(), i);
    }
  }

  /** Row {@code i} of a vector as a string that two equal cells share. */
  static String cell(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    Object o = v.getObject(i);
    return o instanceof byte[] b ? HexFormat.of().formatHex(b) : o.toString();
  }
}
