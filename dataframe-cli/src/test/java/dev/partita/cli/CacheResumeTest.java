package dev.partita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query killed with SIGKILL half way resumes from its cache: no chunk task that finished runs again, and
 * the answer is the uncached one, byte for byte.
 */
class CacheResumeTest {
  private static final int FILES = 48;
  private static final Pattern CHUNK = Pattern.compile("\\bchunk-[0-9a-f]{32}");

  @TempDir
  Path dir;

  @Test
  void aKilledRunResumesWithoutRerunningFinishedChunks() throws Exception {
    Random random = new Random(7);
    for (int f = 0; f < FILES; f++) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(String.format("part-%02d.csv", f)))) {
        w.write("k,v,x\n");
        for (int i = 0; i < 40_000; i++) {
          w.write("key" + random.nextInt(5000) + "," + random.nextInt(1_000_000) + "," + random.nextDouble() + "\n");
        }
      }
    }
    Path cache = dir.resolve("cache");
    String glob = dir + "/part-*.csv";
    List<String> query = List.of("query", glob, "--groupby", "k", "--agg", "sum(v), mean(x), count()",
        "--threads", "1", "--quiet");

    Result plain = run(query, List.of("--report", dir.resolve("plain.html").toString()));
    assertEquals(0, plain.exit, plain.err);
    int chunks = chunksRun(dir.resolve("plain.html"));
    assertEquals(FILES, chunks);

    List<String> cached = List.of("--cache", cache.toString());
    Process killed = start(query, cached);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (chunkEntries(cache) < FILES / 3 && killed.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertTrue(killed.isAlive(), "the run finished before it could be killed; make the input larger");
    killed.destroyForcibly().waitFor();
    int finished = chunkEntries(cache);
    assertTrue(finished >= FILES / 3 && finished < FILES, "chunk entries after the kill: " + finished);

    List<String> resumedOptions = new ArrayList<>(cached);
    resumedOptions.addAll(List.of("--report", dir.resolve("resumed.html").toString()));
    Result resumed = run(query, resumedOptions);
    assertEquals(0, resumed.exit, resumed.err);
    assertEquals(FILES - finished, chunksRun(dir.resolve("resumed.html")));
    assertEquals(FILES, chunkEntries(cache));
    assertEquals(plain.out, resumed.out);
  }

  record Result(int exit, String out, String err) {}

  /** {@code partita <command> <options>} in a new JVM on the test class path. */
  private static List<String> java(List<String> command, List<String> options) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(command);
    cmd.addAll(options);
    return cmd;
  }

  private Process start(List<String> command, List<String> options) throws IOException {
    return new ProcessBuilder(java(command, options)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private Result run(List<String> command, List<String> options) throws Exception {
    Path out = dir.resolve("stdout-" + System.nanoTime());
    Path err = dir.resolve("stderr-" + System.nanoTime());
    Process p = new ProcessBuilder(java(command, options)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "query did not finish");
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
  }

  private static int chunksRun(Path report) throws IOException {
    Set<String> keys = new HashSet<>();
    Matcher m = CHUNK.matcher(Files.readString(report));
    while (m.find()) {
      keys.add(m.group());
    }
    return keys.size();
  }

  private static int chunkEntries(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(cache)) {
      return (int) files.filter(p -> p.getFileName().toString().matches("chunk-[0-9a-f]{32}\\.entry")).count();
    }
  }
}
