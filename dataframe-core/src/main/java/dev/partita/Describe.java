package dev.partita;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggKind;
import dev.partita.exec.Materialized;
import dev.partita.expr.DType;
import dev.partita.plan.Plan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** {@link DataFrame#describe()}: one global aggregation, pivoted to one row per statistic. */
final class Describe {

  private static final AggKind[] STATS = {AggKind.COUNT, AggKind.MEAN, AggKind.STD, AggKind.MIN, AggKind.MAX};

  private Describe() {}

  static Table run(DataFrame df, ComputeOptions options) {
    List<String> numeric = new ArrayList<>();
    for (Field f : df.schema().getFields()) {
      DType t = DType.of(f);
      if (t != null && t.isNumeric()) {
        numeric.add(f.getName());
      }
    }
    if (numeric.isEmpty()) {
      throw new AnalysisException("describe() found no numeric column in " + df.columns(),
          "describe summarises integer, float and decimal columns");
    }
    List<AggCall> calls = new ArrayList<>();
    for (String c : numeric) {
      for (AggKind k : STATS) {
        calls.add(new AggCall(k, c, k.name().toLowerCase(Locale.ROOT) + "(" + c + ")"));
      }
    }
    DataFrame stats = new DataFrame(new Plan.Aggregate(df.plan(), List.of(), calls));
    BufferAllocator allocator = Runner.resultAllocator(options.memoryLimit());
    List<FieldVector> vectors = new ArrayList<>();
    try (Table one = stats.compute(options)) {
      VarCharVector label = new VarCharVector("statistic", allocator);
      vectors.add(label);
      label.allocateNew();
      for (int s = 0; s < STATS.length; s++) {
        label.setSafe(s, STATS[s].name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      }
      label.setValueCount(STATS.length);
      for (int c = 0; c < numeric.size(); c++) {
        Float8Vector v = new Float8Vector(numeric.get(c), allocator);
        vectors.add(v);
        v.allocateNew(STATS.length);
        for (int s = 0; s < STATS.length; s++) {
          Object x = one.getObject(0, calls.get(c * STATS.length + s).outputName());
          if (x != null) {
            v.set(s, ((Number) x).doubleValue());
          }
        }
        v.setValueCount(STATS.length);
      }
      VectorSchemaRoot root = new VectorSchemaRoot(vectors);
      root.setRowCount(STATS.length);
      return new Table(new Materialized(allocator, root));
    } catch (RuntimeException e) {
      AutoCloseables.close(e, vectors);
      AutoCloseables.close(e, allocator);
      throw e;
    }
  }
}
