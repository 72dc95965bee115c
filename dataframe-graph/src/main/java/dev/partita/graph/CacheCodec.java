package dev.partita.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes task results of some kind to a {@link TaskCache} entry and reads them back. {@link #read} returns a
 * fresh value its caller owns; {@link #write} must leave the value unchanged, since it is still handed on.
 * An entry records the codec's {@link #id()} and {@link #version()}; an entry of another version is a miss.
 *
 * <pre>{@code
 * TaskCache cache = TaskCache.at(dir).withCodec(new MyTableCodec());
 * Object v = Schedulers.local().withCache(cache).get(graph, "table");
 * }</pre>
 *
 * @param <T> the type of values the codec handles
 */
public interface CacheCodec<T> {
    /** Whether this codec can write {@code value}. */
    boolean accepts(Object value);

    /** Writes {@code value} to {@code out} (which the caller closes). */
    void write(T value, OutputStream out) throws IOException;

    /** Reads a value written by {@link #write} from {@code in} (which the caller closes). */
    T read(InputStream in) throws IOException;

    /** The codec's name in entry headers, e.g. {@code "string"}. */
    String id();

    /** The version of the codec's format; bumping it turns existing entries into misses. */
    int version();

    /**
     * About how many bytes {@code value} holds, so that a cluster scheduler places the tasks reading it near it;
     * 0 when not known.
     */
    default long sizeOf(T value) {
        return 0;
    }
}
