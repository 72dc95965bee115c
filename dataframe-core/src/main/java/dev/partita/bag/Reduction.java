package dev.partita.bag;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A reduction of all of a bag's elements to one value: an accumulator per partition ({@link #start},
 * {@link #add}), accumulators merged in a tree of combines ({@link #merge}: into the first, which the
 * caller owns, reading the second), and the value made from the last ({@link #finish}).
 *
 * <pre>{@code
 * Reduction<?> r = new Reduction.Count();
 * }</pre>
 */
public sealed interface Reduction<A> extends Serializable {

  A start();

  A add(A acc, Object x);

  A merge(A acc, A partial);

  Object finish(A acc);

  /** The number of elements, a {@code Long}. */
  record Count() implements Reduction<Long> {
    @Override
    public Long start() {
      return 0L;
    }

    @Override
    public Long add(Long acc, Object x) {
      return acc + 1;
    }

    @Override
    public Long merge(Long acc, Long partial) {
      return acc + partial;
    }

    @Override
    public Object finish(Long acc) {
      return acc;
    }
  }

  /** The {@code n} largest elements by {@code order}, as a list from the largest. */
  record Top(int n, Comparator<Object> order) implements Reduction<PriorityQueue<Object>> {
    @Override
    public PriorityQueue<Object> start() {
      return new PriorityQueue<>(Math.max(1, n), order);
    }

    @Override
    public PriorityQueue<Object> add(PriorityQueue<Object> acc, Object x) {
      if (acc.size() < n) {
        acc.add(x);
      } else if (n > 0 && order.compare(x, acc.peek()) > 0) {
        acc.poll();
        acc.add(x);
      }
      return acc;
    }

    @Override
    public PriorityQueue<Object> merge(PriorityQueue<Object> acc, PriorityQueue<Object> partial) {
      for (Object x : partial) {
        add(acc, x);
      }
      return acc;
    }

    @Override
    public Object finish(PriorityQueue<Object> acc) {
      List<Object> out = new ArrayList<>(acc);
      out.sort(order.reversed());
      return out;
    }
  }
}
