package dev.partita.io.csv;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;

/**
 * How to read CSV files: the dialect (in commons-csv's {@link CSVFormat} vocabulary), the header,
 * the partition size, the inference sample, per-column types and what to do with ragged rows.
 * Immutable; every wither returns a copy. Compares and hashes by value, so it can be part of a task
 * key.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().delimiter(';').dtype("zip", CsvType.STRING);
 * }</pre>
 *
 * <p>Defaults: comma, {@code "} quotes doubled inside quoted fields, no escape character, a header
 * line, empty lines skipped, 64 MiB blocks, 1 MiB sample, {@link OnBadLines#ERROR}.
 */
public final class CsvOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final CsvOptions DEFAULTS = new CsvOptions(",", '"', null, true, null, false,
      null, true, 64L << 20, 1 << 20, Map.of(), OnBadLines.ERROR);

  private final String delimiter;
  private final Character quote;
  private final Character escape;
  private final boolean header;
  private final String nullString;
  private final boolean trim;
  private final Character commentMarker;
  private final boolean ignoreEmptyLines;
  private final long blockSize;
  private final int sampleBytes;
  private final Map<String, CsvType> dtypes;
  private final OnBadLines onBadLines;

  private CsvOptions(String delimiter, Character quote, Character escape, boolean header,
      String nullString, boolean trim, Character commentMarker, boolean ignoreEmptyLines,
      long blockSize, int sampleBytes, Map<String, CsvType> dtypes, OnBadLines onBadLines) {
    this.delimiter = delimiter;
    this.quote = quote;
    this.escape = escape;
    this.header = header;
    this.nullString = nullString;
    this.trim = trim;
    this.commentMarker = commentMarker;
    this.ignoreEmptyLines = ignoreEmptyLines;
    this.blockSize = blockSize;
    this.sampleBytes = sampleBytes;
    this.dtypes = dtypes;
    this.onBadLines = onBadLines;
  }

  /** The defaults described above. */
  public static CsvOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Takes the dialect from a commons-csv format: delimiter, quote, escape, null string, trim (or
   * ignore surrounding spaces), comment marker and whether empty lines are skipped. Whether the
   * file has a header line stays as set by {@link #header(boolean)}: {@code CSVFormat} expresses
   * headers as name lists, which a CSV source reads from the file itself.
   */
  public CsvOptions format(CSVFormat f) {
    return new CsvOptions(f.getDelimiterString(), f.getQuoteCharacter(), f.getEscapeCharacter(),
        header, f.getNullString(), f.getTrim() || f.getIgnoreSurroundingSpaces(),
        f.getCommentMarker(), f.getIgnoreEmptyLines(), blockSize, sampleBytes, dtypes, onBadLines);
  }

  /** The field separator. */
  public CsvOptions delimiter(char c) {
    return new CsvOptions(String.valueOf(c), quote, escape, header, nullString, trim,
        commentMarker, ignoreEmptyLines, blockSize, sampleBytes, dtypes, onBadLines);
  }

  /** The quote character, or {@code null} for none. */
  public CsvOptions quote(Character c) {
    return new CsvOptions(delimiter, c, escape, header, nullString, trim, commentMarker,
        ignoreEmptyLines, blockSize, sampleBytes, dtypes, onBadLines);
  }

  /** Whether the first line of every file holds the column names. */
  public CsvOptions header(boolean hasHeader) {
    return new CsvOptions(delimiter, quote, escape, hasHeader, nullString, trim, commentMarker,
        ignoreEmptyLines, blockSize, sampleBytes, dtypes, onBadLines);
  }

  /** A field spelled exactly like this (unquoted) reads as null, as an empty field always does. */
  public CsvOptions nullString(String s) {
    return new CsvOptions(delimiter, quote, escape, header, s, trim, commentMarker,
        ignoreEmptyLines, blockSize, sampleBytes, dtypes, onBadLines);
  }

  /** Target partition size in bytes; {@code Long.MAX_VALUE} reads each file as one partition. */
  public CsvOptions blockSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("blockSize must be positive, got " + bytes);
    }
    return new CsvOptions(delimiter, quote, escape, header, nullString, trim, commentMarker,
        ignoreEmptyLines, bytes, sampleBytes, dtypes, onBadLines);
  }

  /** How many bytes at the start of the first file are sampled to infer column types. */
  public CsvOptions sampleBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("sampleBytes must be positive, got " + bytes);
    }
    return new CsvOptions(delimiter, quote, escape, header, nullString, trim, commentMarker,
        ignoreEmptyLines, blockSize, bytes, dtypes, onBadLines);
  }

  /** Declares one column's type instead of inferring it. */
  public CsvOptions dtype(String column, CsvType type) {
    Map<String, CsvType> m = new TreeMap<>(dtypes);
    m.put(Objects.requireNonNull(column), Objects.requireNonNull(type));
    return dtypes(m);
  }

  /** Declares the types of several columns (added to those already declared). */
  public CsvOptions dtypes(Map<String, CsvType> types) {
    Map<String, CsvType> m = new TreeMap<>(dtypes);
    m.putAll(types);
    return new CsvOptions(delimiter, quote, escape, header, nullString, trim, commentMarker,
        ignoreEmptyLines, blockSize, sampleBytes, Map.copyOf(m), onBadLines);
  }

  /** What to do with rows whose field count differs from the header's. */
  public CsvOptions onBadLines(OnBadLines mode) {
    return new CsvOptions(delimiter, quote, escape, header, nullString, trim, commentMarker,
        ignoreEmptyLines, blockSize, sampleBytes, dtypes, Objects.requireNonNull(mode));
  }

  /** The dialect as a commons-csv format (no header handling; the source skips the header). */
  public CSVFormat format() {
    return CSVFormat.Builder.create()
        .setDelimiter(delimiter)
        .setQuote(quote)
        .setEscape(escape)
        .setNullString(nullString)
        .setTrim(trim)
        .setIgnoreSurroundingSpaces(trim)
        .setCommentMarker(commentMarker)
        .setIgnoreEmptyLines(ignoreEmptyLines)
        .setRecordSeparator("\n")
        .get();
  }

  public String delimiter() {
    return delimiter;
  }

  public Character quote() {
    return quote;
  }

  public Character escape() {
    return escape;
  }

  public boolean hasHeader() {
    return header;
  }

  public String nullString() {
    return nullString;
  }

  public boolean trim() {
    return trim;
  }

  public Character commentMarker() {
    return commentMarker;
  }

  public boolean ignoreEmptyLines() {
    return ignoreEmptyLines;
  }

  public long blockSize() {
    return blockSize;
  }

  public int sampleBytes() {
    return sampleBytes;
  }

  /** Declared column types, by column name. */
  public Map<String, CsvType> dtypes() {
    return dtypes;
  }

  public OnBadLines onBadLines() {
    return onBadLines;
  }

  /**
   * True when the byte tokenizer reads this dialect: a one-byte delimiter, a one-byte quote or
   * none, no escape character, no trimming, no comment marker. Other dialects go through
   * commons-csv, one partition per file.
   */
  boolean byteDialect() {
    return delimiter.length() == 1 && delimiter.charAt(0) < 0x80 && delimiter.charAt(0) != '\n'
        && delimiter.charAt(0) != '\r' && (quote == null || quote < 0x80) && escape == null
        && !trim && commentMarker == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvOptions x && delimiter.equals(x.delimiter)
        && Objects.equals(quote, x.quote) && Objects.equals(escape, x.escape)
        && header == x.header && Objects.equals(nullString, x.nullString) && trim == x.trim
        && Objects.equals(commentMarker, x.commentMarker)
        && ignoreEmptyLines == x.ignoreEmptyLines && blockSize == x.blockSize
        && sampleBytes == x.sampleBytes && dtypes.equals(x.dtypes) && onBadLines == x.onBadLines;
  }

  @Override
  public int hashCode() {
    return Objects.hash(delimiter, quote, escape, header, nullString, trim, commentMarker,
        ignoreEmptyLines, blockSize, sampleBytes, dtypes, onBadLines);
  }

  @Override
  public String toString() {
    return "CsvOptions[delimiter=" + delimiter + ", quote=" + quote + ", escape=" + escape
        + ", header=" + header + ", nullString=" + nullString + ", trim=" + trim
        + ", comment=" + commentMarker + ", ignoreEmptyLines=" + ignoreEmptyLines
        + ", blockSize=" + blockSize + ", sampleBytes=" + sampleBytes + ", dtypes=" + dtypes
        + ", onBadLines=" + onBadLines + "]";
  }
}
