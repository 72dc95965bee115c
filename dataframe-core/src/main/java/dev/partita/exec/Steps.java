package dev.partita.exec;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.agg.HashAggregator;
import dev.partita.expr.Columns;
import dev.partita.expr.Evaluator;
import dev.partita.kernel.Selection;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Applies one plan node to one batch. Each method consumes (closes) its input batch. */
final class Steps {

  private Steps() {}

  static VectorSchemaRoot apply(Plan step, VectorSchemaRoot in, BufferAllocator allocator) {
    try (in) {
      if (step instanceof Plan.Where) {
        try (BitVector mask = Evaluator.mask(((Plan.Where) step).condition(), in, allocator)) {
          return Selection.take(in, Selection.of(mask), allocator);
        }
      }
      if (step instanceof Plan.Project) {
        List<FieldVector> out = Evaluator.columns(((Plan.Project) step).exprs(), in, allocator);
        VectorSchemaRoot root = new VectorSchemaRoot(out);
        root.setRowCount(in.getRowCount());
        return root;
      }
      if (step instanceof Plan.Sort) {
        Plan.Sort s = (Plan.Sort) step;
        return Selection.take(in, order(in, s.columns(), s.descending()), allocator);
      }
      return aggregate((Plan.Aggregate) step, in, allocator);
    }
  }

  /** A whole aggregation of one in-memory batch (used above a first aggregation). */
  private static VectorSchemaRoot aggregate(Plan.Aggregate agg, VectorSchemaRoot in, BufferAllocator allocator) {
    try (HashAggregator h = Chunks.aggregator(agg, in.getSchema())) {
      Chunks.feed(h, agg, in);
      AggState state = h.finish();
      return AggStates.toArrow(state, allocator);
    }
  }

  /** Row numbers in sorted order: by each column in turn, nulls last, ties in input order. */
  private static int[] order(VectorSchemaRoot in, List<String> columns, List<Boolean> descending) {
    Integer[] rows = new Integer[in.getRowCount()];
    Arrays.setAll(rows, i -> i);
    Comparator<Integer> cmp = (a, b) -> 0;
    for (int c = 0; c < columns.size(); c++) {
      FieldVector v = in.getVector(columns.get(c));
      boolean desc = descending.get(c);
      cmp = cmp.thenComparing((a, b) -> {
        boolean an = v.isNull(a);
        boolean bn = v.isNull(b);
        if (an || bn) {
          return Boolean.compare(an, bn);
        }
        int r = compareValues(v, a, b);
        return desc ? -r : r;
      });
    }
    Arrays.sort(rows, cmp);
    return Arrays.stream(rows).mapToInt(Integer::intValue).toArray();
  }

  private static int compareValues(FieldVector v, int a, int b) {
    if (v instanceof BigIntVector) {
      return Long.compare(((BigIntVector) v).get(a), ((BigIntVector) v).get(b));
    }
    if (v instanceof Float8Vector) {
      return Double.compare(((Float8Vector) v).get(a), ((Float8Vector) v).get(b));
    }
    if (v instanceof VarCharVector) {
      return Arrays.compareUnsigned(((VarCharVector) v).get(a), ((VarCharVector) v).get(b));
    }
    if (v instanceof BitVector) {
      return Integer.compare(((BitVector) v).get(a), ((BitVector) v).get(b));
    }
    if (v instanceof DateDayVector) {
      return Integer.compare(((DateDayVector) v).get(a), ((DateDayVector) v).get(b));
    }
    if (v instanceof BaseIntVector) {
      return Long.compare(((BaseIntVector) v).getValueAsLong(a), ((BaseIntVector) v).getValueAsLong(b));
    }
    if (v instanceof TimeStampVector) {
      return Long.compare(((TimeStampVector) v).get(a), ((TimeStampVector) v).get(b));
    }
    if (v instanceof FloatingPointVector) {
      return Double.compare(((FloatingPointVector) v).getValueAsDouble(a), ((FloatingPointVector) v).getValueAsDouble(b));
    }
    if (v instanceof DecimalVector) {
      return ((DecimalVector) v).getObject(a).compareTo(((DecimalVector) v).getObject(b));
    }
    throw new IllegalArgumentException("cannot sort by " + v.getField().getType());
  }

  /** The input field of each call (null for COUNT_ALL), as {@link HashAggregator} expects. */
  static List<Field> inputFields(List<AggCall> calls, Schema schema) {
    List<Field> out = new ArrayList<>();
    for (AggCall c : calls) {
      out.add(c.column() == null ? null : Columns.find(schema, c.column()));
    }
    return out;
  }
}
