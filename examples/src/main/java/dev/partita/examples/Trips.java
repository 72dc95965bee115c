package dev.partita.examples;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.sum;

import dev.partita.DataFrame;
import dev.partita.Table;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The README's DataFrame example, runnable: a mean over a glob of CSV files and a filtered
 * groupBy. Without arguments it writes a few small taxi-trip files to a temporary directory first.
 *
 * <pre>{@code
 * java -cp ... dev.partita.examples.Trips            # generated data
 * java -cp ... dev.partita.examples.Trips 'trips/*.csv'
 * }</pre>
 */
public final class Trips {
  private Trips() {}

  /** Writes {@code files} CSV files of {@code rows} trips each (vendor, passengers, fare, tip) into {@code dir}. */
  public static void writeTrips(Path dir, int files, int rows, long seed) throws IOException {
    Files.createDirectories(dir);
    Random r = new Random(seed);
    String[] vendors = {"CMT", "VTS", "DDS"};
    for (int f = 0; f < files; f++) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("trips-" + f + ".csv"))) {
        w.write("vendor,passengers,fare,tip\n");
        for (int i = 0; i < rows; i++) {
          String tip = r.nextInt(10) == 0 ? "" : String.format(Locale.ROOT, "%.2f", r.nextDouble() * 8);
          w.write(String.format(Locale.ROOT, "%s,%d,%.2f,%s%n", vendors[r.nextInt(vendors.length)],
              1 + r.nextInt(5), 2.5 + r.nextDouble() * 60, tip));
        }
      }
    }
  }

  /**
   * The example itself: prints to {@code out} the mean fare and the table of fares and tips by vendor for
   * trips with more than one passenger, and returns that table.
   */
  public static Table run(String glob, PrintStream out) {
    DataFrame df = DataFrame.read(glob);
    double m = df.col("fare").mean().compute();
    out.printf(Locale.ROOT, "mean fare: %.4f%n", m);
    Table t = df.filter(col("passengers").gt(1))
        .groupBy("vendor")
        .agg(sum("fare"), mean("tip"), count())
        .compute();
    out.println(t);
    return t;
  }

  public static void main(String[] args) throws IOException {
    String glob;
    if (args.length > 0) {
      glob = args[0];
    } else {
      Path dir = Files.createTempDirectory("trips");
      writeTrips(dir, 3, 10_000, 7);
      glob = dir + "/*.csv";
    }
    try (Table t = run(glob, System.out)) {
      System.out.println(t.rowCount() + " vendors");
    }
  }
}
