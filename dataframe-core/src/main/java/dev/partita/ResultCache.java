package dev.partita;

import dev.partita.exec.ArrowCodecs;
import dev.partita.exec.ExecContext;
import dev.partita.graph.CacheCodec;
import dev.partita.graph.TaskCache;
import dev.partita.io.DataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The task cache of dataframe computations: the results of scans (chunk), partial-aggregation merges
 * (combine), finalizes, sorts and concatenations, with the Arrow codecs of the computation. Writes are not
 * cached, having effects; shuffle outputs and join tables neither, being files and memory of one run. Every
 * entry's name holds the fingerprint of the engine's code ({@link #CODE}: the classes of dataframe-core and
 * dataframe-io, whose readers, kernels and states shape every result), so another build of the engine never
 * reads an entry of this one; Java-serialized values decode only into the JDK's and Partita's classes (the
 * cache's allow-list).
 */
final class ResultCache {
  private static final Set<String> CACHED = Set.of("chunk", "combine", "finalize", "concat");
  /**
   * The top-level classes of the engine, found once per process: 225 in the benchmarks jar, whose loading and
   * hashing took about 0.6 CPU seconds of a fresh JVM (17% of CacheBench's warm run, JFR samples).
   */
  static final List<Class<?>> CODE = engineClasses(ResultCache.class, DataException.class);

  private ResultCache() {}

  static TaskCache of(Path dir, long maxBytes, ExecContext ctx) {
    TaskCache cache = TaskCache.at(dir).withCodeOf(CODE.toArray(new Class<?>[0])).maxBytes(maxBytes)
        .only(t -> CACHED.contains(t.name()));
    for (CacheCodec<?> codec : ArrowCodecs.of(ctx)) {
      cache = cache.withCodec(codec);
    }
    return cache;
  }

  /**
   * The top-level {@code dev.partita} classes in the class directories or jars of {@code anchors}, but those
   * of the CLI and the benchmarks (which a shaded jar holds too, and which do not shape results). A class
   * that cannot be linked (an optional dependency missing) cannot run either and is left out.
   */
  private static List<Class<?>> engineClasses(Class<?>... anchors) {
    Set<String> names = new TreeSet<>();
    for (Class<?> anchor : anchors) {
      CodeSource source = anchor.getProtectionDomain().getCodeSource();
      try {
        Path where = Path.of(source.getLocation().toURI());
        if (Files.isDirectory(where)) {
          try (Stream<Path> files = Files.walk(where)) {
            files.map(f -> where.relativize(f).toString().replace('\\', '/')).forEach(f -> addClass(f, names));
          }
        } else {
          try (JarFile jar = new JarFile(where.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
              addClass(e.nextElement().getName(), names);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the engine's classes to fingerprint the cache", e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot locate the engine's classes: " + source.getLocation(), e);
      }
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      try {
        classes.add(Class.forName(name, false, ResultCache.class.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        // Not loadable here, so not run here either: its code cannot shape a result.
      }
    }
    return List.copyOf(classes);
  }

  private static void addClass(String file, Set<String> names) {
    if (file.startsWith("dev/partita/") && file.endsWith(".class") && !file.contains("$")
        && !file.endsWith("-info.class") && !file.startsWith("dev/partita/cli/")
        && !file.startsWith("dev/partita/bench/")) {
      names.add(file.substring(0, file.length() - ".class".length()).replace('/', '.'));
    }
  }
}
