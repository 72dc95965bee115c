package dev.partita.cli;

import static dev.partita.cli.Cli.ok;
import static dev.partita.cli.Cli.userError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.datasets.GroupByData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
  @TempDir static Path dir;
  static String csv;

  @BeforeAll
  static void data() throws IOException {
    Path file = dir.resolve("g.csv");
    GroupByData.writeCsv(file, 20_000, 10, 1);
    csv = file.toString();
  }

  @Test
  void schemaListsColumnsAndTypes() {
    String out = ok("schema", csv).out();
    assertTrue(out.startsWith("id1  string\n"), out);
    assertTrue(out.contains("id4  int64\n") && out.contains("v3   float64\n"), out);
    assertTrue(ok("schema", csv, "--dtype", "id4=string").out().contains("id4  string\n"));
  }

  @Test
  void headAndDescribe() {
    String head = ok("head", csv, "-n", "3").out();
    assertTrue(head.startsWith("shape: (3, 9)\n"), head);
    String describe = ok("describe", csv).out();
    assertTrue(describe.contains("count") && describe.contains("20000.0"), describe);
  }

  @Test
  void queryAggregatesGloballyOrByGroup() {
    String global = ok("query", csv, "--agg", "count(), sum(v1) as s").out();
    assertTrue(global.startsWith("shape: (1, 2)\n"), global);
    assertTrue(global.contains("count") && global.contains(" s"), global);
    assertTrue(global.contains("20000"), global);
    String grouped = ok("query", csv, "--where", "v1 >= 2 and not (id4 in (1, 2))", "--groupby", "id1,id2",
        "--agg", "sum(v1), mean(v3), count()", "--threads", "2").out();
    assertTrue(grouped.startsWith("shape: (100, 5)\n"), grouped);
    assertTrue(grouped.contains("sum_v1") && grouped.contains("mean_v3"), grouped);
    String stats = ok("query", csv, "--groupby", "id4", "--agg",
        "median(v3), quantile_cont(v3, 0.9) as p90, corr(v1, v2), covar(v1, v2), sum(v1 * v2) as dot, count(*)").out();
    assertTrue(stats.matches("(?s)shape: \\(\\d+, 7\\)\n.*"), stats);
    assertTrue(stats.contains("median_v3") && stats.contains("p90") && stats.contains("corr(v1, v2)")
        && stats.contains("dot") && stats.contains("count"), stats);
    String rows = ok("query", csv, "--select", "id1,v1", "--head", "4").out();
    assertTrue(rows.startsWith("shape: (4, 2)\n"), rows);
  }

  @Test
  void severalInputFilesAreReadAsOne() throws IOException {
    Path a = dir.resolve("split/a.csv");
    Path b = dir.resolve("split/more/b.csv");
    Files.createDirectories(b.getParent());
    List<String> lines = Files.readAllLines(Path.of(csv));
    Files.write(a, lines.subList(0, 5_001));
    List<String> rest = new ArrayList<>(List.of(lines.get(0)));
    rest.addAll(lines.subList(5_001, lines.size()));
    Files.write(b, rest);
    String both = ok("query", a.toString(), b.toString(), "--agg", "count(), sum(v1)").out();
    assertEquals(ok("query", csv, "--agg", "count(), sum(v1)").out(), both);
    assertTrue(Inputs.union(List.of(a.toString(), b.toString())).endsWith("/split/{a.csv,more/b.csv}"));
  }

  @Test
  void queryWritesParquetCsvOrADirectoryAndConvertRoundTrips() throws IOException {
    Path pq = dir.resolve("by_id1.parquet");
    assertEquals("wrote 10 rows to " + pq + "\n",
        ok("query", csv, "--groupby", "id1", "--agg", "sum(v1)", "--out", pq.toString()).out());
    assertTrue(ok("query", pq.toString(), "--agg", "sum(sum_v1)").out().contains("shape: (1, 1)"));
    Path out = dir.resolve("by_id1.csv");
    ok("query", csv, "--groupby", "id1", "--agg", "count()", "--out", out.toString());
    assertEquals(11, Files.readAllLines(out).size());
    assertEquals("id1,count", Files.readAllLines(out).get(0));

    Path parts = dir.resolve("parts");
    assertEquals("wrote 20,000 rows to " + parts + "\n", ok("convert", csv, parts + "/").out());
    assertTrue(Files.exists(parts.resolve("_SUCCESS")));
    Path back = dir.resolve("back.csv");
    ok("convert", parts.toString(), back.toString());
    assertEquals(Files.readAllLines(Path.of(csv)).get(1).substring(0, 30),
        Files.readAllLines(back).get(1).substring(0, 30));
    String sums = ok("query", csv, "--agg", "sum(v2), sum(v3), count()").out();
    assertEquals(sums, ok("query", parts.toString(), "--agg", "sum(v2), sum(v3), count()").out());
    assertEquals(sums, ok("query", back.toString(), "--agg", "sum(v2), sum(v3), count()").out());
  }

  @Test
  void userErrorsAreOneClearLine() {
    assertTrue(userError("query", dir.resolve("nope.csv").toString(), "--agg", "count()").err()
        .contains("nope.csv"));
    assertTrue(userError("query", csv, "--agg", "sum(fare)").err().startsWith(
        "partita: column fare not found; columns here: id1, id2, id3"), userError("query", csv, "--agg", "sum(fare)").err());
    assertEquals("partita: syntax error at '>' at column 6 of --where\n  v1 > > 2\n       ^\n",
        userError("query", csv, "--where", "v1 > > 2", "--agg", "count()").err());
    assertEquals("partita: unexpected end of the query at column 5 of --where\n  v1 >\n      ^\n",
        userError("query", csv, "--where", "v1 >", "--agg", "count()").err());
    assertTrue(userError("query", csv, "--agg", "foo(v1)").err().contains("function foo"));
    assertTrue(userError("query", csv, "--orderby", "nope").err().contains("column nope not found"));
    assertTrue(userError("query", csv, "--groupby", "nope", "--agg", "count()").err()
        .contains("--groupby: column 'nope' not found"));
    assertTrue(userError("query", csv, "--groupby", "id1").err().contains("--groupby needs --agg"));
    assertTrue(userError("query", csv, "--agg", "count()", "--out", dir.resolve("x.json").toString()).err()
        .contains("end it in .parquet or .csv"));
    assertTrue(userError("schema", csv, "--dtype", "v1=decimal").err().contains("unknown type 'decimal'"));
    assertTrue(userError("query").err().contains("Missing required parameter"));
  }

  /** {@code --dtype col=decimal(p,s)}: read exactly, summed as a decimal, too wide named precisely. */
  @Test
  void decimalDtypeReadsMoneyExactly() throws IOException {
    Path money = dir.resolve("money.csv");
    Files.writeString(money, "k,price\na,12.50\nb,-0.5\na,7\nb,1e2\na,0.105\n");
    String file = money.toString();
    assertTrue(ok("schema", file, "--dtype", "price=decimal(15,2)").out()
        .contains("price  decimal(15,2)\n"));
    String out = ok("query", file, "--dtype", "price = Decimal(15, 2)", "--groupby", "k", "--agg",
        "sum(price)").out();
    assertTrue(out.contains("19.61") && out.contains("99.50"), out);
    Cli r = userError("query", file, "--dtype", "price=decimal(3,2)", "--agg", "sum(price)");
    assertTrue(r.err().contains("line 2") && r.err().contains("'price'") && r.err().contains("12.50")
        && r.err().contains("--dtype price=decimal(4,2)"), r.err());
    assertTrue(userError("schema", file, "--dtype", "price=decimal(40,2)").err()
        .contains("precision <= 38"));
  }

  @Test
  void debugShowsTheStackTraceOfAUserError() {
    Cli r = Cli.run("--debug", "query", csv, "--agg", "sum(fare)");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("partita: column fare not found") && r.err().contains("\tat "), r.err());
  }

  /** The acceptance test: a bad value past the type-inference sample is named precisely. */
  @Test
  void aBadValueDeepInACsvNamesFileLineAndColumn() throws IOException {
    Path bad = dir.resolve("bad.csv");
    try (BufferedWriter w = Files.newBufferedWriter(bad, StandardCharsets.UTF_8)) {
      w.write("x,y\n");
      for (int line = 2; line <= 300_000; line++) {
        w.write(line == 250_000 ? "12x4" : Integer.toString(line));
        w.write(",a\n");
      }
    }
    Cli r = userError("query", bad.toString(), "--agg", "sum(x)");
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(bad.toString()), r.err());
    assertTrue(r.err().contains("line 250000"), r.err());
    assertTrue(r.err().contains("column 'x'"), r.err());
    assertTrue(r.err().contains("12x4") && r.err().contains("--dtype x=string"), r.err());
  }

  @Test
  void reportHasOneBarPerTaskRun() throws IOException {
    Path report = dir.resolve("report/run.html");
    ok("--report", report.toString(), "query", csv, "--groupby", "id1", "--agg", "sum(v1)");
    String html = Files.readString(report);
    int bars = html.split("<rect class=\"task", -1).length - 1;
    Matcher kinds = Pattern.compile("<tr class=\"kind\"><td><span[^>]*></span>([^<]+)</td><td>(\\d+)</td>")
        .matcher(html);
    int counted = 0;
    StringBuilder names = new StringBuilder();
    while (kinds.find()) {
      counted += Integer.parseInt(kinds.group(2));
      names.append(kinds.group(1)).append(' ');
    }
    assertTrue(bars > 0 && bars == counted, bars + " bars, " + counted + " in the table");
    assertTrue(names.toString().matches(".*\\b(aggregate|chunk)\\b.*"), names.toString());
    assertTrue(html.contains("partita --report " + report + " query"), "command line in the title");
  }

  @Test
  void graphWritesDotAndExplainsAMissingGraphviz() throws IOException {
    Path dot = dir.resolve("g.dot");
    assertTrue(ok("graph", csv, "--groupby", "id1", "--agg", "sum(v1)", "--dot", dot.toString()).out()
        .startsWith("wrote the graph of "));
    assertTrue(Files.readString(dot).startsWith("digraph"));
    Assumptions.assumeTrue(Graphviz.find(System.getenv("PATH")).isEmpty(), "skipped: Graphviz is installed");
    assertTrue(userError("graph", csv, "--agg", "sum(v1)", "--svg", dir.resolve("g.svg").toString()).err()
        .contains("install graphviz"));
  }

  @Test
  void demoGeneratesOnceAndRunsItsQueries() throws IOException {
    Path demo = dir.resolve("demo");
    String out = ok("demo", "--rows", "200000", "--dir", demo.toString(), "--threads", "2").out();
    assertTrue(out.contains("Generating ") && out.contains("Converting it to Parquet"), out);
    assertTrue(out.contains("Data: 200,000 rows"), out);
    assertEquals(4, out.split("  time: ", -1).length - 1, out);
    assertTrue(out.contains("[4/4] ") && out.contains("wrote 2,000 rows to "), out);
    assertTrue(Files.isRegularFile(demo.resolve("G1_2e5_1e2_0_0.csv")));
    assertTrue(Files.isRegularFile(demo.resolve("G1_2e5_1e2_0_0.parquet/_SUCCESS")));
    assertTrue(Files.size(demo.resolve("sum_v1_by_id3.parquet")) > 0);
    String again = ok("demo", "--rows", "200000", "--dir", demo.toString()).out();
    assertFalse(again.contains("Generating ") || again.contains("Converting"), again);
  }
}
