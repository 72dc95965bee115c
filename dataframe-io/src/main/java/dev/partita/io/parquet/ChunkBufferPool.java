package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
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

  private final List<ByteBuffer> free = new ArrayList<>();
  private final Map<ByteBuffer, ByteBuffer> lent = new IdentityHashMap<>();
  private long pooledBytes;

  private ChunkBufferPool() {}

  @Override
  public synchronized ByteBuffer allocate(int size) {
    ByteBuffer base = null;
    int index = -1;
    for (int i = 0; i < free.size(); i++) {
      ByteBuffer b = free.get(i);
      if (b.capacity() >= size && (base == null || b.capacity() < base.capacity())) {
        base = b;
        index = i;
      }
    }
    if (base != null) {
      // By position: ByteBuffer.equals compares contents, so remove(Object) could take out another
      // buffer with the same bytes and leave this one free while it is lent.
      free.remove(index);
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
