package dev.partita.cli;

import dev.partita.DataFrame;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens the input files of a command as one DataFrame. Several arguments (what a shell expands a glob
 * into) become one glob {@code base/{a.csv,b.csv}}; the format is Parquet when every input looks like
 * Parquet, else CSV.
 */
final class Inputs {
  private Inputs() {}

  static DataFrame open(List<String> inputs, List<Dtype> dtypes) {
    String pattern = inputs.size() == 1 ? inputs.get(0) : union(inputs);
    if (inputs.stream().allMatch(Inputs::isParquet)) {
      if (!dtypes.isEmpty()) {
        throw new UsageException("--dtype applies to CSV input only; Parquet files carry their types");
      }
      return DataFrame.readParquet(pattern);
    }
    CsvOptions options = CsvOptions.defaults();
    for (Dtype d : dtypes) {
      options = options.dtype(d.column(), d.type());
    }
    return DataFrame.readCsv(pattern, options);
  }

  static boolean isParquet(String input) {
    String lower = input.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet") || lower.endsWith(".parq") || lower.endsWith(".parquet/")) {
      return true;
    }
    Path p = Path.of(input);
    if (Storage.isGlob(input) || !Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(p)) {
      return files.map(f -> f.getFileName().toString().toLowerCase(Locale.ROOT))
          .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
          .anyMatch(n -> n.endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One glob for several files or directories: their common directory, then a {@code {...}} group. */
  static String union(List<String> inputs) {
    List<Path> paths = new ArrayList<>();
    for (String in : inputs) {
      if (Storage.isGlob(in)) {
        throw new UsageException("give either one quoted glob or several files, not both: '" + in + "'");
      }
      paths.add(Path.of(in).toAbsolutePath().normalize());
    }
    Path base = paths.get(0).getParent();
    for (Path p : paths) {
      while (!p.startsWith(base) || p.equals(base)) {
        base = base.getParent();
      }
    }
    StringBuilder glob = new StringBuilder();
    for (Path p : paths) {
      String rel = escape(base.relativize(p).toString());
      glob.append(glob.length() == 0 ? "{" : ",").append(Files.isDirectory(p) ? rel + "/**" : rel);
    }
    return base + (base.toString().endsWith("/") ? "" : "/") + glob.append('}');
  }

  private static String escape(String path) {
    StringBuilder sb = new StringBuilder();
    for (char c : path.toCharArray()) {
      if ("*?[]{},\\".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
