package dev.partita.agg;

import dev.partita.hash.GroupTable;
import dev.partita.hash.SerialField;
import java.util.List;

/** The one implementation of {@link AggState}: the group table plus one accumulator per call. */
final class PartialState implements AggState {

  private static final long serialVersionUID = 1L;

  final GroupTable table;
  final List<AggCall> calls;
  final List<SerialField> outputs;
  final Accumulator[] accumulators;

  PartialState(GroupTable table, List<AggCall> calls, List<SerialField> outputs, Accumulator[] accumulators) {
    this.table = table;
    this.calls = calls;
    this.outputs = outputs;
    this.accumulators = accumulators;
  }

  @Override
  public int groupCount() {
    return table.groupCount();
  }

  @Override
  public long sizeBytes() {
    long bytes = 64L + table.sizeBytes();
    for (Accumulator a : accumulators) {
      bytes += a.sizeBytes();
    }
    return bytes;
  }

  @Override
  public long rowBytes() {
    long bytes = 0;
    for (Accumulator a : accumulators) {
      bytes += a.keepsRows() ? a.sizeBytes() : 0;
    }
    return bytes;
  }
}
