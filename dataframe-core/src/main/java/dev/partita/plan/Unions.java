package dev.partita.plan;

import dev.partita.AnalysisException;
import dev.partita.expr.Columns;
import dev.partita.expr.DType;
import dev.partita.expr.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The schema of a union by name: the first input's columns in its order, each input matched to them by
 * name; a column whose inputs differ in type gets the type DuckDB's implicit casts widen them to (integers
 * to int64, integers and floats to float64, a date and a timestamp to timestamp, any decimal mix to
 * float64). Strings do not mix with other types.
 *
 * <pre>{@code
 * Schema s = Unions.schema(List.of(a, b));
 * DType t = Unions.castTo(s, "v", b.schema());   // null when b's v already has s's type
 * }</pre>
 */
public final class Unions {

  private Unions() {}

  static Schema schema(List<Plan> inputs) {
    Schema first = inputs.get(0).schema();
    List<String> names = first.getFields().stream().map(Field::getName).toList();
    for (Plan p : inputs.subList(1, inputs.size())) {
      Set<String> theirs = new TreeSet<>(p.schema().getFields().stream().map(Field::getName).toList());
      Set<String> ours = new TreeSet<>(names);
      if (!theirs.equals(ours)) {
        Set<String> missing = new TreeSet<>(ours);
        missing.removeAll(theirs);
        Set<String> extra = new TreeSet<>(theirs);
        extra.removeAll(ours);
        throw new AnalysisException("union inputs have different columns: " + names + " and "
            + p.schema().getFields().stream().map(Field::getName).toList()
            + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; extra " + extra),
            "select the same columns on both sides, e.g. select(" + String.join(", ", names) + ")");
      }
    }
    List<Field> out = new ArrayList<>();
    for (Field f : first.getFields()) {
      Field widest = f;
      for (Plan p : inputs.subList(1, inputs.size())) {
        widest = widen(widest, Columns.find(p.schema(), f.getName()));
      }
      out.add(widest);
    }
    return new Schema(out);
  }

  /** The type an input's column must be cast to for the union's schema, or null when it has it already. */
  public static DType castTo(Schema union, String column, Schema input) {
    Field want = Columns.find(union, column);
    Field have = Columns.find(input, column);
    return want.getType().equals(have.getType()) ? null : DType.of(want);
  }

  private static Field widen(Field a, Field b) {
    if (a.getType().equals(b.getType())) {
      return a.isNullable() || !b.isNullable() ? a : b;
    }
    DType x = DType.of(a);
    DType y = DType.of(b);
    DType t = null;
    if (x != null && y != null) {
      if (x == y) {
        t = x;
      } else if (x.isNumeric() && y.isNumeric()) {
        t = Types.common(x, y, null);
      } else if ((x == DType.DATE || x == DType.TIMESTAMP) && (y == DType.DATE || y == DType.TIMESTAMP)) {
        t = DType.TIMESTAMP;
      }
    }
    if (t == null) {
      throw new AnalysisException("cannot union column '" + a.getName() + "' of type " + DType.label(a)
          + " with one of type " + DType.label(b), "cast one of them first, e.g. col(\"" + a.getName()
          + "\").cast(\"string\")");
    }
    return new Field(a.getName(), new FieldType(true, t.field(a.getName()).getType(), null), null);
  }
}
