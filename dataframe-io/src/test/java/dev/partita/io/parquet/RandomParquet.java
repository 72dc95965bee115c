package dev.partita.io.parquet;

import dev.partita.io.DictionaryVector;
import dev.partita.io.LongDictionary;
import dev.partita.io.Utf8Dictionary;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.JulianFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes Parquet files of random rows (every supported type, nulls at a random rate) with
 * parquet-mr's example writer, and keeps the values written, rendered as canonical strings, to
 * compare what a reader returns.
 */
final class RandomParquet {

  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message t {
        required int32 i32r;
        optional int32 i32;
        optional int64 i64;
        optional float f32;
        optional double f64;
        optional boolean b;
        optional binary s (STRING);
        optional binary bin;
        optional fixed_len_byte_array(5) fix;
        optional int32 d (DATE);
        optional int64 ts_us (TIMESTAMP(MICROS,true));
        optional int64 ts_ms (TIMESTAMP(MILLIS,false));
        optional int64 ts_ns (TIMESTAMP(NANOS,true));
        optional int32 dec32 (DECIMAL(9,2));
        optional int64 dec64 (DECIMAL(18,4));
        optional fixed_len_byte_array(16) decfix (DECIMAL(38,6));
        optional binary decbin (DECIMAL(20,3));
        optional fixed_len_byte_array(8) decfix8 (DECIMAL(18,3));
        optional binary decbin9 (DECIMAL(9,4));
        optional int96 ts96;
      }
      """);

  /** Column name to the canonical string of each row's value (null for null). */
  final Map<String, List<String>> expected = new LinkedHashMap<>();
  final int rows;

  private RandomParquet(int rows) {
    this.rows = rows;
  }

  static RandomParquet write(Path file, long seed, int rows, WriterVersion version,
      boolean dictionary, int pageSize, int rowGroupBytes) throws IOException {
    return write(file, seed, rows, version, dictionary, false, pageSize, rowGroupBytes);
  }

  /** With {@code byteStreamSplit}, floats and doubles without dictionary are BYTE_STREAM_SPLIT. */
  static RandomParquet write(Path file, long seed, int rows, WriterVersion version,
      boolean dictionary, boolean byteStreamSplit, int pageSize, int rowGroupBytes)
      throws IOException {
    Random rnd = new Random(seed);
    RandomParquet out = new RandomParquet(rows);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    Map<String, Double> nullRate = new LinkedHashMap<>();
    Map<String, Integer> cardinality = new LinkedHashMap<>();
    for (var f : SCHEMA.getFields()) {
      out.expected.put(f.getName(), new ArrayList<>());
      nullRate.put(f.getName(), f.getName().equals("i32r") ? 0 : rnd.nextDouble() * 0.3);
      cardinality.put(f.getName(), new int[] {1, 7, 300, Integer.MAX_VALUE}[rnd.nextInt(4)]);
    }
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withType(SCHEMA)
        .withWriterVersion(version)
        .withDictionaryEncoding(dictionary)
        .withByteStreamSplitEncoding(byteStreamSplit)
        .withPageSize(pageSize)
        .withDictionaryPageSize(pageSize * 4)
        .withRowGroupSize((long) rowGroupBytes)
        .withPageRowCountLimit(Math.max(50, pageSize / 8))
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      for (int r = 0; r < rows; r++) {
        Group g = groups.newGroup();
        for (var f : SCHEMA.getFields()) {
          String name = f.getName();
          List<String> col = out.expected.get(name);
          if (rnd.nextDouble() < nullRate.get(name)) {
            col.add(null);
            continue;
          }
          int card = cardinality.get(name);
          Random v = card == Integer.MAX_VALUE ? rnd : new Random(rnd.nextInt(card));
          col.add(add(g, name, v));
        }
        w.write(g);
      }
    }
    return out;
  }

  private static String add(Group g, String name, Random v) {
    switch (name) {
      case "i32r", "i32", "d" -> {
        int x = name.equals("d") ? v.nextInt(40_000) - 10_000 : v.nextInt();
        g.add(name, x);
        return Integer.toString(x);
      }
      case "i64", "ts_us", "ts_ms", "ts_ns" -> {
        long x = v.nextLong();
        g.add(name, x);
        return Long.toString(x);
      }
      case "f32" -> {
        float x = v.nextInt(10) == 0 ? Float.NaN : (float) v.nextGaussian();
        g.add(name, x);
        return Integer.toString(Float.floatToIntBits(x));
      }
      case "f64" -> {
        double x = v.nextInt(10) == 0 ? -0.0 : v.nextGaussian() * 1e6;
        g.add(name, x);
        return Long.toString(Double.doubleToLongBits(x));
      }
      case "b" -> {
        boolean x = v.nextBoolean();
        g.add(name, x);
        return Boolean.toString(x);
      }
      case "s" -> {
        String x = randomString(v);
        g.add(name, x);
        return x;
      }
      case "bin", "fix" -> {
        byte[] x = new byte[name.equals("fix") ? 5 : v.nextInt(12)];
        v.nextBytes(x);
        g.add(name, Binary.fromConstantByteArray(x));
        return HexFormat.of().formatHex(x);
      }
      case "dec32" -> {
        int x = v.nextInt(2_000_000_000) - 1_000_000_000;
        g.add(name, x);
        return new BigDecimal(BigInteger.valueOf(x), 2).toString();
      }
      case "dec64" -> {
        long x = v.nextLong() % 1_000_000_000_000_000_000L;
        g.add(name, x);
        return new BigDecimal(BigInteger.valueOf(x), 4).toString();
      }
      case "decfix8", "decbin9" -> {
        long x = v.nextLong()
            % (name.equals("decfix8") ? 1_000_000_000_000_000_000L : 1_000_000_000L);
        byte[] minimal = BigInteger.valueOf(x).toByteArray();
        int length = name.equals("decfix8") ? 8 : minimal.length + v.nextInt(6);
        g.add(name, Binary.fromConstantByteArray(signExtend(minimal, length)));
        return new BigDecimal(BigInteger.valueOf(x), name.equals("decfix8") ? 3 : 4).toString();
      }
      case "ts96" -> {
        long nanos = Math.floorMod(v.nextLong(), 86_400_000_000_000L);
        int julian = 1_721_426 + v.nextInt(3_652_059);
        byte[] b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(nanos)
            .putInt(julian).array();
        g.add(name, Binary.fromConstantByteArray(b));
        LocalDate day = LocalDate.EPOCH.with(JulianFields.JULIAN_DAY, julian);
        Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusNanos(nanos);
        return Long.toString(at.getEpochSecond() * 1_000_000L + at.getNano() / 1000);
      }
      case "decfix", "decbin" -> {
        BigInteger x = new BigInteger(name.equals("decfix") ? 120 : 64, v);
        if (v.nextBoolean()) {
          x = x.negate();
        }
        byte[] be = x.toByteArray();
        g.add(name, Binary.fromConstantByteArray(name.equals("decfix") ? signExtend(be, 16) : be));
        return new BigDecimal(x, name.equals("decfix") ? 6 : 3).toString();
      }
      default -> throw new IllegalArgumentException(name);
    }
  }

  /** A big-endian two's-complement integer padded with its sign to {@code length} bytes. */
  private static byte[] signExtend(byte[] be, int length) {
    byte[] padded = new byte[length];
    Arrays.fill(padded, 0, length - be.length, (byte) (be[0] < 0 ? 0xFF : 0));
    System.arraycopy(be, 0, padded, length - be.length, be.length);
    return padded;
  }

  private static String randomString(Random v) {
    int len = v.nextInt(20);
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      int c = v.nextInt(40);
      sb.append(c < 36 ? Character.forDigit(c, 36) : c == 36 ? 'é' : c == 37 ? '€' : c == 38 ? ','
          : '"');
    }
    return sb.toString();
  }

  /** The canonical string of row {@code i} of a vector read from one of these files. */
  static String canonical(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof BitVector b) {
      return Boolean.toString(b.get(i) == 1);
    }
    if (v instanceof DecimalVector d) {
      return d.getObject(i).toString();
    }
    if (v instanceof DictionaryVector d && d.dictionary() instanceof LongDictionary longs) {
      return Long.toString(longs.values()[d.get(i)]);
    }
    if (v instanceof DictionaryVector d) {
      Utf8Dictionary strings = (Utf8Dictionary) d.dictionary();
      int[] offsets = strings.offsets();
      int c = d.get(i);
      return new String(strings.bytes(), offsets[c], offsets[c + 1] - offsets[c], StandardCharsets.UTF_8);
    }
    if (v instanceof VarCharVector s) {
      return new String(s.get(i), StandardCharsets.UTF_8);
    }
    if (v instanceof VarBinaryVector b) {
      return HexFormat.of().formatHex(b.get(i));
    }
    BaseFixedWidthVector f = (BaseFixedWidthVector) v;
    return f.getTypeWidth() == 4 ? Integer.toString(f.getDataBuffer().getInt(4L * i))
        : Long.toString(f.getDataBuffer().getLong(8L * i));
  }
}
