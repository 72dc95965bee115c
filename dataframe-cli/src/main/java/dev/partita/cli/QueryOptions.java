package dev.partita.cli;

import dev.partita.DataFrame;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options that describe a query, shared by {@code query} and {@code graph}. */
final class QueryOptions {
  @Parameters(arity = "1..*", paramLabel = "FILE_OR_GLOB",
      description = "CSV or Parquet input: files, directories or one quoted glob.")
  List<String> inputs;

  @Option(names = "--where", paramLabel = "EXPR",
      description = "Keep rows where EXPR is true, e.g. \"v1 > 2 and id1 = 'id016'\".")
  String where;

  @Option(names = "--groupby", split = ",", paramLabel = "K1,K2", hideParamSyntax = true,
      description = "Group by these columns.")
  List<String> groupBy = new ArrayList<>();

  @Option(names = "--agg", paramLabel = "AGGS",
      description = "Aggregates, e.g. 'sum(v1) as s, mean(v3), count()'; global unless --groupby.")
  String agg;

  @Option(names = "--select", split = ",", paramLabel = "A,B", hideParamSyntax = true,
      description = "Keep only these columns.")
  List<String> select = new ArrayList<>();

  @Option(names = "--dtype", paramLabel = "COL=TYPE", converter = Dtype.Converter.class,
      description = Dtype.HELP)
  List<Dtype> dtypes = new ArrayList<>();

  /** The query as a lazy frame: read, filter, aggregate, select. */
  DataFrame frame() {
    DataFrame df = Inputs.open(inputs, dtypes);
    if (where != null) {
      df = df.filter(Exprs.toExpr(ExprParser.parse(where)));
    }
    if (agg != null) {
      List<AggSpec> aggs = AggSpec.parseList(agg);
      df = groupBy.isEmpty() ? df.agg(Exprs.toAggs(aggs))
          : df.groupBy(groupBy.toArray(String[]::new)).agg(Exprs.toAggs(aggs));
    } else if (!groupBy.isEmpty()) {
      throw new UsageException("--groupby needs --agg, e.g. --agg 'count()'");
    }
    if (!select.isEmpty()) {
      df = df.select(select.toArray(String[]::new));
    }
    return df;
  }

  boolean aggregates() {
    return agg != null;
  }
}
