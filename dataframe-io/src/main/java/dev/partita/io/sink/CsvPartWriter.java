package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A {@link PartWriter} producing one CSV file through commons-csv's {@link CSVPrinter}: a header,
 * {@code \n} line ends, quotes only where needed, a null as an empty field. Values are written so
 * that they read back exactly: integers in plain digits, decimals in plain digits with their scale's
 * digits after the point ({@code 12.50} in {@code DECIMAL(p, 2)}), floats by
 * {@link Double#toString} (the shortest form that parses back to the same double; NaN and
 * Infinity spelled so), booleans {@code true}/{@code false}, dates, times and timestamps in ISO 8601
 * ({@code 2024-03-01T12:00:00Z} with a time zone, without the {@code Z} otherwise), binary as hex.
 * An empty string is written as an empty field too (quoted only as a line's first field), so it
 * reads back as null.
 */
final class CsvPartWriter implements PartWriter {

  private final Schema schema;
  private final Storage.AtomicOutput out;
  private final CSVPrinter printer;
  private boolean committed;

  CsvPartWriter(Storage.AtomicOutput out, Schema schema) throws IOException {
    this.schema = schema;
    this.out = out;
    Writer w = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
    String[] header = schema.getFields().stream().map(Field::getName).toArray(String[]::new);
    try {
      this.printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
          .setRecordSeparator('\n').setNullString("").setHeader(header).get());
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    Sinks.checkSchema(schema, batch);
    int cols = batch.getFieldVectors().size();
    List<IntFunction<String>> text = new ArrayList<>(cols);
    FieldVector[] vectors = new FieldVector[cols];
    for (int c = 0; c < cols; c++) {
      vectors[c] = batch.getVector(c);
      text.add(formatter(vectors[c]));
    }
    for (int i = 0; i < batch.getRowCount(); i++) {
      for (int c = 0; c < cols; c++) {
        printer.print(vectors[c].isNull(i) ? null : text.get(c).apply(i));
      }
      printer.println();
    }
  }

  private static IntFunction<String> formatter(FieldVector v) {
    ArrowType t = v.getField().getType();
    if (v instanceof BaseIntVector x && !(t instanceof ArrowType.Time)) {
      return i -> Long.toString(x.getValueAsLong(i));
    }
    if (v instanceof Float8Vector x) {
      return i -> Double.toString(x.get(i));
    }
    if (v instanceof Float4Vector x) {
      return i -> Float.toString(x.get(i));
    }
    if (v instanceof BitVector x) {
      return i -> x.get(i) == 1 ? "true" : "false";
    }
    if (v instanceof VarCharVector x) {
      return i -> new String(x.get(i), StandardCharsets.UTF_8);
    }
    if (v instanceof VarBinaryVector x) {
      return i -> HexFormat.of().formatHex(x.get(i));
    }
    if (v instanceof DateDayVector x) {
      return i -> LocalDate.ofEpochDay(x.get(i)).toString();
    }
    if (v instanceof DecimalVector x) {
      int scale = x.getScale();
      ArrowBuf data = x.getDataBuffer();
      return i -> {
        long lo = data.getLong(16L * i);
        return data.getLong(16L * i + 8) == lo >> 63 ? plainDecimal(lo, scale)
            : x.getObject(i).toPlainString();
      };
    }
    if (v instanceof TimeStampVector x && t instanceof ArrowType.Timestamp ts) {
      long perSecond = perSecond(ts.getUnit());
      boolean zoned = ts.getTimezone() != null;
      return i -> {
        long raw = x.get(i);
        Instant at = Instant.ofEpochSecond(Math.floorDiv(raw, perSecond),
            Math.floorMod(raw, perSecond) * (1_000_000_000L / perSecond));
        return zoned ? at.toString()
            : LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      };
    }
    if (t instanceof ArrowType.Time tm) {
      long nanosPerUnit = 1_000_000_000L / perSecond(tm.getUnit());
      return i -> {
        long raw = tm.getBitWidth() == 32 ? v.getDataBuffer().getInt(4L * i)
            : v.getDataBuffer().getLong(8L * i);
        return LocalTime.ofNanoOfDay(raw * nanosPerUnit).format(DateTimeFormatter.ISO_LOCAL_TIME);
      };
    }
    return i -> String.valueOf(v.getObject(i));
  }

  /**
   * The decimal {@code unscaled / 10^scale} in plain digits with exactly {@code scale} of them after
   * the point ({@code -1250, 2} is {@code -12.50}), as {@link java.math.BigDecimal#toPlainString}
   * spells it but from the slot's long, without a BigDecimal per value; only values beyond 64 bits
   * (more than 18 digits) go through BigDecimal.
   */
  static String plainDecimal(long unscaled, int scale) {
    String digits = Long.toString(unscaled);
    if (scale == 0) {
      return digits;
    }
    int sign = unscaled < 0 ? 1 : 0;
    int n = digits.length() - sign;
    StringBuilder b = new StringBuilder(Math.max(n, scale + 1) + sign + 1);
    b.append(digits, 0, sign);
    if (n <= scale) {
      b.append("0.");
      b.append("0".repeat(scale - n));
      b.append(digits, sign, digits.length());
    } else {
      b.append(digits, sign, digits.length() - scale).append('.')
          .append(digits, digits.length() - scale, digits.length());
    }
    return b.toString();
  }

  private static long perSecond(TimeUnit u) {
    return switch (u) {
      case SECOND -> 1L;
      case MILLISECOND -> 1_000L;
      case MICROSECOND -> 1_000_000L;
      case NANOSECOND -> 1_000_000_000L;
    };
  }

  @Override
  public void commit() throws IOException {
    printer.flush();
    out.commit();
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      out.close();
    }
  }
}
