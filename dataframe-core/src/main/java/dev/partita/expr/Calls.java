package dev.partita.expr;

import dev.partita.kernel.Cast;
import dev.partita.kernel.Dates;
import dev.partita.kernel.Decimals;
import dev.partita.kernel.Maths;
import dev.partita.kernel.Texts;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Evaluates scalar function calls with the kernels: one case per {@link Fn}. The arguments that must be
 * literals (a LIKE pattern, a substring's bounds) are read from the call itself; the others arrive as vectors.
 */
final class Calls {

  private Calls() {}

  /**
   * {@code call} over {@code vectors}: one per argument, in their expression types (null for an argument read
   * as a literal). The result is new, owned by the caller; the arguments are not changed.
   */
  static FieldVector apply(Node.Call call, List<FieldVector> vectors, BufferAllocator allocator) {
    List<Node> args = call.args();
    FieldVector x = vectors.isEmpty() ? null : vectors.get(0);
    switch (call.fn()) {
      case ABS:
      case NEG:
        return x instanceof DecimalVector d ? Decimals.negateOrAbs(d, call.fn() == Fn.ABS, allocator)
            : call.fn() == Fn.ABS ? Maths.abs(x, allocator) : Maths.neg(x, allocator);
      case ROUND:
        int digits = Math.toIntExact(longArg(args, 1));
        return x instanceof DecimalVector d ? Decimals.round(d, digits, allocator) : Maths.round(x, digits, allocator);
      case LIKE: return Texts.like((VarCharVector) x, stringArg(args, 1), allocator);
      case STARTS_WITH: return Texts.startsWith((VarCharVector) x, stringArg(args, 1), allocator);
      case ENDS_WITH: return Texts.endsWith((VarCharVector) x, stringArg(args, 1), allocator);
      case CONTAINS: return Texts.contains((VarCharVector) x, stringArg(args, 1), allocator);
      case SUBSTRING: return Texts.substring((VarCharVector) x, longArg(args, 1), longArg(args, 2), allocator);
      case LENGTH: return Texts.length((VarCharVector) x, allocator);
      case UPPER: return Texts.upper((VarCharVector) x, allocator);
      case LOWER: return Texts.lower((VarCharVector) x, allocator);
      case TRIM: return Texts.trim((VarCharVector) x, allocator);
      case CONCAT: return concat(vectors, allocator);
      case YEAR: return Dates.part(Dates.Part.YEAR, x, allocator);
      case MONTH: return Dates.part(Dates.Part.MONTH, x, allocator);
      case DAY: return Dates.part(Dates.Part.DAY, x, allocator);
      case DAY_OF_WEEK: return Dates.part(Dates.Part.DAY_OF_WEEK, x, allocator);
      case HOUR: return Dates.part(Dates.Part.HOUR, x, allocator);
      case DATE_TRUNC: return Dates.trunc(stringArg(args, 0), vectors.get(1), allocator);
      default: throw new IllegalStateException("no kernel for " + call.fn());
    }
  }

  /** Whether argument {@code i} of {@code fn} is read from the call as a literal rather than evaluated. */
  static boolean literalArgument(Fn fn, int i) {
    switch (fn) {
      case ROUND: case LIKE: case STARTS_WITH: case ENDS_WITH: case CONTAINS: return i == 1;
      case SUBSTRING: return i >= 1;
      case DATE_TRUNC: return i == 0;
      default: return false;
    }
  }

  private static FieldVector concat(List<FieldVector> parts, BufferAllocator allocator) {
    List<VarCharVector> text = new ArrayList<>();
    List<FieldVector> made = new ArrayList<>();
    try {
      for (FieldVector p : parts) {
        if (p instanceof VarCharVector s) {
          text.add(s);
        } else {
          VarCharVector s = Cast.toText(p, allocator);
          made.add(s);
          text.add(s);
        }
      }
      return Texts.concat(text, allocator);
    } finally {
      made.forEach(FieldVector::close);
    }
  }

  private static long longArg(List<Node> args, int i) {
    return (Long) ((Node.Literal) args.get(i)).value();
  }

  private static String stringArg(List<Node> args, int i) {
    return (String) ((Node.Literal) args.get(i)).value();
  }
}
