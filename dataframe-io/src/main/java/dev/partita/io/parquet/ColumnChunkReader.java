package dev.partita.io.parquet;

import org.apache.arrow.vector.FieldVector;

/** Decodes one column chunk of a row group into Arrow vectors, one batch at a time. */
interface ColumnChunkReader {

  /** Fills rows {@code [0, n)} of a freshly allocated {@code vector} with the next n values. */
  void read(FieldVector vector, int n);
}
