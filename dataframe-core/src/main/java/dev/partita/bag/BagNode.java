package dev.partita.bag;

import dev.partita.io.text.TextSource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plan of a bag: a tree of records, built by {@code dev.partita.Bag} and lowered by {@link BagLowering}.
 * Leaves read partitions (files of lines, slices of a list); {@link Ops} are the element functions fused
 * into each partition; {@link Group} and {@link Top} combine all partitions into one.
 *
 * <pre>{@code
 * BagNode n = new BagNode.Ops(new BagNode.Text(TextSource.of("logs/*.log.gz")), List.of(new ElementOp.Filter(p)));
 * }</pre>
 */
public sealed interface BagNode extends Serializable {

  /** The lines of files, one partition per partition of the source. */
  record Text(TextSource source) implements BagNode {}

  /** Elements held in the plan, one list per partition. */
  record Values(List<List<Object>> partitions) implements BagNode {
    public Values {
      List<List<Object>> copy = new ArrayList<>();
      for (List<Object> p : partitions) {
        copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(p)));
      }
      partitions = List.copyOf(copy);
    }
  }

  /** Element functions applied in order to each partition of {@code child}, in the same task. */
  record Ops(BagNode child, List<ElementOp> ops) implements BagNode {
    public Ops {
      ops = List.copyOf(ops);
    }
  }

  /** Elements folded by key ({@link GroupSpec}) across all partitions: one partition of the results. */
  record Group(BagNode child, GroupSpec spec) implements BagNode {}

  /** The {@code n} largest elements by {@code order}, largest first: one partition. */
  record Top(BagNode child, int n, Comparator<Object> order) implements BagNode {}

  /** {@code node} followed by {@code op}, fused with the functions already on it. */
  static BagNode then(BagNode node, ElementOp op) {
    List<ElementOp> ops = new ArrayList<>();
    BagNode child = node;
    if (node instanceof Ops o) {
      ops.addAll(o.ops());
      child = o.child();
    }
    ops.add(op);
    return new Ops(child, ops);
  }
}
