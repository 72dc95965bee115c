package dev.partita.bench.compare;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.max;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.min;
import static dev.partita.Functions.std;
import static dev.partita.Functions.sum;

import dev.partita.Agg;
import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Functions;
import dev.partita.GroupedData;
import dev.partita.Table;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Partita through its public DataFrame API. The aggregations the API does not have yet (median,
 * top-n, corr) are looked up by reflection, so the questions needing them run as soon as they land.
 */
final class PartitaEngine implements Engine {

  private static final Optional<Method> MEDIAN = method(Functions.class, "median", String.class);
  private static final Optional<Method> TOP_N = method(GroupedData.class, "topN", int.class, String.class);
  private static final Optional<Method> CORR = method(Functions.class, "corr", String.class, String.class);

  private final ComputeOptions options;

  PartitaEngine(int threads, String memory) {
    ComputeOptions o = ComputeOptions.defaults().threads(threads);
    options = memory == null ? o : o.memoryLimit(Options.bytes(memory));
  }

  /** The API a question needs that this build of Partita lacks, or empty. */
  static Optional<String> missingApi(Question q) {
    return switch (q) {
      case Q6 -> MEDIAN.isEmpty() ? Optional.of("no Functions.median(String) yet") : Optional.empty();
      case Q8 -> TOP_N.isEmpty() ? Optional.of("no GroupedData.topN(int, String) yet") : Optional.empty();
      case Q9 -> CORR.isEmpty() ? Optional.of("no Functions.corr(String, String) yet") : Optional.empty();
      default -> Optional.empty();
    };
  }

  @Override
  public String name() {
    return "Partita";
  }

  @Override
  public Optional<String> unavailable(Question q) {
    return missingApi(q);
  }

  @Override
  public Answer answer(Question q, Path file, Format format) throws ReflectiveOperationException {
    DataFrame df = DataFrame.read(file.toString());
    return switch (q) {
      case Q1 -> answer(df.groupBy("id1").agg(sum("v1").as("v1")));
      case Q2 -> answer(df.groupBy("id1", "id2").agg(sum("v1").as("v1")));
      case Q3 -> answer(df.groupBy("id3").agg(sum("v1").as("v1"), mean("v3").as("v3")));
      case Q4 -> answer(df.groupBy("id4").agg(mean("v1").as("v1"), mean("v2").as("v2"), mean("v3").as("v3")));
      case Q5 -> answer(df.groupBy("id6").agg(sum("v1").as("v1"), sum("v2").as("v2"), sum("v3").as("v3")));
      case Q6 -> answer(df.groupBy("id4", "id5").agg(
          ((Agg) invoke(MEDIAN, null, "v3")).as("median_v3"), std("v3").as("sd_v3")));
      case Q7 -> answer(df.groupBy("id3").agg(max("v1").as("max_v1"), min("v2").as("min_v2"))
          .select(col("id3"), col("max_v1").minus(col("min_v2")).as("range_v1_v2")));
      case Q8 -> answer((DataFrame) invoke(TOP_N, df.select("id6", "v3").groupBy("id6"), 2, "v3"));
      case Q9 -> answer(df.groupBy("id2", "id4").agg(((Agg) invoke(CORR, null, "v1", "v2")).as("r"))
          .select(col("id2"), col("id4"), col("r").mul(col("r")).as("r2")));
      case Q10 -> answer(df.groupBy("id1", "id2", "id3", "id4", "id5", "id6")
          .agg(sum("v3").as("v3"), count().as("count")));
      case MEAN -> scalar("v3", df.col("v3").mean().compute(options));
      case COUNT -> scalar("count", df.count().compute(options));
    };
  }

  @Override
  public void close() {
    // Nothing is held between questions: every answer reads its file afresh.
  }

  private Answer answer(DataFrame result) {
    try (Table t = result.compute(options)) {
      List<String> columns = t.columnNames();
      List<Object[]> rows = new ArrayList<>(t.rowCount());
      for (int r = 0; r < t.rowCount(); r++) {
        Object[] row = new Object[columns.size()];
        for (int c = 0; c < row.length; c++) {
          row[c] = t.getObject(r, columns.get(c));
        }
        rows.add(row);
      }
      return new Answer(columns, rows);
    }
  }

  private static Answer scalar(String column, Object value) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {value});
    return new Answer(List.of(column), rows);
  }

  private static Object invoke(Optional<Method> method, Object target, Object... args)
      throws ReflectiveOperationException {
    try {
      return method.orElseThrow(UnsupportedOperationException::new).invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static Optional<Method> method(Class<?> type, String name, Class<?>... parameters) {
    try {
      return Optional.of(type.getMethod(name, parameters));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
