package dev.partita.cli;

import dev.partita.io.csv.CsvType;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code --dtype column=type} declaration for CSV input, e.g. {@code zip=string}. */
record Dtype(String column, CsvType type) {
  private static final Map<String, CsvType> NAMES = Map.ofEntries(
      Map.entry("int", CsvType.INT64), Map.entry("int64", CsvType.INT64), Map.entry("long", CsvType.INT64),
      Map.entry("float", CsvType.FLOAT64), Map.entry("float64", CsvType.FLOAT64),
      Map.entry("double", CsvType.FLOAT64), Map.entry("bool", CsvType.BOOLEAN),
      Map.entry("boolean", CsvType.BOOLEAN), Map.entry("date", CsvType.DATE),
      Map.entry("timestamp", CsvType.TIMESTAMP), Map.entry("string", CsvType.STRING),
      Map.entry("str", CsvType.STRING), Map.entry("utf8", CsvType.STRING));

  /** Parses {@code column=type}. */
  static final class Converter implements ITypeConverter<Dtype> {
    @Override
    public Dtype convert(String value) {
      int eq = value.lastIndexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException("expected COLUMN=TYPE, e.g. zip=string, but got '" + value + "'");
      }
      CsvType type = NAMES.get(value.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
      if (type == null) {
        throw new TypeConversionException("unknown type '" + value.substring(eq + 1)
            + "' (known: int, float, bool, date, timestamp, string)");
      }
      return new Dtype(value.substring(0, eq).trim(), type);
    }
  }
}
