package dev.partita.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.DataFrame;
import dev.partita.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's DataFrame example gives what a plain loop over the same files gives. */
class TripsTest {

  @Test
  void readmeExampleMatchesAPlainLoop(@TempDir Path dir) throws IOException {
    Trips.writeTrips(dir, 3, 2_000, 11);
    Map<String, double[]> expected = new HashMap<>();
    double fareSum = 0;
    long rows = 0;
    for (int f = 0; f < 3; f++) {
      List<String> lines = Files.readAllLines(dir.resolve("trips-" + f + ".csv"));
      for (String line : lines.subList(1, lines.size())) {
        String[] v = line.split(",", -1);
        double fare = Double.parseDouble(v[2]);
        fareSum += fare;
        rows++;
        if (Integer.parseInt(v[1]) > 1) {
          double[] acc = expected.computeIfAbsent(v[0], k -> new double[4]);
          acc[0] += fare;
          acc[3]++;
          if (!v[3].isEmpty()) {
            acc[1] += Double.parseDouble(v[3]);
            acc[2]++;
          }
        }
      }
    }
    assertEquals(fareSum / rows, DataFrame.read(dir + "/*.csv").col("fare").mean().compute(), 1e-9);

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Table t = Trips.run(dir + "/*.csv", new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      assertEquals(List.of("vendor", "fare", "tip", "count"), t.columnNames());
      assertEquals(expected.size(), t.rowCount());
      for (int r = 0; r < t.rowCount(); r++) {
        double[] acc = expected.get(t.getString(r, "vendor"));
        assertEquals(acc[0], t.getDouble(r, "fare"), 1e-9 * acc[0]);
        assertEquals(acc[1] / acc[2], t.getDouble(r, "tip"), 1e-9);
        assertEquals((long) acc[3], t.getLong(r, "count"));
      }
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith(String.format(Locale.ROOT, "mean fare: %.4f%n", fareSum / rows)), out);
    for (String vendor : expected.keySet()) {
      assertTrue(out.contains(vendor), vendor + " not in\n" + out);
    }
  }
}
