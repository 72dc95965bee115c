package dev.partita.io.csv;

import dev.partita.io.DataException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The CSV source's bad-input messages, so both readers and the source word them alike. */
final class CsvErrors {

  private CsvErrors() {}

  static String line(long line) {
    return "line " + line;
  }

  /** A value that does not parse as its column's type. */
  static DataException badValue(String file, long line, CsvSource.Column col, String value,
      int sampleBytes, String sampleFile) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    CsvType type = col.type();
    boolean decimal = type.kind() == CsvType.Kind.DECIMAL;
    if (decimal && new DecimalParser(type.precision(), type.scale()).parse(bytes, 0, bytes.length)
        == DecimalParser.TOO_WIDE) {
      return tooWide(file, line, col, value);
    }
    CsvType wider = (type.equals(CsvType.INT64) || decimal)
        && Values.fits(CsvType.FLOAT64, bytes, 0, bytes.length) ? CsvType.FLOAT64 : CsvType.STRING;
    String fix = dtype(col.name(), wider);
    if (col.declared()) {
      return new DataException(file, line(line), col.name(), value,
          "cannot read the value as " + type + ", the type declared for this column"
              + (decimal ? " (an optional sign, digits with an optional point, an optional exponent)"
                  : ""),
          "Fix the value or declare another type: " + fix);
    }
    return new DataException(file, line(line), col.name(), value,
        "cannot read the value as " + col.type() + ", the type inferred for this column from the"
            + " first " + sampleBytes + " bytes of " + sampleFile,
        "Declare the column's type: " + fix + ", or sample more with CsvOptions.sampleBytes");
  }

  /** How to declare {@code type} for {@code column}, in code and on the command line. */
  private static String dtype(String column, CsvType type) {
    return "CsvOptions.dtype(\"" + column + "\", " + type.code() + ") (CLI: --dtype " + column + "="
        + type.cli() + ")";
  }

  /** A well-formed decimal with more digits before the point than its declared type holds. */
  private static DataException tooWide(String file, long line, CsvSource.Column col,
      String value) {
    CsvType type = col.type();
    int before = digitsBefore(value, type.scale());
    String wider = before + type.scale() <= CsvType.MAX_PRECISION
        ? "Declare a wider decimal: "
            + dtype(col.name(), CsvType.decimal(before + type.scale(), type.scale()))
            + ", or read the column as doubles: " : "Read the column as doubles: ";
    return new DataException(file, line(line), col.name(), value,
        "the value needs " + (before > CsvType.MAX_PRECISION ? "more than " + CsvType.MAX_PRECISION
            : before) + " digits before the point, " + type + " (the type declared for this"
            + " column) holds " + (type.precision() - type.scale()),
        wider + dtype(col.name(), CsvType.FLOAT64));
  }

  /**
   * Digits before the point of decimal text once rounded to {@code scale} fraction digits; more
   * than {@link CsvType#MAX_PRECISION} for an exponent past an int (not rounded then: the rounding
   * could only matter to a value of at most 39 digits, and a huge exponent would build a huge
   * number).
   */
  private static int digitsBefore(String text, int scale) {
    BigDecimal b;
    try {
      b = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return CsvType.MAX_PRECISION + 1;
    }
    int before = b.precision() - b.scale();
    if (before >= 0 && before <= CsvType.MAX_PRECISION + 1) {
      BigDecimal rounded = b.setScale(scale, RoundingMode.HALF_UP);
      before = rounded.precision() - rounded.scale();
    }
    return Math.max(before, 0);
  }

  static DataException badUtf8(String file, long line, String column, String value) {
    return new DataException(file, line(line), column, value, "invalid UTF-8 bytes",
        "Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)");
  }

  static DataException ragged(String file, long line, String text, int expected, int actual) {
    return new DataException(file, line(line), null, text,
        "expected " + expected + " fields but found " + actual,
        "Fix the row, or drop such rows with CsvOptions.onBadLines(OnBadLines.SKIP) or WARN"
            + " (CLI: --on-bad-lines skip)");
  }

  static DataException unclosedQuote(String file, long line) {
    return new DataException(file, line(line), null, null,
        "a quoted field starts here and is never closed before the end of the file",
        "Close the quote, or choose another quote character with CsvOptions.quote");
  }

  static DataException afterQuote(String file, long line, String text) {
    return new DataException(file, line(line), null, text,
        "unexpected character after a closing quote (a quote inside a quoted field must be"
            + " doubled)", "Fix the row, e.g. write \"a \"\"b\"\" c\"");
  }

  static DataException quotedNewlineAcrossSplit(String file, long line, long offset,
      int sampleBytes) {
    return new DataException(file, line(line), null, null,
        "a quoted field holds a line break at byte " + offset + ", past this partition's end, so"
            + " the next byte-range partition would start inside the field; the first "
            + sampleBytes + " bytes had no such field, so the file was split",
        "Read each file as one partition: CsvOptions.blockSize(Long.MAX_VALUE), or sample more"
            + " with CsvOptions.sampleBytes");
  }

  static DataException headerDiffers(String file, List<String> header, String firstFile,
      List<String> firstHeader) {
    return new DataException(file, line(1), null, String.join(",", header),
        "header differs from " + firstFile + "'s " + String.join(",", firstHeader),
        "All files of one source must have the same columns; read them as separate sources");
  }

  static DataException emptyFile(String file) {
    return new DataException(file, null, null, null, "empty file, no header",
        "A CSV file needs at least a header line; remove the file or use header(false)");
  }
}
