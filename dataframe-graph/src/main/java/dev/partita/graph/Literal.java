package dev.partita.graph;

import java.io.Serializable;
import java.util.Objects;

/** A value escaped from argument substitution by {@link Task#literal}. */
final class Literal implements Serializable {
    private static final long serialVersionUID = 1L;

    final Object value;

    Literal(Object value) {
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Literal && Objects.equals(((Literal) o).value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value) + 17;
    }

    @Override
    public String toString() {
        return "literal(" + value + ")";
    }
}
