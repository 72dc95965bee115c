package dev.partita.lower;

import dev.partita.io.Partition;
import dev.partita.io.csv.CsvPartition;
import dev.partita.io.parquet.ParquetPartition;
import dev.partita.plan.Plan;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Size estimates of a scan from metadata only: Parquet row counts from the footers (times the Arrow width
 * of the columns read), CSV byte ranges (times the share of the columns read). They choose between a
 * broadcast and a partitioned join, so they err high.
 */
final class Estimates {

  /** Bytes assumed per string value in Arrow (offset plus data) when nothing better is known. */
  private static final int STRING_BYTES = 24;

  private Estimates() {}

  static Stage.Estimate scan(Plan.Scan scan, List<Partition> partitions) {
    Schema read = scan.schema();
    int all = scan.source().schema().getFields().size();
    long rows = 0;
    long bytes = 0;
    for (Partition p : partitions) {
      if (p instanceof ParquetPartition pp) {
        rows += pp.rowCount();
        bytes += pp.rowCount() * rowWidth(read);
      } else if (p instanceof CsvPartition cp) {
        long range = cp.end() - cp.start();
        bytes += (long) Math.ceil((double) range * read.getFields().size() / Math.max(1, all));
        rows = -1;
      } else {
        return Stage.Estimate.UNKNOWN;
      }
    }
    if (rows < 0) {
      // A CSV line is about as long as its fields in Arrow: widths known from the types.
      return new Stage.Estimate(-1, bytes);
    }
    return new Stage.Estimate(rows, bytes);
  }

  /** Arrow bytes per row of {@code schema}: fixed widths, strings at {@link #STRING_BYTES}. */
  static long rowWidth(Schema schema) {
    long w = 0;
    for (Field f : schema.getFields()) {
      ArrowType t = f.getType();
      switch (t.getTypeID()) {
        case Int: w += ((ArrowType.Int) t).getBitWidth() / 8; break;
        case FloatingPoint: case Timestamp: case Date: w += 8; break;
        case Bool: w += 1; break;
        case Decimal: w += 16; break;
        default: w += STRING_BYTES; break;
      }
    }
    return Math.max(1, w);
  }
}
