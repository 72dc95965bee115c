package dev.partita.cli;

import dev.partita.DataFrame;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The output flags ({@code --out}, {@code --mode}) of the commands that compute a frame ({@code query}, {@code sql}). */
final class OutputOptions {

  @Option(names = "--out", paramLabel = "PATH",
      description = "Write the result instead: a .parquet or .csv file, or a directory for a partitioned write.")
  String out;

  @Mixin WriteOptions write;

  /** Writes {@code df} to {@code --out} and reports the row count; false (nothing done) without {@code --out}. */
  boolean write(DataFrame df, Session session) throws IOException {
    if (out == null) {
      return false;
    }
    long rows = Outputs.write(df, Outputs.target(out, false), session.compute(), write.mode);
    session.endProgress();
    session.out.printf(Locale.ROOT, "wrote %,d rows to %s%n", rows, out);
    return true;
  }
}
