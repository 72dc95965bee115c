package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The direct buffers parquet-mr reads column chunks (and decompresses pages) into, kept for reuse
 * once it releases them. A fresh {@code allocateDirect} zeroes its memory: a third of the time of
 * reading a PLAIN double column went there (ParquetReadBench, JMH stack profile). At most
 * {@link #MAX_POOLED} bytes stay pooled; larger requests or a full pool fall back to allocating.
 */
final class ChunkBufferPool implements ByteBufferAllocator {

  static final ChunkBufferPool INSTANCE = new ChunkBufferPool();

  private static final long MAX_POOLED = 256L << 20;

  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private final Map<ByteBuffer, ByteBuffer> lent = new IdentityHashMap<>();
  private long pooledBytes;

  private ChunkBufferPool() {}

  @Override
  public synchronized ByteBuffer allocate(int size) {
    ByteBuffer base = null;
    for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
      ByteBuffer b = it.next();
      if (b.capacity() >= size && (base == null || b.capacity() < base.capacity())) {
        base = b;
      }
    }
    if (base != null) {
      free.remove(base);
      pooledBytes -= base.capacity();
    } else {
      base = ByteBuffer.allocateDirect(size);
    }
    ByteBuffer view = base.duplicate().clear().limit(size).slice().order(ByteOrder.BIG_ENDIAN);
    lent.put(view, base);
    return view;
  }

  @Override
  public synchronized void release(ByteBuffer b) {
    ByteBuffer base = lent.remove(b);
    if (base != null && pooledBytes + base.capacity() <= MAX_POOLED) {
      free.add(base);
      pooledBytes += base.capacity();
    }
  }

  @Override
  public boolean isDirect() {
    return true;
  }
}
