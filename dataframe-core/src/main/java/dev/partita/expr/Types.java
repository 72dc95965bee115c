package dev.partita.expr;

import dev.partita.AnalysisException;
import java.time.LocalDate;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Type checking of expressions against a schema, before anything runs. A null result type means
 * the SQL NULL literal, which fits anywhere.
 *
 * <pre>{@code
 * DType t = Types.check(node, schema);   // AnalysisException naming the operator and operand types
 * }</pre>
 */
public final class Types {

  private Types() {}

  /** The type {@code node} produces over {@code schema}; throws AnalysisException when it is ill-typed. */
  public static DType check(Node node, Schema schema) {
    if (node instanceof Node.Column) {
      Field f = Columns.find(schema, ((Node.Column) node).name());
      DType t = DType.of(f);
      if (t == null) {
        throw new AnalysisException("column '" + f.getName() + "' has type " + DType.label(f)
            + ", which expressions do not support", "select it without computing on it");
      }
      return t;
    }
    if (node instanceof Node.Literal) {
      return literalType(((Node.Literal) node).value());
    }
    if (node instanceof Node.Alias) {
      return check(((Node.Alias) node).input(), schema);
    }
    if (node instanceof Node.Not) {
      requireBool(check(((Node.Not) node).input(), schema), node);
      return DType.BOOL;
    }
    if (node instanceof Node.IsNull) {
      check(((Node.IsNull) node).input(), schema);
      return DType.BOOL;
    }
    if (node instanceof Node.In) {
      Node.In in = (Node.In) node;
      DType t = check(in.input(), schema);
      for (Object v : in.values()) {
        comparable(t, literalType(v), node);
      }
      return DType.BOOL;
    }
    Node.Binary b = (Node.Binary) node;
    DType l = check(b.left(), schema);
    DType r = check(b.right(), schema);
    if (b.op().arithmetic() != null) {
      if ((l != null && !l.isNumeric()) || (r != null && !r.isNumeric())) {
        throw bad("cannot apply " + b.op().symbol() + " to " + l + " and " + r, node,
            "arithmetic needs int64 or float64 operands");
      }
      return l == DType.INT64 && r == DType.INT64 && b.op() != BinOp.DIV ? DType.INT64 : DType.FLOAT64;
    }
    if (b.op().comparison() != null) {
      comparable(l, r, node);
      return DType.BOOL;
    }
    requireBool(l, node);
    requireBool(r, node);
    return DType.BOOL;
  }

  /** The type of a literal value (as normalised by {@link Node#normalize}); null for null. */
  static DType literalType(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Long) {
      return DType.INT64;
    }
    if (v instanceof Double) {
      return DType.FLOAT64;
    }
    if (v instanceof String) {
      return DType.STRING;
    }
    if (v instanceof Boolean) {
      return DType.BOOL;
    }
    if (v instanceof LocalDate) {
      return DType.DATE;
    }
    throw new AnalysisException("unsupported literal " + v, "use a number, String, Boolean or LocalDate");
  }

  private static void comparable(DType l, DType r, Node where) {
    if (l == null || r == null || l == r || (l.isNumeric() && r.isNumeric())) {
      return;
    }
    throw bad("cannot compare " + l + " with " + r, where, "compare values of the same type");
  }

  private static void requireBool(DType t, Node where) {
    if (t != null && t != DType.BOOL) {
      throw bad("expected a bool operand, got " + t, where, "use a comparison such as col(\"x\").gt(0)");
    }
  }

  private static AnalysisException bad(String problem, Node where, String hint) {
    return new AnalysisException(problem + " in " + where, hint);
  }
}
