package dev.partita.io.csv;

import dev.partita.io.BatchReader;
import dev.partita.io.DataException;
import dev.partita.io.ReadSpec;
import dev.partita.io.fs.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole file with commons-csv, for dialects the byte tokenizer does not handle (escape
 * character, trimming, comment marker, multi-character delimiter). Slower (a String per field)
 * but exact for every dialect commons-csv knows. Its parser does not say whether a field was
 * quoted, so here an empty quoted string reads as null too. Line numbers are those of the line
 * where a record ends.
 */
final class CommonsCsvReader implements BatchReader {

  private static final Logger LOG = LoggerFactory.getLogger(CommonsCsvReader.class);

  private final CsvSource source;
  private final CsvPartition part;
  private final Schema schema;
  private final List<CsvSource.Column> projected;
  private final int[] target;
  private final int ncols;
  private final int batchRows;
  private final Batch batch;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private long badLines;
  private String firstBadLine;

  CommonsCsvReader(CsvSource source, CsvPartition part, ReadSpec spec, BufferAllocator allocator)
      throws IOException {
    this.source = source;
    this.part = part;
    this.schema = source.projectedSchema(spec.columns());
    this.projected = source.columns(spec.columns());
    this.target = source.targets(spec.columns());
    this.ncols = source.columnCount();
    this.batchRows = spec.batchRows();
    this.batch = new Batch(schema, projected, source.options().nullString(), allocator,
        batchRows);
    BufferedReader reader = new BufferedReader(new InputStreamReader(Compression.openStream(part.file()),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    this.parser = CSVParser.parse(reader, source.options().format());
    this.records = parser.iterator();
    if (source.options().hasHeader()) {
      nextRecord();
    }
  }

  private CSVRecord nextRecord() {
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException e) {
      long line = parser.getCurrentLineNumber() + 1;
      if (e.getCause() instanceof CharacterCodingException) {
        throw new DataException(part.file().path(), CsvErrors.line(line), null, null,
            "invalid UTF-8 bytes", "Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)", e);
      }
      throw new DataException(part.file().path(), CsvErrors.line(line), null, null,
          "malformed CSV: " + e.getCause().getMessage(), "Fix the file or the dialect options", e);
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    try {
      return read();
    } catch (DataException e) {
      throw Compression.explain(part.file(), e);
    }
  }

  private VectorSchemaRoot read() {
    int row = 0;
    CSVRecord r;
    while (row < batchRows && (r = nextRecord()) != null) {
      long line = parser.getCurrentLineNumber();
      if (r.size() != ncols) {
        badLine(line, r);
        continue;
      }
      for (int c = 0; c < ncols; c++) {
        int t = target[c];
        if (t >= 0) {
          String v = r.get(c);
          byte[] b = v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8);
          if (batch.write(t, b, 0, b.length, false, row) != Batch.OK) {
            throw CsvErrors.badValue(part.file().path(), line, projected.get(t), v,
                source.options().sampleBytes(), source.sampleFile());
          }
        }
      }
      row++;
    }
    if (row == 0) {
      return null;
    }
    return batch.finish(row);
  }

  private void badLine(long line, CSVRecord r) {
    String text = String.join(source.options().delimiter(), r.toList());
    if (source.options().onBadLines() == OnBadLines.ERROR) {
      throw CsvErrors.ragged(part.file().path(), line, text, ncols, r.size());
    }
    if (badLines++ == 0) {
      firstBadLine = "line " + line + " has " + r.size() + " fields, expected " + ncols + ": "
          + text;
    }
  }

  @Override
  public void close() throws IOException {
    if (badLines > 0 && source.options().onBadLines() == OnBadLines.WARN) {
      LOG.warn("{}: skipped {} rows with the wrong number of fields in {}; first: {}",
          part.file().path(), badLines, part.describe(), firstBadLine);
    }
    parser.close();
  }
}
