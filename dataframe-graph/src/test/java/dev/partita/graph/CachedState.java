package dev.partita.graph;

import java.io.Serializable;

/** A cached value whose other build {@link CacheCodeTest} compiles: same fields and serialVersionUID, other code. */
public final class CachedState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int count;

    public CachedState(int count) {
        this.count = count;
    }

    /** What a changed build would compute differently. */
    public int doubled() {
        return count * 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CachedState && ((CachedState) o).count == count;
    }

    @Override
    public int hashCode() {
        return count;
    }
}
