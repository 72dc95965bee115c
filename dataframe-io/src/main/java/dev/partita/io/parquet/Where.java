package dev.partita.io.parquet;

/** A file and a row group, for the messages of {@link dev.partita.io.DataException}. */
record Where(String file, String location) {}
