package dev.partita.plan;

import dev.partita.AnalysisException;
import dev.partita.expr.Columns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a join's output, as Spark and Polars name them: the left's columns, then the right's; a
 * right column whose name is taken gets {@code _right} appended (again, until it is free). With {@code USING}
 * keys each key appears once, where the left has it: the left's value, the right's for a right join, and
 * the first non-null of the two for a full join. Semi and anti joins output the left's columns only.
 *
 * <p>{@link #pair()} is every column of both sides under those names: the schema a join's residual condition
 * is evaluated over, and what a join produces before a {@code USING} join folds its keys.
 *
 * <pre>{@code
 * JoinColumns c = join.columns();
 * c.schema();   // the output
 * c.pair();     // both sides, the right's columns renamed where their names are taken
 * }</pre>
 *
 * @param schema the output columns
 * @param pair every left column, then every right column, named as in the output
 */
public record JoinColumns(Schema schema, Schema pair) {

  /** The name each right column takes beside the left's columns. */
  public static Map<String, String> rightNames(Schema left, Schema right) {
    Set<String> taken = new HashSet<>();
    for (Field f : left.getFields()) {
      taken.add(f.getName());
    }
    Map<String, String> names = new LinkedHashMap<>();
    for (Field f : right.getFields()) {
      String name = f.getName();
      while (taken.contains(name)) {
        name = name + "_right";
      }
      taken.add(name);
      names.put(f.getName(), name);
    }
    return names;
  }

  /** Every left column, then every right column under its name there: what a join condition is written over. */
  public static Schema pairSchema(Schema left, Schema right) {
    Map<String, String> names = rightNames(left, right);
    List<Field> pair = new ArrayList<>(left.getFields());
    for (Field f : right.getFields()) {
      pair.add(new Field(names.get(f.getName()), f.getFieldType(), f.getChildren()));
    }
    return new Schema(pair);
  }

  static JoinColumns of(Plan.Join join) {
    Schema left = join.left().schema();
    Schema right = join.right().schema();
    List<Field> pair = new ArrayList<>(left.getFields());
    for (Field f : right.getFields()) {
      pair.add(new Field(join.rightNames().get(f.getName()), f.getFieldType(), f.getChildren()));
    }
    List<Field> out = new ArrayList<>();
    if (!join.type().outputsRight()) {
      out.addAll(left.getFields());
    } else if (!join.using()) {
      out.addAll(pair);
    } else {
      for (Field f : left.getFields()) {
        int k = join.leftKeys().indexOf(f.getName());
        if (k < 0) {
          out.add(f);
          continue;
        }
        Field r = Columns.find(right, join.rightKeys().get(k));
        Field chosen = join.type() == JoinType.RIGHT ? r : join.type() == JoinType.FULL ? wider(f, r) : f;
        out.add(new Field(f.getName(), new FieldType(true, chosen.getType(), null), chosen.getChildren()));
      }
      for (int i = 0; i < right.getFields().size(); i++) {
        if (!join.rightKeys().contains(right.getFields().get(i).getName())) {
          out.add(pair.get(left.getFields().size() + i));
        }
      }
    }
    return new JoinColumns(new Schema(out), new Schema(pair));
  }

  /** A field holding either key's values: the same type, or the wider of two integers. */
  private static Field wider(Field l, Field r) {
    if (l.getType().equals(r.getType())) {
      return l;
    }
    if (l.getType() instanceof ArrowType.Int a && r.getType() instanceof ArrowType.Int b) {
      return a.getBitWidth() >= b.getBitWidth() ? l : r;
    }
    throw new AnalysisException("a full join USING " + l.getName() + " needs keys of one type, got "
        + l.getType() + " and " + r.getType(), "cast one side's key first, e.g. withColumn(\"" + l.getName()
        + "\", col(\"" + l.getName() + "\").cast(\"bigint\"))");
  }
}
