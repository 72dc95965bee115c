package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The direct buffers parquet-mr reads column chunks into and decompresses pages into, kept for
 * reuse once it releases them. A fresh {@code allocateDirect} zeroes its memory: a third of the
 * time of reading a PLAIN double column went there (ParquetReadBench, JMH stack profile). Buffers
 * come in power-of-two sizes, each size a stack, so a request takes the buffer released last (still
 * in cache) without scanning the pool, which now also holds a buffer per decompressed page. At most
 * {@link #MAX_POOLED} bytes stay pooled; a full pool makes room by dropping buffers of the size it
 * holds most of, so the sizes current reads ask for replace those earlier reads used instead of
 * being allocated afresh every time. Requests above 1 GiB are allocated and dropped.
 */
final class ChunkBufferPool implements ByteBufferAllocator {

  static final ChunkBufferPool INSTANCE = new ChunkBufferPool();

  private static final long MAX_POOLED = 256L << 20;
  private static final int MIN_CLASS = 12;
  private static final int MAX_CLASS = 30;

  @SuppressWarnings("unchecked")
  private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[MAX_CLASS + 1];
  private final Map<ByteBuffer, ByteBuffer> lent = new IdentityHashMap<>();
  private long pooledBytes;

  private ChunkBufferPool() {
    for (int c = MIN_CLASS; c <= MAX_CLASS; c++) {
      free[c] = new ArrayDeque<>();
    }
  }

  /** The size class of a request: the smallest power of two holding it, or -1 when too large. */
  private static int sizeClass(int size) {
    int c = Math.max(MIN_CLASS, 32 - Integer.numberOfLeadingZeros(Math.max(size, 1) - 1));
    return c <= MAX_CLASS ? c : -1;
  }

  @Override
  public synchronized ByteBuffer allocate(int size) {
    int c = sizeClass(size);
    ByteBuffer base = c < 0 ? null : free[c].pollLast();
    if (base != null) {
      pooledBytes -= base.capacity();
    } else {
      base = ByteBuffer.allocateDirect(c < 0 ? size : 1 << c);
    }
    ByteBuffer view = base.duplicate().clear().limit(size).slice().order(ByteOrder.BIG_ENDIAN);
    lent.put(view, base);
    return view;
  }

  @Override
  public synchronized void release(ByteBuffer b) {
    ByteBuffer base = lent.remove(b);
    if (base == null) {
      return;
    }
    int c = Integer.numberOfTrailingZeros(base.capacity());
    if (base.capacity() != 1 << c || c < MIN_CLASS || c > MAX_CLASS
        || base.capacity() > MAX_POOLED) {
      return;
    }
    while (pooledBytes + base.capacity() > MAX_POOLED) {
      evictFromFullestClass();
    }
    free[c].addLast(base);
    pooledBytes += base.capacity();
  }

  /** Drops the oldest buffer of the size class holding the most bytes. */
  private void evictFromFullestClass() {
    int fullest = -1;
    for (int c = MIN_CLASS; c <= MAX_CLASS; c++) {
      if (!free[c].isEmpty() && (fullest < 0
          || ((long) free[c].size() << c) > ((long) free[fullest].size() << fullest))) {
        fullest = c;
      }
    }
    pooledBytes -= free[fullest].pollFirst().capacity();
  }

  @Override
  public boolean isDirect() {
    return true;
  }
}
