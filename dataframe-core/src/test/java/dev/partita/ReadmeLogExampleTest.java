package dev.partita;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's log-parsing snippet, as written there, on generated {@code .log.gz} files: it is compiled
 * with the JDK's compiler (its {@code logs/} directory pointed at the test's) and its results compared with
 * Java streams over the same lines.
 */
class ReadmeLogExampleTest {

  private static final String HEADING = "## Log parsing with bags";

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  /** The first java block after the heading, as lines. */
  static List<String> snippet() throws Exception {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int at = readme.indexOf(HEADING);
    assertTrue(at >= 0, "README.md has no heading " + HEADING);
    while (!readme.get(at).equals("```java")) {
      at++;
    }
    List<String> code = new ArrayList<>();
    for (at++; !readme.get(at).equals("```"); at++) {
      code.add(readme.get(at));
    }
    return code;
  }

  @Test
  void theReadmeSnippetCountsNotFoundAndFindsTheTopUrls() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      files.add(LogFiles.write(logs.resolve("access-" + i + ".log.gz"), 3_000 + 500 * i, 40 + i));
    }
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : snippet()) {
      (line.startsWith("import ") ? imports : body).append(line.replace("\"logs/", "\"" + logs + "/")).append('\n');
    }
    String source = imports + "public class ReadmeSnippet {\n  public static Object[] run() {\n" + body
        + "    return new Object[] {n404, top};\n  }\n}\n";
    Path src = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("ReadmeSnippet.java"), source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d",
        classes.toString(), src.toString()), "the README snippet does not compile:\n" + source);

    Object[] got;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method run = loader.loadClass("ReadmeSnippet").getMethod("run");
      got = (Object[]) run.invoke(null);
    }

    List<String> lines = LogFiles.lines(files);
    assertEquals(lines.stream().filter(l -> l.contains("\" 404 ")).count(), got[0]);
    Map<String, Long> counts = lines.stream().map(l -> l.split(" ")[6])
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    List<Long> largest = counts.values().stream().sorted(Comparator.reverseOrder()).limit(3).toList();
    @SuppressWarnings("unchecked")
    List<Map.Entry<String, Long>> top = (List<Map.Entry<String, Long>>) got[1];
    assertEquals(largest, top.stream().map(Map.Entry::getValue).toList());
    for (Map.Entry<String, Long> e : top) {
      assertEquals(counts.get(e.getKey()), e.getValue(), e.getKey());
      assertTrue(e.getKey().startsWith("/"), "a URL: " + e.getKey());
    }
  }
}
