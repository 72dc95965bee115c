package dev.partita.expr;

import dev.partita.kernel.Arithmetic;
import dev.partita.kernel.Compare;
import dev.partita.kernel.Logic;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Evaluates a type-checked expression over one batch with the kernels. Literals stay scalars until
 * an output needs a column, so {@code x > 1} runs the vector-scalar kernel.
 *
 * <pre>{@code
 * try (FieldVector z = Evaluator.column(node, batch, "z", allocator)) { ... }
 * }</pre>
 */
public final class Evaluator {

  private Evaluator() {}

  /** The expression as a new vector named {@code name}, owned by the caller. */
  public static FieldVector column(Node node, VectorSchemaRoot batch, String name, BufferAllocator allocator) {
    try (Value v = eval(node, batch, allocator)) {
      FieldVector out;
      if (v.vector == null) {
        out = broadcast(v.scalar, Types.check(node, batch.getSchema()), batch.getRowCount(), allocator);
      } else {
        TransferPair tp = v.vector.getTransferPair(allocator);
        tp.splitAndTransfer(0, batch.getRowCount());
        out = (FieldVector) tp.getTo();
      }
      return rename(out, name, allocator);
    }
  }

  /** The boolean expression as a new vector owned by the caller (for filters). */
  public static BitVector mask(Node node, VectorSchemaRoot batch, BufferAllocator allocator) {
    FieldVector v = column(node, batch, "mask", allocator);
    return (BitVector) v;
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

  /** An evaluated operand: a vector (owned or borrowed from the batch) or a scalar. */
  private static final class Value implements AutoCloseable {
    final FieldVector vector;
    final Object scalar;
    final boolean owned;

    Value(FieldVector vector, Object scalar, boolean owned) {
      this.vector = vector;
      this.scalar = scalar;
      this.owned = owned;
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

  private static Value eval(Node node, VectorSchemaRoot batch, BufferAllocator allocator) {
    if (node instanceof Node.Column) {
      return new Value(batch.getVector(((Node.Column) node).name()), null, false);
    }
    if (node instanceof Node.Literal) {
      return new Value(null, kernelScalar(((Node.Literal) node).value()), false);
    }
    if (node instanceof Node.Alias) {
      return eval(((Node.Alias) node).input(), batch, allocator);
    }
    int n = batch.getRowCount();
    if (node instanceof Node.Not) {
      try (Value in = eval(((Node.Not) node).input(), batch, allocator)) {
        if (in.vector == null) {
          return new Value(null, in.scalar == null ? null : !(Boolean) in.scalar, false);
        }
        return new Value(Logic.not((BitVector) in.vector, allocator), null, true);
      }
    }
    if (node instanceof Node.IsNull) {
      Node.IsNull isNull = (Node.IsNull) node;
      try (Value in = eval(isNull.input(), batch, allocator)) {
        if (in.vector == null) {
          return new Value(null, (in.scalar == null) != isNull.negated(), false);
        }
        return new Value(Logic.isNull(in.vector, isNull.negated(), allocator), null, true);
      }
    }
    if (node instanceof Node.In) {
      Node.In in = (Node.In) node;
      List<Object> values = new ArrayList<>();
      for (Object v : in.values()) {
        values.add(kernelScalar(v));
      }
      try (Value x = eval(in.input(), batch, allocator)) {
        FieldVector vec = x.vector != null ? x.vector
            : broadcast(x.scalar, Types.check(in.input(), batch.getSchema()), n, allocator);
        try {
          return new Value(Logic.isIn(vec, values, allocator), null, true);
        } finally {
          if (x.vector == null) {
            vec.close();
          }
        }
      }
    }
    Node.Binary b = (Node.Binary) node;
    try (Value l = eval(b.left(), batch, allocator); Value r = eval(b.right(), batch, allocator)) {
      if (b.op() == BinOp.AND || b.op() == BinOp.OR) {
        return logic(b.op(), l, r, n, allocator);
      }
      if (l.isNullScalar() || r.isNullScalar()) {
        return new Value(null, null, false);
      }
      if (b.op().comparison() != null) {
        if (l.vector != null && r.vector != null) {
          return new Value(Compare.vectorVector(b.op().comparison(), l.vector, r.vector, allocator), null, true);
        }
        if (l.vector != null) {
          return new Value(Compare.vectorScalar(b.op().comparison(), l.vector, r.scalar, allocator), null, true);
        }
        if (r.vector != null) {
          return new Value(Compare.vectorScalar(b.op().comparison().flip(), r.vector, l.scalar, allocator), null, true);
        }
        return new Value(null, constantCompare(b, l.scalar, r.scalar), false);
      }
      if (l.vector != null && r.vector != null) {
        return new Value(Arithmetic.vectorVector(b.op().arithmetic(), l.vector, r.vector, allocator), null, true);
      }
      if (l.vector != null) {
        return new Value(Arithmetic.vectorScalar(b.op().arithmetic(), l.vector, (Number) r.scalar, allocator), null, true);
      }
      if (r.vector != null) {
        return new Value(Arithmetic.scalarVector(b.op().arithmetic(), (Number) l.scalar, r.vector, allocator), null, true);
      }
      try (FieldVector one = broadcast(l.scalar, Types.literalType(l.scalar), 1, allocator);
          FieldVector res = Arithmetic.vectorScalar(b.op().arithmetic(), one, (Number) r.scalar, allocator)) {
        return new Value(null, res.getObject(0), false);
      }
    }
  }

  private static Value logic(BinOp op, Value l, Value r, int n, BufferAllocator allocator) {
    try (BitVector a = asBits(l, n, allocator); BitVector b = asBits(r, n, allocator)) {
      return new Value(op == BinOp.AND ? Logic.and(a, b, allocator) : Logic.or(a, b, allocator), null, true);
    }
  }

  private static BitVector asBits(Value v, int n, BufferAllocator allocator) {
    if (v.vector != null) {
      TransferPair tp = v.vector.getTransferPair(allocator);
      tp.splitAndTransfer(0, n);
      return (BitVector) tp.getTo();
    }
    return (BitVector) broadcast(v.scalar, DType.BOOL, n, allocator);
  }

  private static Boolean constantCompare(Node.Binary b, Object l, Object r) {
    int c;
    if (l instanceof Number && r instanceof Number) {
      c = Double.compare(((Number) l).doubleValue(), ((Number) r).doubleValue());
    } else {
      @SuppressWarnings("unchecked")
      Comparable<Object> lc = (Comparable<Object>) l;
      c = lc.compareTo(r);
    }
    switch (b.op().comparison()) {
      case EQ: return c == 0;
      case NE: return c != 0;
      case LT: return c < 0;
      case LE: return c <= 0;
      case GT: return c > 0;
      default: return c >= 0;
    }
  }

  /** Dates become Integer epoch days, the form the kernels compare. */
  private static Object kernelScalar(Object v) {
    return v instanceof LocalDate ? (int) ((LocalDate) v).toEpochDay() : v;
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
          default: ((DateDayVector) v).setSafe(i, (Integer) s); break;
        }
      }
    }
    v.setValueCount(n);
    return v;
  }
}
