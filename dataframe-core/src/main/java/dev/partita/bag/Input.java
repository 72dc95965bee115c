package dev.partita.bag;

import dev.partita.io.BatchReader;
import dev.partita.io.ReadSpec;
import dev.partita.io.text.LinePartition;
import dev.partita.io.text.TextSource;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Where the elements of a bag partition come from, before its element functions. */
sealed interface Input extends Serializable {

  Elements open(TaskEnv env) throws IOException;

  /** The graph key whose value the input reads, or null. */
  default String dep() {
    return null;
  }

  String describe();

  /**
   * The lines of one partition of a text source, as strings. Elements are taken one at a time, so batches are
   * small: a task holds {@link #BATCH_LINES} lines of Arrow (a MB of log lines), not the 64K rows a frame's scan
   * reads.
   */
  record Lines(TextSource source, LinePartition partition) implements Input {
    static final int BATCH_LINES = 8192;

    @Override
    public Elements open(TaskEnv env) throws IOException {
      return new LineElements(source.open(partition, ReadSpec.columns(TextSource.COLUMN).withBatchRows(BATCH_LINES),
          env.allocator()));
    }

    @Override
    public String describe() {
      return partition.describe();
    }
  }

  /** Elements held in the plan. */
  record Values(List<Object> items) implements Input {
    @Override
    public Elements open(TaskEnv env) {
      return iterate(items.iterator());
    }

    @Override
    public String describe() {
      return items.size() + " elements";
    }
  }

  /** The list another task computed (the top elements). */
  record Result(String key) implements Input {
    @Override
    public Elements open(TaskEnv env) {
      return iterate(((List<?>) env.dep(key)).iterator());
    }

    @Override
    public String dep() {
      return key;
    }

    @Override
    public String describe() {
      return "result of " + key;
    }
  }

  /** The folded keys (and values) of a group, from its last combine. */
  record Grouped(String key, GroupSpec spec) implements Input {
    @Override
    public Elements open(TaskEnv env) {
      return new GroupReader(env.ctx(), spec, (GroupPartial) env.dep(key), env.ctx().stateBudget());
    }

    @Override
    public String dep() {
      return key;
    }

    @Override
    public String describe() {
      return "groups of " + key;
    }
  }

  private static Elements iterate(Iterator<?> it) {
    return new Elements() {
      @Override
      public Object next() {
        return it.hasNext() ? it.next() : END;
      }

      @Override
      public void close() {}
    };
  }

  /** Strings decoded from the batches of the one column, one batch held at a time. */
  final class LineElements implements Elements {
    private final BatchReader reader;
    private VectorSchemaRoot batch;
    private int row;
    private boolean done;
    private byte[] buf = new byte[256];

    LineElements(BatchReader reader) {
      this.reader = reader;
    }

    @Override
    public Object next() throws IOException {
      while (batch == null || row >= batch.getRowCount()) {
        if (batch != null) {
          batch.close();
          batch = null;
        }
        if (done || (batch = reader.next()) == null) {
          done = true;
          return END;
        }
        row = 0;
      }
      VarCharVector v = (VarCharVector) batch.getVector(0);
      ArrowBuf offsets = v.getOffsetBuffer();
      int start = offsets.getInt(4L * row);
      int len = offsets.getInt(4L * (row + 1)) - start;
      row++;
      if (buf.length < len) {
        buf = new byte[Math.max(len, 2 * buf.length)];
      }
      v.getDataBuffer().getBytes(start, buf, 0, len);
      return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      try {
        if (batch != null) {
          batch.close();
          batch = null;
        }
      } finally {
        reader.close();
      }
    }
  }
}
