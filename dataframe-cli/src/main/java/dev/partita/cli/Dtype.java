package dev.partita.cli;

import dev.partita.io.csv.CsvType;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code --dtype column=type} declaration for CSV input, e.g. {@code zip=string}, {@code price=decimal(15,2)}. */
record Dtype(String column, CsvType type) {
  /** What the {@code --dtype} options' help says. */
  static final String HELP = "Type of a CSV column instead of inferring it: int, float, bool, date, timestamp,"
      + " string or decimal(P,S) (P digits, S after the point, P <= 38), e.g. --dtype price=decimal(15,2).";

  private static final Map<String, CsvType> NAMES = Map.ofEntries(
      Map.entry("int", CsvType.INT64), Map.entry("int64", CsvType.INT64), Map.entry("long", CsvType.INT64),
      Map.entry("float", CsvType.FLOAT64), Map.entry("float64", CsvType.FLOAT64),
      Map.entry("double", CsvType.FLOAT64), Map.entry("bool", CsvType.BOOLEAN),
      Map.entry("boolean", CsvType.BOOLEAN), Map.entry("date", CsvType.DATE),
      Map.entry("timestamp", CsvType.TIMESTAMP), Map.entry("string", CsvType.STRING),
      Map.entry("str", CsvType.STRING), Map.entry("utf8", CsvType.STRING));
  private static final Pattern DECIMAL = Pattern.compile("decimal\\s*\\(\\s*(\\d{1,4})\\s*,\\s*(\\d{1,4})\\s*\\)");

  /** Parses {@code column=type}. */
  static final class Converter implements ITypeConverter<Dtype> {
    @Override
    public Dtype convert(String value) {
      int eq = value.lastIndexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException("expected COLUMN=TYPE, e.g. zip=string, but got '" + value + "'");
      }
      return new Dtype(value.substring(0, eq).trim(), type(value.substring(eq + 1)));
    }

    private static CsvType type(String text) {
      String name = text.trim().toLowerCase(Locale.ROOT);
      Matcher m = DECIMAL.matcher(name);
      if (m.matches()) {
        try {
          return CsvType.decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new TypeConversionException(e.getMessage());
        }
      }
      CsvType type = NAMES.get(name);
      if (type == null) {
        throw new TypeConversionException("unknown type '" + text + "' (known: int, float, bool, date, timestamp,"
            + " string, decimal(P,S) such as decimal(15,2))");
      }
      return type;
    }
  }
}
