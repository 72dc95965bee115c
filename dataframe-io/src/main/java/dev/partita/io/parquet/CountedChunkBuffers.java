package dev.partita.io.parquet;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * One reader's view of the {@link ChunkBufferPool}: each buffer it lends is reserved, for as long as it is
 * lent, on the reader's Arrow allocator (rounded up to a power of two, as Arrow reserves), so column chunks
 * count against the computation's memory limit like the batches decoded from them. Buffers parquet-mr does not give back are released when the reader closes.
 */
final class CountedChunkBuffers implements ByteBufferAllocator, AutoCloseable {

  private final ByteBufferAllocator pool;
  private final BufferAllocator owner;
  private final String file;
  private final Map<ByteBuffer, AllocationReservation> lent = new IdentityHashMap<>();

  CountedChunkBuffers(ByteBufferAllocator pool, BufferAllocator owner, String file) {
    this.pool = pool;
    this.owner = owner;
    this.file = file;
  }

  @Override
  public synchronized ByteBuffer allocate(int size) {
    AllocationReservation r = owner.newReservation();
    if (!r.add(size)) {
      r.close();
      throw new OutOfMemoryException("reading " + file + " needs a column chunk buffer of " + size
          + " bytes beyond the memory limit (" + owner.getAllocatedMemory() + " of " + owner.getLimit()
          + " bytes in use)");
    }
    ByteBuffer b;
    try {
      b = pool.allocate(size);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    lent.put(b, r);
    return b;
  }

  @Override
  public synchronized void release(ByteBuffer b) {
    AllocationReservation r = lent.remove(b);
    pool.release(b);
    if (r != null) {
      r.close();
    }
  }

  @Override
  public boolean isDirect() {
    return pool.isDirect();
  }

  @Override
  public synchronized void close() {
    lent.values().forEach(AllocationReservation::close);
    lent.clear();
  }
}
