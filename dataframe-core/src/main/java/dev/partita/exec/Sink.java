package dev.partita.exec;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Where a stream of batches goes: each call hands over a batch the sink then owns (and closes). It returns
 * whether it wants more, so a limit can stop a scan early.
 */
@FunctionalInterface
interface Sink {
  boolean accept(VectorSchemaRoot batch);
}
