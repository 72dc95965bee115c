package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.graph.TaskFailedException;
import dev.partita.io.DataException;
import dev.partita.io.csv.CsvType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

class MainTest {

  @Test
  void helpListsTheSubcommandsAndGlobalOptions() {
    Cli r = Cli.run("--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("Usage: partita"), r.out());
    assertTrue(r.out().contains("--threads=N") && r.out().contains("--report=FILE.html"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void onlyTheNamedSubcommandIsBuiltAndOptionsBeforeItStillApply(@TempDir Path dir) throws IOException {
    picocli.CommandLine.Model.CommandSpec spec = new picocli.CommandLine(new Main()).getCommandSpec();
    assertEquals("head", Main.subcommand(spec, new String[] {"head", "x.csv"}));
    assertEquals("head", Main.subcommand(spec, new String[] {"--threads", "2", "--quiet", "head", "x.csv"}));
    assertEquals("query", Main.subcommand(spec, new String[] {"--report", "head", "query", "x.csv"}));
    assertEquals("query", Main.subcommand(spec, new String[] {"--cache-max=1g", "query"}));
    assertNull(Main.subcommand(spec, new String[] {"help", "head"}));
    assertNull(Main.subcommand(spec, new String[] {"hed", "x.csv"}));
    assertNull(Main.subcommand(spec, new String[] {"--version"}));

    Path csv = Files.writeString(dir.resolve("small.csv"), "k,v\n1,a\n2,b\n");
    Cli before = Cli.ok("--threads", "1", "head", csv.toString(), "-n", "1");
    assertEquals(Cli.ok("head", csv.toString(), "-n", "1", "--threads", "1").out(), before.out());
    assertTrue(before.out().contains("shape: (1, 2)"), before.out());
    Cli typo = Cli.userError("hed", csv.toString());
    assertTrue(typo.err().contains("Unmatched argument") && typo.err().contains("Did you mean: partita"), typo.err());
    Cli help = Cli.ok("help", "head");
    assertTrue(help.out().contains("Usage: partita head"), help.out());
    assertTrue(Cli.ok("--help").out().contains("worker"));
  }

  @Test
  void usageErrorsExitTwoWithoutAStackTrace() {
    Cli none = Cli.run();
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("Missing a command"), none.err());
    Cli bad = Cli.run("--threads", "many");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("Invalid value for option '--threads'"), bad.err());
    assertTrue(!bad.err().contains("\tat "), bad.err());
    assertEquals(2, Cli.run("--memory", "lots", "help").exit());
  }

  @Test
  void parsesSizesAndDtypes() {
    assertEquals(512L << 20, Sizes.parse("512m"));
    assertEquals(2L << 30, Sizes.parse("2G"));
    assertEquals(1000, Sizes.parse("1000"));
    assertEquals(64L << 10, Sizes.parse("64kb"));
    assertThrows(TypeConversionException.class, () -> Sizes.parse("0"));
    assertThrows(TypeConversionException.class, () -> Sizes.parse("12q"));
    assertEquals(new Dtype("zip", CsvType.STRING), new Dtype.Converter().convert("zip=string"));
    assertEquals(new Dtype("a=b", CsvType.INT64), new Dtype.Converter().convert("a=b=int"));
    assertThrows(TypeConversionException.class, () -> new Dtype.Converter().convert("zip"));
    assertThrows(TypeConversionException.class, () -> new Dtype.Converter().convert("zip=text"));
  }

  @Test
  void classifiesUserAndInternalErrors() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
    RuntimeException wrapped = new TaskFailedException("sum-chunk-1",
        new DataException("bad.csv", "line 250000", "x", "12x4", "not an integer", "fix it"));
    assertEquals(2, Errors.report(wrapped, err, false));
    assertEquals("partita: bad.csv, line 250000, column 'x': not an integer (value: '12x4'). fix it\n",
        buf.toString(StandardCharsets.UTF_8));
    buf.reset();
    assertEquals(2, Errors.report(new TaskFailedException("combine-1", new OutOfMemoryError("Java heap space")), err,
        false));
    assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("partita: out of memory (Java heap space, a heap of "),
        buf.toString(StandardCharsets.UTF_8));
    assertTrue(buf.toString(StandardCharsets.UTF_8).endsWith("PARTITA_JAVA_OPTS=-Xmx4g, or use fewer --threads\n"));
    buf.reset();
    assertEquals(1, Errors.report(new IllegalStateException("boom"), err, false));
    assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("partita: internal error: java.lang.IllegalStateException: boom\n"));
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("\tat "));
  }

  @Test
  void anUnreachableStoreIsOneLineNamingTheFile() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
    RuntimeException wrapped = new TaskFailedException("csv-chunk-0", new UncheckedIOException(
        "cannot read s3a://bucket/x.csv: getFileStatus on s3a://bucket/x.csv",
        new IOException("SdkClientException", new UnknownHostException("bucket.s3.us-east-2.amazonaws.com"))));
    assertEquals(2, Errors.report(wrapped, err, false));
    assertEquals("partita: cannot read s3a://bucket/x.csv: getFileStatus on s3a://bucket/x.csv. Check the address"
        + " (for S3, fs.s3a.endpoint and the bucket's region), the network and the credentials\n",
        buf.toString(StandardCharsets.UTF_8));
    buf.reset();
    assertEquals(1, Errors.report(new UncheckedIOException(new IOException("disk on fire")), err, false));
  }
}
