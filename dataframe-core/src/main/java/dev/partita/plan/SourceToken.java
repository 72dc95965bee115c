package dev.partita.plan;

import dev.partita.io.Source;
import dev.partita.io.csv.CsvSource;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.io.text.JsonSource;
import dev.partita.io.text.TextSource;
import java.util.List;

/**
 * What of a source the batches read from one of its partitions depend on: its kind, options and schema,
 * not its list of files (each partition names its own file, size and modification time). A scan hashes as
 * this, so the cached results of a file's partitions stay valid when other files are added. Text lines have
 * one fixed column; JSON lines depend on their options and on the columns inferred from the sample (declared
 * types replace inferred ones, so the schema says both). Other sources hash whole.
 */
final class SourceToken {

  private SourceToken() {}

  static Object of(Source source) {
    if (source instanceof CsvSource csv) {
      return List.of("csv", csv.options(), csv.types(), csv.schema().toJson());
    }
    if (source instanceof ParquetSource parquet) {
      return List.of("parquet", parquet.options(), parquet.schema().toJson());
    }
    if (source instanceof TextSource) {
      return List.of("text", TextSource.COLUMN);
    }
    if (source instanceof JsonSource json) {
      return List.of("json", json.options(), json.types(), json.schema().toJson());
    }
    return source;
  }
}
