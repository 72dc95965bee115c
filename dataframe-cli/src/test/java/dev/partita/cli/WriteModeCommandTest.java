package dev.partita.cli;

import static dev.partita.cli.Cli.ok;
import static dev.partita.cli.Cli.userError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.datasets.GroupByData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --mode error|overwrite|append} on the commands that write: an existing output is refused with one
 * line (exit 2) before anything is computed, replaced or appended to when asked; a failed write leaves the old
 * output and nothing else.
 */
class WriteModeCommandTest {
  @TempDir
  Path dir;
  String csv;

  @BeforeEach
  void data() throws IOException {
    Path file = dir.resolve("in/g.csv");
    GroupByData.writeCsv(file, 5_000, 10, 3);
    csv = file.toString();
  }

  /** A user error on one line. */
  private static String refused(String... args) {
    String err = userError(args).err();
    assertEquals(err.length() - 1, err.indexOf('\n'), err);
    return err;
  }

  private long count(Path out) {
    String o = ok("query", out.toString(), "--agg", "count() as n").out();
    List<String> lines = o.lines().toList();
    return Long.parseLong(lines.get(lines.size() - 1).trim());
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Everything in the output's directory but the inputs and the output itself. */
  private List<String> junk(Path out) throws IOException {
    return names(out.getParent()).stream().filter(n -> !n.equals(out.getFileName().toString())
        && !n.equals("in") && !n.endsWith(".html")).toList();
  }

  @Test
  void aDirectoryOutputIsRefusedReplacedOrAppendedTo() throws IOException {
    Path out = dir.resolve("parts");
    ok("query", csv, "--select", "id1,v1", "--out", out + "/");
    assertEquals(5_000, count(out));
    String err = refused("query", csv, "--select", "id1,v1", "--out", out + "/");
    assertTrue(err.startsWith("partita: " + out + ": already holds data (2 entries: _SUCCESS, part-00000.parquet)"),
        err);
    assertTrue(err.contains("--mode overwrite, --mode append"), err);
    ok("query", csv, "--select", "id1,v1", "--where", "v1 = 1", "--out", out + "/", "--mode", "overwrite");
    long ones = count(out);
    assertTrue(ones > 0 && ones < 5_000, "rows: " + ones);
    ok("query", csv, "--select", "id1,v1", "--out", out + "/", "--mode", "append");
    assertEquals(ones + 5_000, count(out));
    String mismatch = refused("convert", csv, out.toString(), "--mode", "append");
    assertTrue(mismatch.startsWith("partita: cannot append to " + out + ": its parts have the columns [id1 string,"
        + " v1 int64], the frame has [id1 string, id2 string, id3 string, "), mismatch);
    ok("convert", csv, out.toString(), "--mode", "overwrite");
    ok("query", csv, "--out", out.toString(), "--mode", "append");
    assertEquals(10_000, count(out));
    assertEquals(List.of(), junk(out));
  }

  /** result.parquet, written by a group-by. */
  private Path aggregated() {
    Path out = dir.resolve("result.parquet");
    ok("query", csv, "--groupby", "id1", "--agg", "sum(v1)", "--out", out.toString());
    return out;
  }

  @Test
  void anExistingFileIsRefusedBeforeComputingUnlessOverwritten() throws IOException {
    Path out = aggregated();
    byte[] before = Files.readAllBytes(out);
    Path report = dir.resolve("refused.html");
    String err = refused("query", csv, "--groupby", "id1", "--agg", "sum(v1)", "--out", out.toString(),
        "--report", report.toString());
    assertEquals("partita: " + out + ": exists; write with mode(\"overwrite\") to replace it"
        + " (CLI: --mode overwrite)\n", err);
    assertFalse(Files.readString(report).contains("chunk-"), "a task ran before the output was refused");
    assertTrue(refused("convert", csv, out.toString(), "--mode", "append").contains("never appended to"));
    assertEquals(List.of(), junk(out));
    assertTrue(Arrays.equals(before, Files.readAllBytes(out)));

    ok("query", csv, "--where", "v1 = 2", "--agg", "count() as n", "--out", out.toString(), "--mode", "overwrite");
    assertEquals(1, count(out));
    Path csvOut = dir.resolve("result.csv");
    ok("convert", csv, csvOut.toString());
    refused("convert", csv, csvOut.toString());
    ok("convert", csv, csvOut.toString(), "--mode", "overwrite");
    assertEquals(5_001, Files.readAllLines(csvOut).size());
    assertEquals(List.of("result.csv"), junk(out));
  }

  @Test
  void aFailedWriteLeavesTheOldOutputAndNoScratchFiles() throws IOException {
    Path out = aggregated();
    byte[] before = Files.readAllBytes(out);
    Path parts = dir.resolve("parts");
    ok("query", csv, "--out", parts + "/");
    List<String> partsBefore = names(parts);
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(csv)));
    lines.set(4_000, lines.get(4_000).replaceFirst(",[0-9]+,([0-9]+),([0-9.]+)$", ",x9,$1,$2"));
    Files.write(Path.of(csv), lines);
    for (String target : List.of(out.toString(), parts + "/")) {
      String err = refused("query", csv, "--dtype", "v1=int", "--groupby", "id1", "--agg", "sum(v1)", "--out",
          target, "--mode", "overwrite");
      assertTrue(err.contains("x9") && err.contains("v1"), err);
    }
    assertTrue(Arrays.equals(before, Files.readAllBytes(out)));
    assertEquals(partsBefore, names(parts));
    assertEquals(List.of("parts"), junk(out));
  }

  @Test
  void anUnknownModeIsAUsageError() {
    Cli r = Cli.run("query", csv, "--agg", "count()", "--out", dir.resolve("x.csv").toString(), "--mode", "replace");
    assertEquals(2, r.exit());
    String err = r.err();
    assertTrue(err.startsWith("partita: Invalid value for option '--mode': unknown write mode 'replace': use error"
        + " (the default: refuse a target that holds data), overwrite or append\n"), err);
    assertFalse(Files.exists(dir.resolve("x.csv")));
    assertTrue(err.contains("unknown write mode 'replace': use error (the default: refuse a target that holds"
        + " data), overwrite or append"), err);
  }
}
