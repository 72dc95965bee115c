package dev.partita.bench.compare;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One engine's timings for one question, or why there are none.
 *
 * @param engine the engine's display name
 * @param status whether the engine answered
 * @param seconds the timed runs' wall-clock seconds, in run order
 * @param reason why the status is not {@code OK}, else null
 * @param peakRssKiB the JVM's VmHWM after the timed runs (per question only in a child JVM), or -1
 * @param rows the number of rows in the answer, or -1 unless {@code OK}
 * @param answer the answer until compared, then null (answers can be large); null for a question whose
 *     answer is written to files
 */
record Measurement(String engine, Status status, List<Double> seconds, String reason, long peakRssKiB,
    long rows, Answer answer) implements Serializable {

  /** OK: answered; NA: the engine threw UnsupportedOperationException; ERROR: it failed; SKIPPED: not run. */
  enum Status { OK, NA, ERROR, SKIPPED }

  static Measurement ok(String engine, List<Double> seconds, Answer answer) {
    return new Measurement(engine, Status.OK, List.copyOf(seconds), null, -1, answer.rowCount(), answer);
  }

  /** Answered into files (a {@link Question#written()} question) of {@code rows} rows in all. */
  static Measurement written(String engine, List<Double> seconds, long rows) {
    return new Measurement(engine, Status.OK, List.copyOf(seconds), null, -1, rows, null);
  }

  static Measurement without(String engine, Status status, String reason) {
    return new Measurement(engine, status, List.of(), reason, -1, -1, null);
  }

  Measurement withPeakRss(long kib) {
    return new Measurement(engine, status, seconds, reason, kib, rows, answer);
  }

  Measurement withoutAnswer() {
    return new Measurement(engine, status, seconds, reason, peakRssKiB, rows, null);
  }

  boolean ok() {
    return status == Status.OK;
  }

  double median() {
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
