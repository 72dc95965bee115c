package dev.partita.cli;

import static dev.partita.Functions.col;

import dev.partita.DataFrame;
import dev.partita.Expr;
import dev.partita.sql.Partita;
import dev.partita.sql.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options that describe a query, shared by {@code query} and {@code graph}. */
final class QueryOptions {
  /** A name SQL gives an aggregation, e.g. {@code sum(v1)} or {@code count()}, as the command line names it. */
  private static final Pattern SQL_NAME = Pattern.compile("(\\w+)\\((\\*|\\w+)?\\)");

  @Parameters(arity = "1..*", paramLabel = "FILE_OR_GLOB",
      description = "CSV or Parquet input: files, directories or one quoted glob.")
  List<String> inputs;

  @Option(names = "--where", paramLabel = "EXPR",
      description = "Keep rows where EXPR (SQL) is true, e.g. \"v1 > 2 and id1 = 'id016'\".")
  String where;

  @Option(names = "--groupby", split = ",", paramLabel = "K1,K2", hideParamSyntax = true,
      description = "Group by these columns.")
  List<String> groupBy = new ArrayList<>();

  @Option(names = "--agg", paramLabel = "AGGS",
      description = "Aggregates as in SQL, e.g. 'sum(v1) as s, mean(v3), count(), median(v2), corr(v1, v2),"
          + " quantile_cont(v3, 0.9), sum(v1 * v2)'; global unless --groupby.")
  String agg;

  @Option(names = "--orderby", paramLabel = "KEYS",
      description = "Order rows by SQL ORDER BY keys, e.g. \"s DESC, id1 NULLS FIRST\" (default: ascending, nulls last).")
  String orderBy;

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N rows (after --orderby: the top N).")
  Long limit;

  @Option(names = "--select", split = ",", paramLabel = "A,B", hideParamSyntax = true,
      description = "Keep only these columns.")
  List<String> select = new ArrayList<>();

  @Option(names = "--dtype", paramLabel = "COL=TYPE", converter = Dtype.Converter.class,
      description = Dtype.HELP)
  List<Dtype> dtypes = new ArrayList<>();

  /** The query as a lazy frame: read, filter, aggregate, order, select, limit. */
  DataFrame frame() {
    DataFrame df = Inputs.open(inputs, dtypes);
    if (where != null) {
      df = sql("--where", where, "SELECT * FROM input WHERE ", "", df);
    }
    if (agg != null) {
      for (String k : groupBy) {
        if (!df.columns().contains(k)) {
          throw new UsageException("--groupby: column '" + k + "' not found; columns: " + String.join(", ", df.columns()));
        }
      }
      String keys = groupBy.stream().map(QueryOptions::quoted).collect(Collectors.joining(", "));
      df = cliNames(sql("--agg", agg, "SELECT " + (keys.isEmpty() ? "" : keys + ", "),
          " FROM input" + (keys.isEmpty() ? "" : " GROUP BY " + keys), df));
    } else if (!groupBy.isEmpty()) {
      throw new UsageException("--groupby needs --agg, e.g. --agg 'count()'");
    }
    if (orderBy != null) {
      df = sql("--orderby", orderBy, "SELECT * FROM input ORDER BY ", "", df);
    }
    if (!select.isEmpty()) {
      df = df.select(select.toArray(String[]::new));
    }
    return limit == null ? df : df.limit(limit);
  }

  boolean aggregates() {
    return agg != null;
  }

  /**
   * {@code text}, an option's value, as part of a SQL query over {@code df}: the command line and SQL read
   * expressions and aggregations alike, with one parser and one list of functions. An error in the text points
   * at its column there, as {@code partita sql} would in the query.
   */
  private static DataFrame sql(String option, String text, String before, String after, DataFrame df) {
    try {
      return Partita.sql(before + text + after, Map.of("input", df));
    } catch (SqlException e) {
      // The text is the option's, the table is not: columns are named without the query's "input." qualifier.
      String problem = (e.problem().replaceFirst("^line \\d+:\\d+: ", "") + (e.hint() == null ? "" : "; " + e.hint()))
          .replace("input.", "");
      int offset = e.column() - 1 - before.length();
      if (e.line() == 1 && offset >= 0 && offset <= text.length() && text.indexOf('\n') < 0) {
        throw new SyntaxException(option, text, offset, problem);
      }
      throw new UsageException(option + " '" + text + "': " + problem);
    }
  }

  /**
   * The command line's names for unnamed aggregations, {@code sum_v1} and {@code count}, so that a written
   * result can be read back by name without quoting; named ones and other expressions keep theirs.
   */
  private DataFrame cliNames(DataFrame df) {
    List<Expr> columns = new ArrayList<>();
    for (String name : df.columns()) {
      Matcher m = SQL_NAME.matcher(name);
      boolean rename = !groupBy.contains(name) && m.matches();
      String cli = !rename ? name : m.group(2) == null || m.group(2).equals("*") ? m.group(1).toLowerCase(Locale.ROOT)
          : m.group(1).toLowerCase(Locale.ROOT) + "_" + m.group(2);
      columns.add(col(name).as(cli));
    }
    return df.select(columns.toArray(Expr[]::new));
  }

  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
