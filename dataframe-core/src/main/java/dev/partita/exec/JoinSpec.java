package dev.partita.exec;

import dev.partita.expr.Node;
import dev.partita.plan.JoinType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a physical hash join computes, whichever side is built: the join type, which side is held in the
 * hash table, the key columns of each side (of one type pairwise, or integers of any width), the columns
 * each side contributes to the joined rows and their names there, and the residual condition over those
 * joined rows (null: none).
 *
 * <p>The joined rows ("pairs") are the left's {@code leftColumns}, then the right's {@code rightColumns}
 * named {@code rightNames}; a semi or anti join outputs only the left's part.
 *
 * <pre>{@code
 * new JoinSpec(JoinType.LEFT, false, List.of("k"), List.of("k"), List.of("k", "v"), List.of("w"), List.of("w"), null,
 *     SerialSchema.of(left), SerialSchema.of(right));
 * }</pre>
 */
public record JoinSpec(JoinType type, boolean buildLeft, List<String> leftKeys, List<String> rightKeys,
    List<String> leftColumns, List<String> rightColumns, List<String> rightNames, Node residual,
    SerialSchema leftSchema, SerialSchema rightSchema) implements Serializable {

  public JoinSpec {
    leftKeys = List.copyOf(leftKeys);
    rightKeys = List.copyOf(rightKeys);
    leftColumns = List.copyOf(leftColumns);
    rightColumns = List.copyOf(rightColumns);
    rightNames = List.copyOf(rightNames);
  }

  /** The schema of the left's input ({@code left}) or the right's. */
  org.apache.arrow.vector.types.pojo.Schema inputSchema(boolean left) {
    return (left ? leftSchema : rightSchema).get();
  }

  List<String> buildKeys() {
    return buildLeft ? leftKeys : rightKeys;
  }

  List<String> probeKeys() {
    return buildLeft ? rightKeys : leftKeys;
  }

  /** Whether probe rows without a match are output (with nulls for the build side's columns). */
  boolean probeOuter() {
    return buildLeft ? type.keepsUnmatchedRight() : type.keepsUnmatchedLeft();
  }

  /** Whether build rows without a match are output, once all probe rows are seen. */
  boolean buildOuter() {
    return buildLeft ? type.keepsUnmatchedLeft() : type.keepsUnmatchedRight();
  }

  /** Whether this is a semi or anti join whose kept side is the probe side (a probe row is output at most once). */
  boolean probeFilter() {
    return !type.outputsRight() && !buildLeft;
  }

  /** Whether this is a semi or anti join whose kept side is the build side (decided once all probe rows are seen). */
  boolean buildFilter() {
    return !type.outputsRight() && buildLeft;
  }

  /** Whether the build side's per-row match flags are needed. */
  boolean tracksBuild() {
    return buildOuter() || buildFilter();
  }

  /** The spec with the other side built. */
  public JoinSpec flipped() {
    return new JoinSpec(type, !buildLeft, leftKeys, rightKeys, leftColumns, rightColumns, rightNames, residual,
        leftSchema, rightSchema);
  }

  public String describe() {
    List<String> on = new ArrayList<>();
    for (int i = 0; i < leftKeys.size(); i++) {
      on.add(leftKeys.get(i) + " = " + rightKeys.get(i));
    }
    return type.name().toLowerCase(Locale.ROOT) + " on " + String.join(" and ", on)
        + (residual == null ? "" : " and " + residual) + ", build " + (buildLeft ? "left" : "right");
  }
}
