package dev.partita.bag;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A function applied to each element of a partition, pulled through {@link Elements} in the task that reads
 * the partition: a chain of them is one task, not one task each.
 *
 * <pre>{@code
 * Elements out = new ElementOp.Map(f).apply(new ElementOp.Filter(p).apply(in));
 * }</pre>
 */
public sealed interface ElementOp extends Serializable {

  /** The elements of {@code in} with this function applied; closing the result closes {@code in}. */
  Elements apply(Elements in);

  /** One element for each, {@code fn}'s result. */
  record Map(Function<Object, Object> fn) implements ElementOp {
    @Override
    public Elements apply(Elements in) {
      return new Elements() {
        @Override
        public Object next() throws IOException {
          Object x = in.next();
          return x == END ? END : fn.apply(x);
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    }
  }

  /** The elements for which {@code test} holds. */
  record Filter(Predicate<Object> test) implements ElementOp {
    @Override
    public Elements apply(Elements in) {
      return new Elements() {
        @Override
        public Object next() throws IOException {
          Object x;
          do {
            x = in.next();
          } while (x != END && !test.test(x));
          return x;
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    }
  }

  /** The elements of each of {@code fn}'s results, in order. */
  record FlatMap(Function<Object, Iterable<?>> fn) implements ElementOp {
    @Override
    public Elements apply(Elements in) {
      return new Elements() {
        private Iterator<?> current;

        @Override
        public Object next() throws IOException {
          while (current == null || !current.hasNext()) {
            Object x = in.next();
            if (x == END) {
              return END;
            }
            current = fn.apply(x).iterator();
          }
          return current.next();
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    }
  }
}
