package dev.partita.exec;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ReferenceManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Arrow memory from malloc, as Arrow's own unsafe manager, except that a freed block whose size is a power of
 * two from {@link #MIN_BLOCK} to {@link #MAX_BLOCK} (Arrow rounds every request below 16 MiB up to a power of
 * two) is kept, up to {@link #RETAINED} bytes in all, for the next request of that size. Freed at once, the
 * blocks went back to glibc, which gave the pages of its per-thread arenas back to the kernel and faulted them
 * in again for the next batch: TPC-H Q1 at SF1 from Parquet spent a third of its CPU in the kernel and took
 * 1.9-2.3 s, against 0.50 s when glibc was told not to trim ({@code MALLOC_TRIM_THRESHOLD_}), or in the runs
 * where it happened not to. The last block freed is the first taken, as in malloc's own free lists, so that
 * it is likely still in the cache. Kept blocks are not counted by any allocator: at most {@link #RETAINED}
 * bytes of the process's memory are outside the limits.
 */
final class RecyclingAllocationManager extends AllocationManager {

  static final long MIN_BLOCK = 1L << 16;
  static final long MAX_BLOCK = 1L << 24;
  static final long RETAINED = 64L << 20;

  private static final int MIN_SHIFT = Long.numberOfTrailingZeros(MIN_BLOCK);
  private static final ConcurrentLinkedDeque<Long>[] FREE = freeLists();
  private static final AtomicLong KEPT = new AtomicLong();
  private static final ArrowBuf EMPTY = new ArrowBuf(ReferenceManager.NO_OP, null, 0, MemoryUtil.allocateMemory(0));

  static final Factory FACTORY = new Factory() {
    @Override
    public AllocationManager create(BufferAllocator accountingAllocator, long size) {
      return new RecyclingAllocationManager(accountingAllocator, size);
    }

    @Override
    public ArrowBuf empty() {
      return EMPTY;
    }
  };

  private final long size;
  /** The free list this block goes back to, or -1. */
  private final int sizeClass;
  private final long address;

  private RecyclingAllocationManager(BufferAllocator accountingAllocator, long size) {
    super(accountingAllocator);
    this.size = size;
    this.sizeClass = sizeClass(size);
    Long kept = sizeClass < 0 ? null : FREE[sizeClass].pollFirst();
    if (kept != null) {
      KEPT.addAndGet(-size);
      this.address = kept;
    } else {
      this.address = MemoryUtil.allocateMemory(size);
    }
  }

  @SuppressWarnings("unchecked")
  private static ConcurrentLinkedDeque<Long>[] freeLists() {
    ConcurrentLinkedDeque<Long>[] lists = new ConcurrentLinkedDeque[sizeClass(MAX_BLOCK) + 1];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = new ConcurrentLinkedDeque<>();
    }
    return lists;
  }

  /** The free list of blocks of {@code size} bytes, or -1 when such blocks are not kept. */
  static int sizeClass(long size) {
    if (size < MIN_BLOCK || size > MAX_BLOCK || Long.bitCount(size) != 1) {
      return -1;
    }
    return Long.numberOfTrailingZeros(size) - MIN_SHIFT;
  }

  /** Bytes of freed blocks kept for reuse now. */
  static long keptBytes() {
    return KEPT.get();
  }

  @Override
  public long getSize() {
    return size;
  }

  @Override
  protected long memoryAddress() {
    return address;
  }

  @Override
  protected void release0() {
    if (sizeClass >= 0 && KEPT.addAndGet(size) <= RETAINED) {
      FREE[sizeClass].addFirst(address);
      return;
    }
    if (sizeClass >= 0) {
      KEPT.addAndGet(-size);
    }
    MemoryUtil.freeMemory(address);
  }
}
