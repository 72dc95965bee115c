package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code partita} launcher script, run with a {@code java} on the PATH that only records its arguments: which
 * JVM options each kind of command gets.
 */
class LauncherTest {

  private static final String QUICK = "-XX:TieredStopAtLevel=1";

  @Test
  void aComputeCommandAfterGlobalOptionsWithValuesKeepsTheOptimizingCompiler(@TempDir Path dir) throws Exception {
    List<String> java = launch(dir, "--threads", "2", "--memory", "512m", "--quiet", "query", "x.csv");
    assertFalse(java.contains(QUICK), java.toString());
    assertFalse(java.contains("-XX:+UseSerialGC"), java.toString());
    assertEquals("query", java.get(java.size() - 2), java.toString());
  }

  @Test
  void aCommandThatLooksAtAFileGetsTheQuickOptionsWhereverItsOptionsAre(@TempDir Path dir) throws Exception {
    assertTrue(launch(dir, "head", "x.csv").contains(QUICK));
    List<String> java = launch(dir, "--cache", "query", "--report=r.html", "head", "x.csv");
    assertTrue(java.contains(QUICK) && java.contains("-XX:+UseSerialGC"), java.toString());
  }

  @Test
  void onlyTheDemoCommandGetsTheDemosSmallHeap(@TempDir Path dir) throws Exception {
    assertTrue(launch(dir, "--threads", "2", "demo").contains("-Xmx256m"));
    List<String> java = launch(dir, "query", "demo", "--groupby", "k");
    assertTrue(java.contains("-Xmx1g") && !java.contains("-Xmx256m"), java.toString());
  }

  @Test
  void everyGlobalOptionWithAValueIsSkippedWithItsValue(@TempDir Path dir) throws Exception {
    List<String> valued = new ArrayList<>();
    for (OptionSpec o : new CommandLine(new Main()).getCommandSpec().options()) {
      if (o.arity().max() > 0) {
        valued.add(o.longestName());
      }
    }
    assertTrue(valued.contains("--threads") && valued.contains("--cluster"), valued.toString());
    for (String option : valued) {
      // the value "head" is the option's; the subcommand is the query after it
      List<String> java = launch(dir, option, "head", "query", "x.csv");
      assertFalse(java.contains(QUICK), option + ": " + java);
    }
  }

  @Test
  void onlyAWorkerOrAClusterRunGetsHazelcastsModuleOptions(@TempDir Path dir) throws Exception {
    assertTrue(launch(dir, "worker").contains("--add-modules"));
    assertTrue(launch(dir, "query", "x.csv", "--cluster=h:5701").contains("--add-modules"));
    assertFalse(launch(dir, "head", "worker").contains("--add-modules"));
  }

  /** The arguments of the last {@code java} the launcher ran for {@code args}. */
  private static List<String> launch(Path dir, String... args) throws IOException, InterruptedException {
    Path root = dir.resolve("root");
    Path jar = root.resolve("dataframe-cli/target/partita.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(Path.of("..", "partita"), root.resolve("partita"), StandardCopyOption.REPLACE_EXISTING);
    Files.write(jar, new byte[0]);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("java.log");
    Files.deleteIfExists(log);
    Path stub = bin.resolve("java");
    Files.writeString(stub, "#!/bin/sh\n: > '" + log + "'\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + log
        + "'; done\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("partita").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().remove("PARTITA_JAVA_OPTS");
    pb.environment().remove("PARTITA_CLASSPATH");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
    assertEquals(0, p.exitValue(), out);
    return Files.readAllLines(log);
  }
}
