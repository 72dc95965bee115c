package dev.partita.io.sink;

import java.io.Serializable;
import java.util.Objects;

/**
 * How {@link Sinks#parquet} writes: compression codec, row-group size (bytes and rows), page size,
 * dictionary encoding and data-page version.
 *
 * <pre>{@code
 * ParquetWriteOptions o = ParquetWriteOptions.defaults().withCodec(ParquetWriteOptions.Codec.ZSTD);
 * }</pre>
 *
 * @param codec the page compression
 * @param rowGroupBytes a row group is closed once its buffered size reaches this many bytes
 * @param rowGroupRows ... or this many rows
 * @param pageSize target page size in bytes
 * @param dictionary whether columns are dictionary-encoded while their dictionary stays small
 * @param v2Pages whether to write Parquet 2.0 data pages (levels outside the compressed data) instead of 1.0;
 *     the encodings are PLAIN and RLE_DICTIONARY either way, which every reader supports
 */
public record ParquetWriteOptions(Codec codec, long rowGroupBytes, int rowGroupRows,
    int pageSize, boolean dictionary, boolean v2Pages) implements Serializable {

  /** Page compression codecs. */
  public enum Codec { SNAPPY, ZSTD, UNCOMPRESSED }

  public ParquetWriteOptions {
    Objects.requireNonNull(codec, "codec");
    if (rowGroupBytes <= 0 || rowGroupRows <= 0 || pageSize <= 0) {
      throw new IllegalArgumentException("row group and page sizes must be positive");
    }
  }

  /** Snappy, 128 MiB / 1 M-row row groups, 1 MiB pages, dictionaries, v1 pages (widest support). */
  public static ParquetWriteOptions defaults() {
    return new ParquetWriteOptions(Codec.SNAPPY, 128L << 20, 1 << 20, 1 << 20, true, false);
  }

  public ParquetWriteOptions withCodec(Codec c) {
    return new ParquetWriteOptions(c, rowGroupBytes, rowGroupRows, pageSize, dictionary, v2Pages);
  }

  public ParquetWriteOptions withRowGroupBytes(long b) {
    return new ParquetWriteOptions(codec, b, rowGroupRows, pageSize, dictionary, v2Pages);
  }

  public ParquetWriteOptions withRowGroupRows(int r) {
    return new ParquetWriteOptions(codec, rowGroupBytes, r, pageSize, dictionary, v2Pages);
  }

  public ParquetWriteOptions withPageSize(int b) {
    return new ParquetWriteOptions(codec, rowGroupBytes, rowGroupRows, b, dictionary, v2Pages);
  }

  public ParquetWriteOptions withDictionary(boolean on) {
    return new ParquetWriteOptions(codec, rowGroupBytes, rowGroupRows, pageSize, on, v2Pages);
  }

  public ParquetWriteOptions withV2Pages(boolean on) {
    return new ParquetWriteOptions(codec, rowGroupBytes, rowGroupRows, pageSize, dictionary, on);
  }
}
