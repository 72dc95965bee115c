package dev.partita.graph;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds which values, so that an {@link AutoCloseable} held by several nodes (an alias of it, a list
 * holding it) is closed once, when the last of them lets go. Counts are by identity; the objects of a list
 * value count as held by it. Not thread-safe. A run's results use it, and so does a process that keeps a
 * remote run's values.
 *
 * <pre>{@code
 * holds.hold(value);  holds.drop(value);
 * Throwable failure = ValueHolds.close(holds.takeUnheld());
 * }</pre>
 */
public final class ValueHolds {
    /** For each closeable object held: how many holders it has. */
    private final Map<Object, Integer> holders = new IdentityHashMap<>();
    /** Objects whose last holder let go and that are waiting to be closed (outside any lock). */
    private final List<AutoCloseable> unheld = new ArrayList<>();

    /** Counts one more holder of {@code value} (and of the objects of a list value). */
    public void hold(Object value) {
        count(value, 1);
    }

    /** Counts one holder of {@code value} less; an object left without holders is queued for {@link #takeUnheld}. */
    public void drop(Object value) {
        count(value, -1);
    }

    private void count(Object value, int delta) {
        if (value instanceof AutoCloseable) {
            int n = holders.getOrDefault(value, 0) + delta;
            if (n > 0) {
                holders.put(value, n);
            } else {
                holders.remove(value);
                unheld.add((AutoCloseable) value);
            }
        } else if (value instanceof List) {
            for (Object item : (List<?>) value) {
                count(item, delta);
            }
        }
    }

    /** The objects whose last holder let go since the last call; the caller closes them. */
    public List<AutoCloseable> takeUnheld() {
        if (unheld.isEmpty()) {
            return List.of();
        }
        List<AutoCloseable> out = new ArrayList<>(unheld);
        unheld.clear();
        return out;
    }

    /**
     * Closes {@code values}, all of them whatever fails; returns the first failure with the later ones
     * suppressed, or null.
     */
    public static Throwable close(List<AutoCloseable> values) {
        Throwable first = null;
        for (AutoCloseable v : values) {
            try {
                v.close();
            } catch (Exception | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
