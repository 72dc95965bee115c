package dev.partita.bag;

import java.io.IOException;

/**
 * The elements of one partition, pulled one at a time: {@link #next()} returns {@link #END} after the last
 * (an element may be null). Pulling lets a reader stop early ({@code take}) and lets a partition be read
 * batch by batch into Arrow ({@code toDataFrame}); closing releases what the source holds.
 *
 * <pre>{@code
 * try (Elements in = part.open(env)) {
 *   for (Object x; (x = in.next()) != Elements.END; ) { ... }
 * }
 * }</pre>
 */
public interface Elements extends AutoCloseable {

  /** Returned by {@link #next()} once there is no element left. */
  Object END = new Object();

  Object next() throws IOException;

  @Override
  void close() throws IOException;
}
