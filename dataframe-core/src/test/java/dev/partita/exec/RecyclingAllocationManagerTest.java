package dev.partita.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The root allocator's blocks: freed batch-sized blocks kept for the next request, within a cap. */
class RecyclingAllocationManagerTest {

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = Memory.root().newChildAllocator("recycling-test", 0, Long.MAX_VALUE);
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  @Test
  void sizeClassesArePowersOfTwoFrom64KiBTo16MiB() {
    assertEquals(0, RecyclingAllocationManager.sizeClass(1 << 16));
    assertEquals(4, RecyclingAllocationManager.sizeClass(1 << 20));
    assertEquals(8, RecyclingAllocationManager.sizeClass(1 << 24));
    assertEquals(-1, RecyclingAllocationManager.sizeClass(1 << 15));
    assertEquals(-1, RecyclingAllocationManager.sizeClass(1 << 25));
    assertEquals(-1, RecyclingAllocationManager.sizeClass(3 << 20));
  }

  @Test
  void aFreedBlockIsKeptAndTakenByTheNextRequestOfItsSize() {
    long before = RecyclingAllocationManager.keptBytes();
    ArrowBuf a = allocator.buffer(1 << 20);
    long taken = RecyclingAllocationManager.keptBytes();
    assertTrue(taken <= before, "a kept block, if any, was taken");
    a.close();
    assertEquals(taken + (1 << 20), RecyclingAllocationManager.keptBytes());
    ArrowBuf b = allocator.buffer(1 << 20);
    assertEquals(taken, RecyclingAllocationManager.keptBytes());
    b.close();
  }

  @Test
  void blocksOutsideTheClassesAreFreedAtOnce() {
    long before = RecyclingAllocationManager.keptBytes();
    allocator.buffer(100).close();
    allocator.buffer(32L << 20).close();
    assertEquals(before, RecyclingAllocationManager.keptBytes());
  }

  @Test
  void keptBlocksStayWithinTheCap() {
    List<ArrowBuf> bufs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      bufs.add(allocator.buffer(1 << 20));
    }
    bufs.forEach(ArrowBuf::close);
    long kept = RecyclingAllocationManager.keptBytes();
    assertTrue(kept <= RecyclingAllocationManager.RETAINED, kept + " bytes kept");
    assertTrue(kept >= RecyclingAllocationManager.RETAINED - (1 << 20), "the cap is filled first: " + kept);
  }

  /** Reused memory holds the last user's bytes; Arrow's vectors clear what they read, so none of it shows. */
  @Test
  void aVectorOnAReusedBlockStartsEmpty() {
    int rows = 1 << 16;
    try (BigIntVector v = new BigIntVector("v", allocator)) {
      v.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        v.set(i, -1L);
      }
      v.setValueCount(rows);
    }
    try (BigIntVector w = new BigIntVector("w", allocator)) {
      w.allocateNew(rows);
      w.setValueCount(rows);
      for (int i = 0; i < rows; i++) {
        assertTrue(w.isNull(i), "row " + i);
      }
      assertEquals(rows, w.getNullCount());
    }
  }
}
