package dev.partita.bench.compare;

import java.util.Locale;

/** The on-disk formats the questions are answered from. */
enum Format {
  CSV("csv", "CSV", "read_csv"),
  PARQUET("parquet", "Parquet", "read_parquet");

  final String extension;
  final String title;
  final String duckdbReader;

  Format(String extension, String title, String duckdbReader) {
    this.extension = extension;
    this.title = title;
    this.duckdbReader = duckdbReader;
  }

  static Format parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
