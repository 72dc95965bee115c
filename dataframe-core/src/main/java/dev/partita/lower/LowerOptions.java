package dev.partita.lower;

/**
 * What lowering needs to know of how the graph will run: how many partial results a combine merges, the
 * largest estimated side a join broadcasts (0: never), and the threads (for bucket counts).
 *
 * <pre>{@code
 * LowerOptions o = new LowerOptions(8, 64L << 20, 4);
 * }</pre>
 */
public record LowerOptions(int splitEvery, long broadcastBytes, int threads) {}
