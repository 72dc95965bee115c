package dev.partita.io;

import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvSource;
import dev.partita.io.fs.Compression;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import dev.partita.io.parquet.ParquetOptions;
import dev.partita.io.parquet.ParquetSource;
import dev.partita.io.text.JsonSource;
import dev.partita.io.text.TextSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens a source by its file names, with default options: {@code .csv} as CSV, {@code .tsv} as
 * tab-separated CSV, {@code .parquet} as Parquet, {@code .txt} and {@code .log} as text lines,
 * {@code .jsonl}, {@code .ndjson} and {@code .json} as JSON lines; all but Parquet also compressed
 * ({@code .gz}, {@code .zst}, {@code .bz2}). A directory or glob is read by the extension of its
 * files, which must all agree.
 *
 * <pre>{@code
 * Source trips = Sources.open("trips/*.parquet");
 * Source events = Sources.open("events/*.jsonl.gz");
 * }</pre>
 */
public final class Sources {

  private enum Format {
    CSV("CSV"), TSV("TSV"), PARQUET("Parquet"), TEXT("text lines"), JSON("JSON lines");

    private final String label;

    Format(String label) {
      this.label = label;
    }
  }

  private Sources() {}

  /**
   * The source for a file, directory or glob, chosen by file extension.
   *
   * @throws DataException for an unknown extension, or a directory or glob mixing formats
   */
  public static Source open(String path) throws IOException {
    Format format;
    if (Storage.isLocal(path) && !Storage.isGlob(path) && !Files.isDirectory(Path.of(path))) {
      format = format(path);
    } else {
      List<DataFile> files = Storage.list(path);
      format = format(files.get(0).path());
      for (DataFile f : files) {
        Format other = format(f.path());
        if (other != format) {
          throw new DataException(path, null, null, null,
              "its files mix formats: " + files.get(0).name() + " is " + format.label
                  + " but " + f.name() + " is " + other.label,
              "read each format separately, e.g. with readCsv(...) or readParquet(...)");
        }
      }
    }
    return switch (format) {
      case CSV -> CsvSource.of(path, CsvOptions.defaults());
      case TSV -> CsvSource.of(path, CsvOptions.defaults().delimiter('\t'));
      case PARQUET -> ParquetSource.of(path, ParquetOptions.defaults());
      case TEXT -> TextSource.of(path);
      case JSON -> JsonSource.of(path);
    };
  }

  private static Format format(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    boolean compressed = Compression.byName(name) != Compression.NONE;
    String base = Compression.stripExtension(name);
    int dot = base.lastIndexOf('.');
    Format f = switch (dot < 0 ? "" : base.substring(dot + 1)) {
      case "parquet" -> compressed ? null : Format.PARQUET;
      case "csv" -> Format.CSV;
      case "tsv" -> Format.TSV;
      case "txt", "log" -> Format.TEXT;
      case "jsonl", "ndjson", "json" -> Format.JSON;
      default -> null;
    };
    if (f == null) {
      throw new DataException(file, null, null, null,
          "cannot tell the format from the file name",
          "readers exist for CSV (.csv, .tsv), Parquet (.parquet), text lines (.txt, .log) and JSON"
              + " lines (.jsonl, .ndjson, .json), each but Parquet also compressed (.gz, .zst,"
              + " .bz2); for another name say the format with readCsv(...), readParquet(...),"
              + " TextSource.of(...) or JsonSource.of(...)");
    }
    return f;
  }
}
