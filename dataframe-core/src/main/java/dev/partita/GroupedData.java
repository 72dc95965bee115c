package dev.partita;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.agg.Aggregations;
import dev.partita.expr.Columns;
import dev.partita.expr.DType;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A {@link DataFrame} grouped by key columns, waiting for its aggregations.
 *
 * <pre>{@code
 * DataFrame byVendor = df.groupBy("vendor").agg(sum("fare").as("total"), mean("tip"), count());
 * }</pre>
 */
public final class GroupedData {

  private final DataFrame frame;
  private final List<String> keys;

  GroupedData(DataFrame frame, List<String> keys) {
    this.frame = frame;
    this.keys = List.copyOf(keys);
  }

  /** One row per group: the keys, then each aggregation in order. */
  public DataFrame agg(Agg... aggs) {
    if (aggs.length == 0) {
      throw new AnalysisException("agg() needs at least one aggregation", "e.g. agg(count())");
    }
    Set<String> names = new HashSet<>(keys);
    List<AggCall> calls = new ArrayList<>();
    for (Agg a : aggs) {
      AggCall call = check(frame, a.call());
      if (!names.add(call.outputName())) {
        throw new AnalysisException("duplicate output column '" + call.outputName() + "' from " + a,
            "name each aggregation with .as(...), e.g. " + a + ".as(\"" + call.outputName() + "_2\")");
      }
      calls.add(call);
    }
    return new DataFrame(new Plan.Aggregate(frame.plan(), keys, calls));
  }

  /** Rows per group, named {@code count}. */
  public DataFrame count() {
    return agg(Functions.count());
  }

  /** Checks the call's column exists and that the aggregation is defined for its type. */
  static AggCall check(DataFrame frame, AggCall call) {
    if (call.column() == null) {
      return call;
    }
    Field input = Columns.find(frame.schema(), call.column());
    String kind = call.kind().name().toLowerCase(java.util.Locale.ROOT);
    boolean numericOnly = call.kind() == AggKind.SUM || call.kind() == AggKind.MEAN
        || call.kind() == AggKind.STD || call.kind() == AggKind.VAR;
    DType t = DType.of(input);
    if (numericOnly && (t == null || !t.isNumeric())) {
      throw new AnalysisException("cannot compute " + kind + " of column '" + call.column()
          + "' of type " + DType.label(input), kind + " needs an int64 or float64 column");
    }
    try {
      Aggregations.outputField(call, input);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException("cannot compute " + kind + " of column '" + call.column()
          + "' of type " + DType.label(input), e.getMessage());
    }
    return call;
  }
}
