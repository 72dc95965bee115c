package dev.partita.graph;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A codec for values that readers fetch in parts from the process holding them rather than whole: a
 * shuffle's map output, of which each reduce task reads one bucket (fetching whole outputs would move every
 * row once per bucket). A reader gets the value's small header first and a value that fetches each part when
 * it is read; the holder encodes only the parts asked for.
 *
 * <pre>{@code
 * codec.writeHeader(value, out);  codec.writePart(value, 3, out);             // where the value is
 * T remote = codec.read(header, part -> fetch(key, part));                    // where it is read
 * }</pre>
 *
 * @param <T> the type of values the codec handles
 */
public interface PartedCodec<T> extends CacheCodec<T> {

    /** Opens the bytes {@link #writePart} wrote for a part of the value, wherever they are. */
    @FunctionalInterface
    interface Parts {
        InputStream open(int part) throws IOException;
    }

    /** How many parts {@code value} has. */
    int parts(T value);

    /** Writes what a reader needs before reading any part (sizes, schema). */
    void writeHeader(T value, OutputStream out) throws IOException;

    /** Writes part {@code part} of {@code value}. */
    void writePart(T value, int part, OutputStream out) throws IOException;

    /** A value read from its header whose parts are opened through {@code parts} when they are read; the caller owns it. */
    T read(InputStream header, Parts parts) throws IOException;

    /** The whole value: the header, then every part, each with its length. */
    @Override
    default void write(T value, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        writeHeader(value, buffer);
        data.writeInt(buffer.size());
        buffer.writeTo(data);
        int n = parts(value);
        data.writeInt(n);
        for (int p = 0; p < n; p++) {
            buffer.reset();
            writePart(value, p, buffer);
            data.writeInt(buffer.size());
            buffer.writeTo(data);
        }
        data.flush();
    }

    /** Reads what {@link #write(Object, OutputStream)} wrote, holding every part in memory. */
    @Override
    default T read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = data.readNBytes(data.readInt());
        byte[][] parts = new byte[data.readInt()][];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = data.readNBytes(data.readInt());
        }
        return read(new ByteArrayInputStream(header), p -> new ByteArrayInputStream(parts[p]));
    }
}
