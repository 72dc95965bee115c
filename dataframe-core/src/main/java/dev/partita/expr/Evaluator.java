package dev.partita.expr;

import dev.partita.kernel.ArithOp;
import dev.partita.kernel.Arithmetic;
import dev.partita.kernel.Cast;
import dev.partita.kernel.Choose;
import dev.partita.kernel.CmpOp;
import dev.partita.kernel.Coalesce;
import dev.partita.kernel.Compare;
import dev.partita.kernel.Dates;
import dev.partita.kernel.Decimals;
import dev.partita.kernel.Logic;
import dev.partita.kernel.Maths;
import dev.partita.kernel.Numeric;
import dev.partita.kernel.Selection;
import dev.partita.kernel.Vectors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
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

    /** The same operand, not owned: closing it leaves the vector to this one's owner. */
    Value borrowed() {
      return new Value(vector, scalar, type, false);
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
      Value evaluated = eval(in.input(), scope);
      boolean doubles = in.values().stream().anyMatch(Double.class::isInstance);
      try (Value x = evaluated.type != null && evaluated.type.isDecimal() && doubles
          ? convert(evaluated, DType.FLOAT64, allocator) : evaluated) {
        List<Object> values = new ArrayList<>();
        for (Object v : in.values()) {
          // a decimal column matches a value exactly (Logic.isIn), not rounded to its scale
          values.add(x.type != null && x.type.isDecimal() ? v : Types.kernelScalar(v, x.type));
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
      return convert(eval(c.input(), scope), c.type(), allocator);
    }
    if (node instanceof Node.Coalesce c) {
      DType t = Types.check(node, scope.batch.getSchema());
      List<Value> in = new ArrayList<>();
      try {
        List<FieldVector> vectors = new ArrayList<>();
        for (Node operand : c.inputs()) {
          Value v = vectorOf(convert(eval(operand, scope), t, allocator), n, allocator);
          in.add(v);
          vectors.add(v.vector);
        }
        return Value.owned(Coalesce.of(vectors, allocator), t);
      } finally {
        in.forEach(Value::close);
      }
    }
    if (node instanceof Node.Call call) {
      return call(call, scope);
    }
    if (node instanceof Node.Case c) {
      return caseWhen(c, scope);
    }
    Node.Binary b = (Node.Binary) node;
    if (b.op() == BinOp.AND) {
      Value fused = conjunction(b, scope);
      if (fused != null) {
        return fused;
      }
    }
    try (Value l = eval(b.left(), scope); Value r = eval(b.right(), scope)) {
      if (b.op() == BinOp.AND || b.op() == BinOp.OR) {
        return logic(b.op(), l, r, n, allocator);
      }
      if (b.op().comparison() != null) {
        return compare(b, l, r, scope);
      }
      Schema schema = scope.batch.getSchema();
      DType dates = Types.dateArithmetic(b.op(), l.type, r.type);
      DType type = dates != null ? dates : Types.arithmeticType(b, l.type, r.type, schema);
      if (l.isNullScalar() || r.isNullScalar()) {
        return Value.constant(null, type);
      }
      if (type.isDecimal()) {
        return decimalArithmetic(b, l, r, type, scope);
      }
      if (dates != null || b.op() == BinOp.MOD) {
        try (Value lv = vectorOf(l.borrowed(), n, allocator); Value rv = vectorOf(r.borrowed(), n, allocator)) {
          FieldVector out = dates != null ? dateArithmetic(b.op(), lv, rv, allocator)
              : Maths.mod(lv.vector, null, rv.vector, null, allocator);
          return Value.owned(out, type);
        }
      }
      ArithOp op = b.op().arithmetic();
      try (Value lw = numbersOf(l, allocator); Value rw = numbersOf(r, allocator)) {
        if (lw.vector != null && rw.vector != null) {
          return Value.owned(Arithmetic.vectorVector(op, lw.vector, rw.vector, allocator), type);
        }
        if (lw.vector != null) {
          return Value.owned(Arithmetic.vectorScalar(op, lw.vector, (Number) rw.scalar, allocator), type);
        }
        if (rw.vector != null) {
          return Value.owned(Arithmetic.scalarVector(op, (Number) lw.scalar, rw.vector, allocator), type);
        }
        try (FieldVector one = broadcast(lw.scalar, lw.type, 1, allocator);
            FieldVector res = Arithmetic.vectorScalar(op, one, (Number) rw.scalar, allocator)) {
          return Value.constant(res.getObject(0), type);
        }
      }
    }
  }

  /** An operand of int64/float64 arithmetic: a decimal one as float64 (DuckDB's division and mixing with doubles). */
  private static Value numbersOf(Value v, BufferAllocator allocator) {
    return v.type != null && v.type.isDecimal() ? convert(v.borrowed(), DType.FLOAT64, allocator) : v.borrowed();
  }

  /**
   * Decimal {@code + - * %}: each operand brought to the scale the kernel needs (the result's for {@code + - %},
   * its own for {@code *}) keeping its whole digits, then {@link Decimals#arithmetic} into {@code type}, with a
   * literal operand (other than a null or a divisor) kept a scalar.
   */
  private static Value decimalArithmetic(Node.Binary b, Value l, Value r, DType type, Scope scope) {
    Schema schema = scope.batch.getSchema();
    boolean product = b.op() == BinOp.MUL;
    boolean constant = l.vector == null && r.vector == null;
    int n = constant ? 1 : scope.batch.getRowCount();
    BufferAllocator allocator = scope.allocator;
    DType lt = Types.asDecimal(l.type, b.left(), schema);
    DType rt = Types.asDecimal(r.type, b.right(), schema);
    try (Value lc = convert(l.borrowed(), product ? lt : atScale(lt, type.scale()), allocator);
        Value rc = convert(r.borrowed(), product ? rt : atScale(rt, type.scale()), allocator)) {
      Value scalar = lc.vector == null ? lc : rc;
      if (b.op() != BinOp.MOD && (lc.vector == null) != (rc.vector == null) && scalar.scalar != null) {
        DecimalVector v = (DecimalVector) (lc.vector == null ? rc.vector : lc.vector);
        BigDecimal s = (BigDecimal) Types.kernelScalar(scalar.scalar, scalar.type);
        return Value.owned(Decimals.arithmetic(b.op().arithmetic(), v, s, lc.vector == null, type.precision(),
            type.scale(), allocator), type);
      }
      try (Value lv = vectorOf(lc.borrowed(), n, allocator); Value rv = vectorOf(rc.borrowed(), n, allocator)) {
        DecimalVector out = Decimals.arithmetic(b.op().arithmetic(), b.op() == BinOp.MOD, (DecimalVector) lv.vector,
            (DecimalVector) rv.vector, type.precision(), type.scale(), allocator);
        if (!constant) {
          return Value.owned(out, type);
        }
        try (out) {
          return Value.constant(scalarOf(out, type), type);
        }
      }
    }
  }

  /** A decimal type with {@code scale} digits after the point and as many before it as {@code t}. */
  private static DType atScale(DType t, int scale) {
    return DType.decimal(Math.min(DType.MAX_PRECISION, t.precision() - t.scale() + scale), scale);
  }

  /** {@code date + days}, {@code days + date}, {@code date - days} or {@code date - date} over vectors. */
  private static FieldVector dateArithmetic(BinOp op, Value l, Value r, BufferAllocator allocator) {
    if (l.type == DType.DATE && r.type == DType.DATE) {
      return Dates.daysBetween((DateDayVector) l.vector, (DateDayVector) r.vector, allocator);
    }
    boolean dateLeft = l.type == DType.DATE;
    DateDayVector date = (DateDayVector) (dateLeft ? l.vector : r.vector);
    BigIntVector days = (BigIntVector) (dateLeft ? r.vector : l.vector);
    return Dates.addDays(date, days, op == BinOp.MINUS ? -1 : 1, allocator);
  }

  /** A function call: its evaluated arguments (literal ones read from the call), then its kernel. */
  private static Value call(Node.Call call, Scope scope) {
    int n = scope.batch.getRowCount();
    DType type = Types.check(call, scope.batch.getSchema());
    List<Value> args = new ArrayList<>();
    try {
      List<FieldVector> vectors = new ArrayList<>();
      for (int i = 0; i < call.args().size(); i++) {
        if (Calls.literalArgument(call.fn(), i)) {
          vectors.add(null);
          continue;
        }
        Value v = eval(call.args().get(i), scope);
        if (v.isNullScalar() && call.fn() != Fn.CONCAT) {
          args.add(v);
          return Value.constant(null, type);
        }
        Value vec = vectorOf(v, n, scope.allocator);
        args.add(vec);
        vectors.add(vec.vector);
      }
      return Value.owned(Calls.apply(call, vectors, scope.allocator), type);
    } finally {
      args.forEach(Value::close);
    }
  }

  /**
   * CASE: the conditions over the whole batch, then each branch's value over the rows that take it only (so
   * a value that cannot be computed for other rows, such as a cast, is not), gathered row by row.
   */
  private static Value caseWhen(Node.Case c, Scope scope) {
    int n = scope.batch.getRowCount();
    DType type = Types.check(c, scope.batch.getSchema());
    int branches = c.conditions().size();
    int[] pick = new int[n];
    java.util.Arrays.fill(pick, -1);
    for (int k = 0; k < branches; k++) {
      try (Value cond = vectorOf(eval(c.conditions().get(k), scope), n, scope.allocator)) {
        BitVector mask = (BitVector) cond.vector;
        for (int i = 0; i < n; i++) {
          if (pick[i] < 0 && !mask.isNull(i) && mask.get(i) == 1) {
            pick[i] = k;
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      pick[i] = pick[i] < 0 ? branches : pick[i];
    }
    List<Node> values = new ArrayList<>(c.values());
    values.add(c.otherwise());
    List<FieldVector> sources = new ArrayList<>();
    int[] sourceRow = new int[n];
    int[] pickSource = new int[n];
    try {
      for (int k = 0; k <= branches; k++) {
        int[] rows = rowsPicking(pick, k);
        if (rows.length == 0) {
          continue;
        }
        FieldVector v = branchValue(values.get(k), rows, type, scope);
        int source = sources.size();
        sources.add(v);
        for (int j = 0; j < rows.length; j++) {
          pickSource[rows[j]] = source;
          sourceRow[rows[j]] = j;
        }
      }
      if (sources.isEmpty()) {
        return Value.owned(broadcast(null, type, n, scope.allocator), type);
      }
      return Value.owned(Choose.of(sources, pickSource, sourceRow, scope.allocator), type);
    } finally {
      sources.forEach(FieldVector::close);
    }
  }

  private static int[] rowsPicking(int[] pick, int k) {
    int count = 0;
    for (int p : pick) {
      count += p == k ? 1 : 0;
    }
    int[] rows = new int[count];
    for (int i = 0, j = 0; i < pick.length; i++) {
      if (pick[i] == k) {
        rows[j++] = i;
      }
    }
    return rows;
  }

  /** The value of {@code node}, of type {@code type}, over the batch's {@code rows} only: a new vector. */
  private static FieldVector branchValue(Node node, int[] rows, DType type, Scope scope) {
    if (rows.length == scope.batch.getRowCount()) {
      try (Value v = vectorOf(convert(eval(node, scope), type, scope.allocator), rows.length, scope.allocator)) {
        return transfer(v.vector, rows.length, scope.allocator);
      }
    }
    try (VectorSchemaRoot part = Selection.take(scope.batch, rows, scope.allocator);
        Scope sub = new Scope(part, scope.allocator);
        Value v = vectorOf(convert(eval(node, sub), type, scope.allocator), rows.length, scope.allocator)) {
      return transfer(v.vector, rows.length, scope.allocator);
    }
  }

  /** {@code v} as a vector of {@code n} rows (a literal broadcast); takes {@code v}. */
  private static Value vectorOf(Value v, int n, BufferAllocator allocator) {
    if (v.vector != null) {
      return v;
    }
    DType t = v.type == null ? DType.BOOL : v.type;
    return Value.owned(broadcast(Types.kernelScalar(v.scalar, t), t, n, allocator), t);
  }

  /**
   * {@code v} as type {@code to}, taking {@code v} (the result is {@code v} itself when it has the type):
   * numbers either way (a double to an integer rounds to nearest, ties to even, as DuckDB's cast), booleans
   * and integers, dates and timestamps, and any type to and from a string.
   */
  private static Value convert(Value v, DType to, BufferAllocator allocator) {
    if (v.type == null || v.type == to || to == null) {
      return v.type == null && to != null ? Value.constant(null, to) : v;
    }
    try (v) {
      if (v.vector == null) {
        try (FieldVector one = broadcast(Types.kernelScalar(v.scalar, v.type), v.type, 1, allocator);
            Value c = convert(Value.owned(one, v.type), to, allocator)) {
          return Value.constant(scalarOf(c.vector, to), to);
        }
      }
      FieldVector x = v.vector;
      FieldVector out;
      if (to.isDecimal() || v.type.isDecimal()) {
        out = convertDecimal(x, v.type, to, allocator);
      } else if (to == DType.STRING) {
        out = Cast.toText(x, allocator);
      } else if (v.type == DType.STRING) {
        out = Cast.parse((VarCharVector) x, Cast.Parsed.valueOf(to.toString().toUpperCase(java.util.Locale.ROOT)),
            allocator);
      } else if (v.type == DType.INT64 && to == DType.FLOAT64) {
        out = Cast.longToDouble((BigIntVector) x, allocator);
      } else if (v.type == DType.FLOAT64 && to == DType.INT64) {
        out = Cast.doubleToLong((Float8Vector) x, allocator);
      } else if (v.type == DType.DATE && to == DType.TIMESTAMP) {
        out = Cast.dateToTimestamp((DateDayVector) x, allocator);
      } else if (v.type == DType.TIMESTAMP && to == DType.DATE) {
        out = Cast.timestampToDate((TimeStampMicroVector) x, allocator);
      } else if ((v.type == DType.BOOL && to == DType.INT64) || (v.type == DType.INT64 && to == DType.BOOL)) {
        out = Cast.boolInt(x, to == DType.BOOL, allocator);
      } else {
        throw new IllegalArgumentException("cannot convert " + v.type + " to " + to);
      }
      return Value.owned(out, to);
    }
  }

  /** Casts to or from a decimal: between decimals, integers, doubles and strings. */
  private static FieldVector convertDecimal(FieldVector x, DType from, DType to, BufferAllocator allocator) {
    if (from.isDecimal()) {
      DecimalVector d = (DecimalVector) x;
      if (to.isDecimal()) {
        return Decimals.rescale(d, to.precision(), to.scale(), allocator);
      }
      if (to == DType.FLOAT64) {
        return Decimals.toDouble(d, allocator);
      }
      if (to == DType.INT64) {
        return Decimals.toLong(d, allocator);
      }
      return Cast.toText(d, allocator);
    }
    if (from == DType.INT64) {
      return Decimals.fromLong((BigIntVector) x, to.precision(), to.scale(), allocator);
    }
    if (from == DType.FLOAT64) {
      return Decimals.fromDouble((Float8Vector) x, to.precision(), to.scale(), allocator);
    }
    if (from == DType.STRING) {
      return Decimals.parse((VarCharVector) x, to.precision(), to.scale(), allocator);
    }
    throw new IllegalArgumentException("cannot convert " + from + " to " + to);
  }

  /** Row {@code i} of a vector of type {@code t} as the literal value expressions hold. */
  private static Object scalarOf(FieldVector v, DType t) {
    if (v.isNull(0)) {
      return null;
    }
    if (t == DType.STRING) {
      return new String(((VarCharVector) v).get(0), StandardCharsets.UTF_8);
    }
    if (t == DType.BOOL) {
      return ((BitVector) v).get(0) != 0;
    }
    if (t == DType.DATE) {
      return LocalDate.ofEpochDay(((DateDayVector) v).get(0));
    }
    return v.getObject(0);
  }

  /** A comparison of a column with a literal, as the kernels take it: the column on the left. */
  private record Bound(String column, CmpOp op, Object scalar) {}

  /**
   * An AND of terms among which two compare one column with literals (a range: TPC-H Q6 has two): each such
   * pair in one pass over the column ({@link Compare#vectorScalars}), then the other terms, all combined. The
   * terms are the same, only their order and grouping differ, which AND's three-valued logic allows. Null
   * when no two terms pair up, so the plain evaluation runs.
   */
  private static Value conjunction(Node.Binary and, Scope scope) {
    List<Node> terms = new ArrayList<>();
    flatten(and, terms);
    List<Bound> bounds = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean paired = false;
    for (Node t : terms) {
      Bound b = bound(t, scope);
      bounds.add(b);
      paired |= b != null && !seen.add(b.column());
    }
    if (!paired) {
      return null;
    }
    Value result = null;
    try {
      while (!terms.isEmpty()) {
        Value next = null;
        for (int i = 0; i < terms.size() && next == null; i++) {
          for (int j = i + 1; j < terms.size() && next == null; j++) {
            Bound x = bounds.get(i);
            Bound y = bounds.get(j);
            if (x != null && y != null && x.column().equals(y.column())) {
              next = Value.owned(Compare.vectorScalars(x.op(), x.scalar(), y.op(), y.scalar(),
                  scope.column(x.column()), scope.allocator), DType.BOOL);
              terms.remove(j);
              bounds.remove(j);
              terms.remove(i);
              bounds.remove(i);
            }
          }
        }
        if (next == null) {
          bounds.remove(0);
          next = eval(terms.remove(0), scope);
        }
        if (result == null) {
          result = next;
        } else {
          try (Value l = result; Value r = next) {
            result = null;
            result = logic(BinOp.AND, l, r, scope.batch.getRowCount(), scope.allocator);
          }
        }
      }
      return result;
    } catch (RuntimeException e) {
      if (result != null) {
        result.close();
      }
      throw e;
    }
  }

  private static void flatten(Node node, List<Node> terms) {
    if (node instanceof Node.Binary b && b.op() == BinOp.AND) {
      flatten(b.left(), terms);
      flatten(b.right(), terms);
    } else {
      terms.add(node);
    }
  }

  /**
   * {@code node} as a comparison of a date, int64, timestamp or narrow decimal column with a non-null literal
   * that the kernels take without converting the column; else null.
   */
  private static Bound bound(Node node, Scope scope) {
    if (!(node instanceof Node.Binary b) || b.op().comparison() == null) {
      return null;
    }
    boolean left = b.left() instanceof Node.Column && b.right() instanceof Node.Literal;
    if (!left && !(b.right() instanceof Node.Column && b.left() instanceof Node.Literal)) {
      return null;
    }
    Node.Column c = (Node.Column) (left ? b.left() : b.right());
    Object literal = ((Node.Literal) (left ? b.right() : b.left())).value();
    Schema schema = scope.batch.getSchema();
    if (literal == null || schema.findField(c.name()) == null) {
      return null;
    }
    DType type = DType.of(scope.column(c.name()).getField());
    boolean narrowDecimal = type.isDecimal() && type.precision() <= Decimals.LONG_DIGITS;
    if (!narrowDecimal && type != DType.DATE && type != DType.INT64 && type != DType.TIMESTAMP) {
      return null;
    }
    DType target = left ? Types.comparisonType(type, b.left(), Types.literalType(literal), b.right(), schema)
        : Types.comparisonType(Types.literalType(literal), b.left(), type, b.right(), schema);
    Object scalar;
    if (target.equals(type)) {
      scalar = Types.kernelScalar(literal, target);
    } else if (narrowDecimal && target == DType.FLOAT64 && literal instanceof Double) {
      scalar = literal;
    } else {
      return null;
    }
    CmpOp op = b.op().comparison();
    return new Bound(c.name(), left ? op : op.flip(), scalar);
  }

  /** A comparison after bringing both operands to {@link Types#comparisonType}. */
  private static Value compare(Node.Binary b, Value l, Value r, Scope scope) {
    if (l.isNullScalar() || r.isNullScalar()) {
      return Value.constant(null, DType.BOOL);
    }
    BufferAllocator allocator = scope.allocator;
    DType target = Types.comparisonType(l.type, b.left(), r.type, b.right(), scope.batch.getSchema());
    CmpOp op = b.op().comparison();
    // a narrow decimal column against a double literal is compared in place, as if converted (Decimals.compare)
    if (target == DType.FLOAT64 && narrowDecimal(l) && r.scalar instanceof Double) {
      return Value.owned(Compare.vectorScalar(op, l.vector, r.scalar, allocator), DType.BOOL);
    }
    if (target == DType.FLOAT64 && narrowDecimal(r) && l.scalar instanceof Double) {
      return Value.owned(Compare.vectorScalar(op.flip(), r.vector, l.scalar, allocator), DType.BOOL);
    }
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

  private static boolean narrowDecimal(Value v) {
    return v.vector != null && v.type.isDecimal() && v.type.precision() <= Decimals.LONG_DIGITS;
  }

  /**
   * The operand as the kernels compare it against {@code target}: a date vector as timestamps when the target
   * is a timestamp, a number as a double or as a decimal of the target's scale, a literal as its kernel
   * scalar. The result borrows {@code v}'s vector unless it made a new one.
   */
  private static Value widen(Value v, DType target, BufferAllocator allocator) {
    if (v.vector == null) {
      return Value.constant(Types.kernelScalar(v.scalar, target), target);
    }
    if (v.type == DType.DATE && target == DType.TIMESTAMP) {
      return Value.owned(Cast.dateToTimestamp((DateDayVector) v.vector, allocator), target);
    }
    if (target.isDecimal() && (!v.type.isDecimal() || v.type.scale() != target.scale())) {
      return convert(v.borrowed(), atScale(Types.asDecimal(v.type, null, null), target.scale()), allocator);
    }
    if (target == DType.FLOAT64 && v.type.isDecimal()) {
      return convert(v.borrowed(), DType.FLOAT64, allocator);
    }
    return v.borrowed();
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
    if (l instanceof Number && r instanceof Number && (l instanceof Double || r instanceof Double
        || l.getClass() != r.getClass())) {
      // As the kernels compare doubles: -0.0 equals 0.0, NaN equals NaN and sorts last (Double.compare
      // put -0.0 below 0.0, so 0 <= -0.0 was false between two literals only).
      c = Numeric.compare(((Number) l).doubleValue(), ((Number) r).doubleValue());
    } else {
      @SuppressWarnings("unchecked")
      Comparable<Object> lc = (Comparable<Object>) l;
      c = lc.compareTo(r);
    }
    return op.test(c);
  }

  /** A vector of {@code n} copies of a kernel scalar (all null when it is null). */
  static FieldVector broadcast(Object s, DType type, int n, BufferAllocator allocator) {
    DType t = type == null ? DType.BOOL : type;
    FieldVector v = t.field("literal").createVector(allocator);
    v.setInitialCapacity(Math.max(n, 1));
    v.allocateNew();
    if (s != null && v instanceof DecimalVector d) {
      Decimals.fill(d, (BigDecimal) s, n);
    } else if (s != null) {
      byte[] utf8 = s instanceof String str ? str.getBytes(StandardCharsets.UTF_8) : null;
      for (int i = 0; i < n; i++) {
        if (v instanceof BigIntVector b) {
          b.setSafe(i, ((Number) s).longValue());
        } else if (v instanceof Float8Vector f) {
          f.setSafe(i, ((Number) s).doubleValue());
        } else if (v instanceof VarCharVector c) {
          c.setSafe(i, utf8);
        } else if (v instanceof BitVector b) {
          b.setSafe(i, (Boolean) s ? 1 : 0);
        } else if (v instanceof TimeStampMicroVector ts) {
          ts.setSafe(i, (Long) s);

        } else {
          ((DateDayVector) v).setSafe(i, (Integer) s);
        }
      }
    }
    v.setValueCount(n);
    return v;
  }
}
