package dev.partita.io;

import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvSource;
import dev.partita.io.fs.DataFile;
import dev.partita.io.fs.Storage;
import dev.partita.io.parquet.ParquetOptions;
import dev.partita.io.parquet.ParquetSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens a source by its file names, with default options: {@code .csv}, {@code .csv.gz},
 * {@code .csv.zst} as CSV, {@code .tsv} as tab-separated CSV, {@code .parquet} as Parquet. A
 * directory or glob is read by the extension of its files, which must all agree.
 *
 * <pre>{@code
 * Source trips = Sources.open("trips/*.parquet");
 * Source log = Sources.open("log.csv.gz");
 * }</pre>
 */
public final class Sources {

  private enum Format {
    CSV, TSV, PARQUET;

    String label() {
      return this == PARQUET ? "Parquet" : name();
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
              "its files mix formats: " + files.get(0).name() + " is " + format.label()
                  + " but " + f.name() + " is " + other.label(),
              "read each format separately with readCsv(...) or readParquet(...)");
        }
      }
    }
    return switch (format) {
      case CSV -> CsvSource.of(path, CsvOptions.defaults());
      case TSV -> CsvSource.of(path, CsvOptions.defaults().delimiter('\t'));
      case PARQUET -> ParquetSource.of(path, ParquetOptions.defaults());
    };
  }

  private static Format format(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return Format.PARQUET;
    }
    if (name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".csv.zst")) {
      return Format.CSV;
    }
    if (name.endsWith(".tsv") || name.endsWith(".tsv.gz") || name.endsWith(".tsv.zst")) {
      return Format.TSV;
    }
    throw new DataException(file, null, null, null,
        "cannot tell the format from the file name",
        "readers exist for CSV (.csv, .csv.gz, .csv.zst, .tsv) and Parquet (.parquet); for"
            + " another name say the format with readCsv(...) or readParquet(...)");
  }
}
