package dev.partita.bag;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * One partition of a lowered bag: its input and the element functions applied to it, all run by the one
 * task that consumes the partition (collects, folds, groups or writes it).
 */
record Part(Input input, List<ElementOp> ops) implements Serializable {

  Part {
    ops = List.copyOf(ops);
  }

  /** The partition's elements; the caller closes them. */
  Elements open(TaskEnv env) throws IOException {
    Elements e = input.open(env);
    for (ElementOp op : ops) {
      e = op.apply(e);
    }
    return e;
  }

  /** The graph keys the partition reads. */
  List<String> deps() {
    return input.dep() == null ? List.of() : List.of(input.dep());
  }

  String describe() {
    return input.describe() + (ops.isEmpty() ? "" : " + " + ops.size() + " element function"
        + (ops.size() == 1 ? "" : "s"));
  }
}
