package dev.partita.agg;

/** A sum accumulator seen by {@link Mean}: per group, the number of values and their total. */
interface Summable extends Accumulator {

  long count(int g);

  double total(int g);
}
