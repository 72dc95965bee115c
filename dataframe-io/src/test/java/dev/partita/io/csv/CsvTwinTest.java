package dev.partita.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.memory.RootAllocator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The byte tokenizer against its slow twin, commons-csv's parser, on random files: quoted fields
 * with delimiters, doubled quotes and line breaks, CRLF, empty fields, non-ASCII text, random
 * projections and block sizes that cut the file everywhere.
 */
class CsvTwinTest {

  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("csv-twin");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    Storage.deleteRecursively(dir.toString());
  }

  /** A random table of strings (null = absent value), rendered as CSV text. */
  record Table(int ncols, List<List<String>> rows, String eol, boolean quoteAll, long seed) {

    String render() {
      StringBuilder sb = new StringBuilder();
      Random rnd = new Random(seed);
      List<String> header = IntStream.range(0, ncols).mapToObj(i -> "c" + i).toList();
      line(sb, new ArrayList<>(header), rnd);
      for (List<String> r : rows) {
        line(sb, r, rnd);
      }
      return sb.toString();
    }

    private void line(StringBuilder sb, List<String> values, Random rnd) {
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        String v = values.get(i);
        if (v == null) {
          continue;
        }
        boolean must = v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0
            || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        if (must || quoteAll || rnd.nextInt(4) == 0) {
          sb.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
          sb.append(v);
        }
      }
      sb.append(eol);
    }
  }

  @Provide
  Arbitrary<Table> tables() {
    return tables("a", "b", ",", "\"", "é", "漢", "𝄞", "1", " ");
  }

  @Provide
  Arbitrary<Table> multilineTables() {
    return tables("a", ",", "\"", "\n", "\r\n", "é", "1");
  }

  /** Values are made of whole tokens, so no lone surrogate or lone CR is ever generated. */
  private static Arbitrary<Table> tables(String... tokens) {
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of(tokens).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l)),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.just(null));
    return Arbitraries.integers().between(1, 5).flatMap(ncols -> Combinators.combine(
        value.list().ofSize(ncols)
            .filter(r -> ncols > 1 || r.get(0) != null)
            .list().ofMaxSize(40),
        Arbitraries.of("\n", "\r\n"), Arbitraries.of(false, true), Arbitraries.longs())
        .as((rows, eol, quoteAll, seed) -> new Table(ncols, rows, eol, quoteAll, seed)));
  }

  @Property(tries = 300)
  void splitFilesReadEveryRowOnceAsCommonsCsvDoes(@ForAll("tables") Table t,
      @ForAll("blockSizes") long blockSize, @ForAll("projections") long projectionBits)
      throws IOException {
    check(t, blockSize, projectionBits);
  }

  @Property(tries = 150)
  void lineBreaksInsideQuotesAreRead(@ForAll("multilineTables") Table t,
      @ForAll("blockSizes") long blockSize, @ForAll("projections") long projectionBits)
      throws IOException {
    check(t, blockSize, projectionBits);
  }

  @Provide
  Arbitrary<Long> blockSizes() {
    return Arbitraries.longs().between(1, 400);
  }

  @Provide
  Arbitrary<Long> projections() {
    return Arbitraries.longs().between(0, 1 << 10);
  }

  private void check(Table t, long blockSize, long projectionBits) throws IOException {
    String text = t.render();
    Path file = CsvTestSupport.write(dir, "t.csv", text);
    List<String> cols = new ArrayList<>();
    for (int i = 0; i < t.ncols(); i++) {
      if ((projectionBits >> i & 1) == 1 || (projectionBits >> 5) % t.ncols() == i) {
        cols.add("c" + i);
      }
    }
    CsvOptions o = CsvOptions.defaults().blockSize(blockSize);
    for (int i = 0; i < t.ncols(); i++) {
      o = o.dtype("c" + i, CsvType.STRING);
    }
    List<List<Object>> expected = twin(text, cols);
    try (RootAllocator a = new RootAllocator()) {
      CsvSource s = CsvSource.of(file.toString(), o);
      int batchRows = 1 + (int) (projectionBits % 7);
      assertEquals(expected, CsvTestSupport.readAll(s, cols, a, batchRows),
          () -> "blockSize " + blockSize + ", " + cols + ", file: "
              + text.replace("\r", "\\r").replace("\n", "\\n"));
    }
  }

  /** commons-csv's records, empty fields as null (a quoted empty field too: it cannot tell). */
  private static List<List<Object>> twin(String text, List<String> cols) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    CSVFormat f = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser p = CSVParser.parse(new StringReader(text), f)) {
      for (CSVRecord r : p) {
        List<Object> row = new ArrayList<>();
        for (String c : cols) {
          String v = r.get(c);
          row.add(v.isEmpty() ? null : v);
        }
        out.add(row);
      }
    }
    return out;
  }
}
