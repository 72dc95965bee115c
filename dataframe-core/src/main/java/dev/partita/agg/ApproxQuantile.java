package dev.partita.agg;

import com.tdunning.math.stats.MergingDigest;
import dev.partita.hash.VectorAccess;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Approximate quantile from one t-digest ({@link MergingDigest}, compression {@value #COMPRESSION})
 * per group; digests merge exactly as t-digests do, so the error bound holds whatever the tree. The
 * rank error is bounded by about q(1 - q) times a few / compression: well under 1% at the median
 * and far smaller near the tails. Serialized through the digests' own compact byte form.
 */
final class ApproxQuantile implements Accumulator {

  private static final long serialVersionUID = 1L;
  static final double COMPRESSION = 100;
  /** Heap bytes of one MergingDigest at this compression (its centroid and buffer arrays). */
  private static final long DIGEST_BYTES = 12_000;

  private final double q;
  private transient MergingDigest[] digests = new MergingDigest[0];
  private transient int live;
  private transient double[] batch;

  ApproxQuantile(double q) {
    this.q = q;
  }

  @Override
  public void resize(int groupCount) {
    digests = Kernels.grow(digests, groupCount);
  }

  private MergingDigest digest(int g) {
    MergingDigest d = digests[g];
    if (d == null) {
      d = new MergingDigest(COMPRESSION);
      digests[g] = d;
      live++;
    }
    return d;
  }

  @Override
  public void update(int[] ids, int groupCount, FieldVector input, int rowCount) {
    resize(groupCount);
    if (batch == null || batch.length < rowCount) {
      batch = new double[rowCount];
    }
    double[] x = batch;
    VectorAccess.readDoubles(input, rowCount, x);
    ArrowBuf validity = input.getNullCount() == 0 ? null : input.getValidityBuffer();
    for (int i = 0; i < rowCount; i++) {
      if ((validity == null || VectorAccess.isValid(validity, i)) && !Double.isNaN(x[i])) {
        digest(ids[i]).add(x[i]);
      }
    }
  }

  @Override
  public void merge(Accumulator other, int[] map, int groupCount) {
    resize(groupCount);
    ApproxQuantile o = (ApproxQuantile) other;
    for (int og = 0; og < map.length && og < o.digests.length; og++) {
      if (map[og] < 0) {
        continue;
      }
      if (o.digests[og] != null) {
        digest(map[og]).add(o.digests[og]);
      }
    }
  }

  @Override
  public FieldVector evaluate(int groupCount, Field field, BufferAllocator allocator) {
    FieldVector v = Kernels.allocate(field, groupCount, allocator);
    int scale = v instanceof DecimalVector d ? d.getScale() : -1;
    for (int g = 0; g < groupCount && g < digests.length; g++) {
      if (digests[g] != null) {
        double r = digests[g].quantile(q);
        if (scale >= 0) {
          // a decimal's estimate, rounded to its scale (the estimate is approximate anyway)
          VectorAccess.setLong(v, g, Math.round(r * Math.pow(10, scale)));
        } else {
          ((Float8Vector) v).set(g, r);
        }
      }
    }
    v.setValueCount(groupCount);
    return v;
  }

  @Override
  public Accumulator emptyCopy() {
    return new ApproxQuantile(q);
  }

  @Override
  public long sizeBytes() {
    return 32L + digests.length * 8L + live * DIGEST_BYTES;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(digests.length);
    for (MergingDigest d : digests) {
      if (d == null) {
        out.writeInt(-1);
      } else {
        ByteBuffer bytes = ByteBuffer.allocate(d.smallByteSize());
        d.asSmallBytes(bytes);
        out.writeInt(bytes.position());
        out.write(bytes.array(), 0, bytes.position());
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    digests = new MergingDigest[in.readInt()];
    for (int g = 0; g < digests.length; g++) {
      int n = in.readInt();
      if (n >= 0) {
        byte[] bytes = in.readNBytes(n);
        digests[g] = MergingDigest.fromBytes(ByteBuffer.wrap(bytes));
        live++;
      }
    }
  }
}
