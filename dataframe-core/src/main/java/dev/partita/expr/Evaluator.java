package dev.partita.expr;

import dev.partita.kernel.ArithOp;
import dev.partita.kernel.Arithmetic;
import dev.partita.kernel.Cast;
import dev.partita.kernel.CmpOp;
import dev.partita.kernel.Compare;
import dev.partita.kernel.Logic;
import dev.partita.kernel.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Evaluates a type-checked expression over one batch with the kernels. Literals stay scalars until
 * an output needs a column, so {@code x > 1} runs the vector-scalar kernel. Columns whose Arrow
 * type is not a kernel type (int32, float32, decimal, timestamps in other units) are widened once
 * per batch by {@link Cast}, however often the expressions name them.
 *
 * <pre>{@code
 * try (FieldVector z = Evaluator.column(node, batch, "z", allocator)) { ... }
 * }</pre>
 */
public final class Evaluator {

  private Evaluator() {}

  /** The expression as a new vector named {@code name}, owned by the caller. */
  public static FieldVector column(Node node, VectorSchemaRoot batch, String name, BufferAllocator allocator) {
    try (Scope scope = new Scope(batch, allocator)) {
      return column(node, scope, name);
    }
  }

  /**
   * One new vector per expression, named by {@link Node#outputName()}, owned by the caller; a
   * column (aliased or not) keeps its own type, and each column is widened at most once for all.
   */
  public static List<FieldVector> columns(List<Node> nodes, VectorSchemaRoot batch, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>();
    try (Scope scope = new Scope(batch, allocator)) {
      for (Node e : nodes) {
        out.add(column(e, scope, e.outputName()));
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(FieldVector::close);
      throw e;
    }
  }

  /** The boolean expression as a new vector owned by the caller (for filters). */
  public static BitVector mask(Node node, VectorSchemaRoot batch, BufferAllocator allocator) {
    FieldVector v = column(node, batch, "mask", allocator);
    return (BitVector) v;
  }

  private static FieldVector column(Node node, Scope scope, String name) {
    VectorSchemaRoot batch = scope.batch;
    Node bare = node instanceof Node.Alias ? ((Node.Alias) node).input() : node;
    if (bare instanceof Node.Column) {
      return rename(transfer(batch.getVector(((Node.Column) bare).name()), batch.getRowCount(), scope.allocator),
          name, scope.allocator);
    }
    try (Value v = eval(node, scope)) {
      FieldVector out;
      if (v.vector == null) {
        DType t = Types.check(node, batch.getSchema());
        out = broadcast(Types.kernelScalar(v.scalar, t), t, batch.getRowCount(), scope.allocator);
      } else {
        out = transfer(v.vector, batch.getRowCount(), scope.allocator);
      }
      return rename(out, name, scope.allocator);
    }
  }

  private static FieldVector transfer(FieldVector v, int n, BufferAllocator allocator) {
    return Vectors.split(v, 0, n, allocator);
  }

  private static FieldVector rename(FieldVector v, String name, BufferAllocator allocator) {
    if (v.getName().equals(name)) {
      return v;
    }
    TransferPair tp = v.getTransferPair(name, allocator);
    tp.transfer();
    v.close();
    return (FieldVector) tp.getTo();
  }

  /** One evaluation over one batch: the batch, the allocator, and the columns widened so far. */
  private static final class Scope implements AutoCloseable {
    final VectorSchemaRoot batch;
    final BufferAllocator allocator;
    final Map<String, FieldVector> widened = new HashMap<>();

    Scope(VectorSchemaRoot batch, BufferAllocator allocator) {
      this.batch = batch;
      this.allocator = allocator;
    }

    /** The column in its kernel type, borrowed (from the batch or this scope). */
    FieldVector column(String name) {
      FieldVector v = batch.getVector(name);
      if (Cast.isKernelType(v)) {
        return v;
      }
      return widened.computeIfAbsent(name, k -> Cast.widen(v, allocator));
    }

    @Override
    public void close() {
      widened.values().forEach(FieldVector::close);
    }
  }

  /**
   * An evaluated operand: a vector in its kernel type (owned or borrowed) or a literal value, with
   * its expression type (null for the NULL literal).
   */
  private static final class Value implements AutoCloseable {
    final FieldVector vector;
    final Object scalar;
    final DType type;
    final boolean owned;

    Value(FieldVector vector, Object scalar, DType type, boolean owned) {
      this.vector = vector;
      this.scalar = scalar;
      this.type = type;
      this.owned = owned;
    }

    static Value owned(FieldVector vector, DType type) {
      return new Value(vector, null, type, true);
    }

    static Value constant(Object scalar, DType type) {
      return new Value(null, scalar, type, false);
    }

    boolean isNullScalar() {
      return vector == null && scalar == null;
    }

    @Override
    public void close() {
      if (owned && vector != null) {
        vector.close();
      }
    }
  }

  private static Value eval(Node node, Scope scope) {
    BufferAllocator allocator = scope.allocator;
    if (node instanceof Node.Column) {
      FieldVector v = scope.column(((Node.Column) node).name());
      return new Value(v, null, DType.of(v.getField()), false);
    }
    if (node instanceof Node.Literal) {
      Object v = ((Node.Literal) node).value();
      return Value.constant(v, Types.literalType(v));
    }
    if (node instanceof Node.Alias) {
      return eval(((Node.Alias) node).input(), scope);
    }
    int n = scope.batch.getRowCount();
    if (node instanceof Node.Not) {
      try (Value in = eval(((Node.Not) node).input(), scope)) {
        if (in.vector == null) {
          return Value.constant(in.scalar == null ? null : !(Boolean) in.scalar, DType.BOOL);
        }
        return Value.owned(Logic.not((BitVector) in.vector, allocator), DType.BOOL);
      }
    }
    if (node instanceof Node.IsNull) {
      Node.IsNull isNull = (Node.IsNull) node;
      try (Value in = eval(isNull.input(), scope)) {
        if (in.vector == null) {
          return Value.constant((in.scalar == null) != isNull.negated(), DType.BOOL);
        }
        return Value.owned(Logic.isNull(in.vector, isNull.negated(), allocator), DType.BOOL);
      }
    }
    if (node instanceof Node.In) {
      Node.In in = (Node.In) node;
      try (Value x = eval(in.input(), scope)) {
        List<Object> values = new ArrayList<>();
        for (Object v : in.values()) {
          values.add(Types.kernelScalar(v, x.type));
        }
        FieldVector vec = x.vector != null ? x.vector
            : broadcast(Types.kernelScalar(x.scalar, x.type), x.type, n, allocator);
        try {
          return Value.owned(Logic.isIn(vec, values, allocator), DType.BOOL);
        } finally {
          if (x.vector == null) {
            vec.close();
          }
        }
      }
    }
    if (node instanceof Node.Cast c) {
      try (Value in = eval(c.input(), scope)) {
        return convert(in, c.type(), n, allocator);
      }
    }
    if (node instanceof Node.Coalesce c) {
      DType t = Types.check(node, scope.batch.getSchema());
      List<Value> in = new ArrayList<>();
      List<FieldVector> vectors = new ArrayList<>();
      try {
        for (Node operand : c.inputs()) {
          Value v = eval(operand, scope);
          in.add(v);
          Value w = convert(v, t, n, allocator);
          in.add(w);
          vectors.add(w.vector != null ? w.vector : broadcast(Types.kernelScalar(w.scalar, t), t, n, allocator));
          if (w.vector == null) {
            in.add(Value.owned(vectors.get(vectors.size() - 1), t));
          }
        }
        return Value.owned(dev.partita.kernel.Coalesce.of(vectors, allocator), t);
      } finally {
        in.forEach(Value::close);
      }
    }
    Node.Binary b = (Node.Binary) node;
    try (Value l = eval(b.left(), scope); Value r = eval(b.right(), scope)) {
      if (b.op() == BinOp.AND || b.op() == BinOp.OR) {
        return logic(b.op(), l, r, n, allocator);
      }
      if (b.op().comparison() != null) {
        return compare(b, l, r, allocator);
      }
      DType type = l.type == DType.INT64 && r.type == DType.INT64 && b.op() != BinOp.DIV ? DType.INT64 : DType.FLOAT64;
      if (l.isNullScalar() || r.isNullScalar()) {
        return Value.constant(null, type);
      }
      ArithOp op = b.op().arithmetic();
      if (l.vector != null && r.vector != null) {
        return Value.owned(Arithmetic.vectorVector(op, l.vector, r.vector, allocator), type);
      }
      if (l.vector != null) {
        return Value.owned(Arithmetic.vectorScalar(op, l.vector, (Number) r.scalar, allocator), type);
      }
      if (r.vector != null) {
        return Value.owned(Arithmetic.scalarVector(op, (Number) l.scalar, r.vector, allocator), type);
      }
      try (FieldVector one = broadcast(l.scalar, l.type, 1, allocator);
          FieldVector res = Arithmetic.vectorScalar(op, one, (Number) r.scalar, allocator)) {
        return Value.constant(res.getObject(0), type);
      }
    }
  }

  /**
   * {@code v} as type {@code to}: int64 and float64 either way (float to int rounds half away from zero), a
   * date to a timestamp at midnight; the same value when it has the type. The result borrows {@code v}'s
   * vector unless it made a new one.
   */
  private static Value convert(Value v, DType to, int n, BufferAllocator allocator) {
    if (v.type == null || v.type == to || to == null) {
      return new Value(v.vector, v.scalar, to == null ? v.type : to, false);
    }
    if (v.vector == null) {
      try (FieldVector one = broadcast(Types.kernelScalar(v.scalar, v.type), v.type, 1, allocator);
          Value c = convert(Value.owned(one, v.type), to, 1, allocator)) {
        Object x = c.vector.getObject(0);
        return Value.constant(x instanceof LocalDateTime t ? t : x, to);
      }
    }
    if (v.type == DType.INT64 && to == DType.FLOAT64) {
      return Value.owned(Cast.longToDouble((BigIntVector) v.vector, allocator), to);
    }
    if (v.type == DType.FLOAT64 && to == DType.INT64) {
      return Value.owned(Cast.doubleToLong((Float8Vector) v.vector, allocator), to);
    }
    if (v.type == DType.DATE && to == DType.TIMESTAMP) {
      return Value.owned(Cast.dateToTimestamp((DateDayVector) v.vector, allocator), to);
    }
    throw new IllegalArgumentException("cannot convert " + v.type + " to " + to);
  }

  /** A comparison after bringing both operands to {@link Types#comparisonType}. */
  private static Value compare(Node.Binary b, Value l, Value r, BufferAllocator allocator) {
    if (l.isNullScalar() || r.isNullScalar()) {
      return Value.constant(null, DType.BOOL);
    }
    DType target = Types.comparisonType(l.type, r.type);
    CmpOp op = b.op().comparison();
    try (Value lw = widen(l, target, allocator); Value rw = widen(r, target, allocator)) {
      if (lw.vector != null && rw.vector != null) {
        return Value.owned(Compare.vectorVector(op, lw.vector, rw.vector, allocator), DType.BOOL);
      }
      if (lw.vector != null) {
        return Value.owned(Compare.vectorScalar(op, lw.vector, rw.scalar, allocator), DType.BOOL);
      }
      if (rw.vector != null) {
        return Value.owned(Compare.vectorScalar(op.flip(), rw.vector, lw.scalar, allocator), DType.BOOL);
      }
      return Value.constant(constantCompare(op, lw.scalar, rw.scalar), DType.BOOL);
    }
  }

  /**
   * The operand as the kernels compare it against {@code target}: a date vector as timestamps
   * when the target is a timestamp, a literal as its kernel scalar. The result borrows {@code v}'s
   * vector unless it made a new one.
   */
  private static Value widen(Value v, DType target, BufferAllocator allocator) {
    if (v.vector == null) {
      return Value.constant(Types.kernelScalar(v.scalar, target), target);
    }
    if (v.type == DType.DATE && target == DType.TIMESTAMP) {
      return Value.owned(Cast.dateToTimestamp((DateDayVector) v.vector, allocator), target);
    }
    return new Value(v.vector, null, v.type, false);
  }

  private static Value logic(BinOp op, Value l, Value r, int n, BufferAllocator allocator) {
    try (BitVector a = asBits(l, n, allocator); BitVector b = asBits(r, n, allocator)) {
      return Value.owned(op == BinOp.AND ? Logic.and(a, b, allocator) : Logic.or(a, b, allocator), DType.BOOL);
    }
  }

  private static BitVector asBits(Value v, int n, BufferAllocator allocator) {
    if (v.vector != null) {
      return (BitVector) transfer(v.vector, n, allocator);
    }
    return (BitVector) broadcast(v.scalar, DType.BOOL, n, allocator);
  }

  private static Boolean constantCompare(CmpOp op, Object l, Object r) {
    int c;
    if (l instanceof Number && r instanceof Number && !(l.getClass() == r.getClass())) {
      c = Double.compare(((Number) l).doubleValue(), ((Number) r).doubleValue());
    } else {
      @SuppressWarnings("unchecked")
      Comparable<Object> lc = (Comparable<Object>) l;
      c = lc.compareTo(r);
    }
    switch (op) {
      case EQ: return c == 0;
      case NE: return c != 0;
      case LT: return c < 0;
      case LE: return c <= 0;
      case GT: return c > 0;
      default: return c >= 0;
    }
  }

  /** A vector of {@code n} copies of a kernel scalar (all null when it is null). */
  static FieldVector broadcast(Object s, DType type, int n, BufferAllocator allocator) {
    DType t = type == null ? DType.BOOL : type;
    FieldVector v = t.field("literal").createVector(allocator);
    v.setInitialCapacity(Math.max(n, 1));
    v.allocateNew();
    if (s != null) {
      for (int i = 0; i < n; i++) {
        switch (t) {
          case INT64: ((BigIntVector) v).setSafe(i, ((Number) s).longValue()); break;
          case FLOAT64: ((Float8Vector) v).setSafe(i, ((Number) s).doubleValue()); break;
          case STRING: ((VarCharVector) v).setSafe(i, ((String) s).getBytes(StandardCharsets.UTF_8)); break;
          case BOOL: ((BitVector) v).setSafe(i, (Boolean) s ? 1 : 0); break;
          case TIMESTAMP: ((TimeStampMicroVector) v).setSafe(i, (Long) s); break;
          default: ((DateDayVector) v).setSafe(i, (Integer) s); break;
        }
      }
    }
    v.setValueCount(n);
    return v;
  }
}
