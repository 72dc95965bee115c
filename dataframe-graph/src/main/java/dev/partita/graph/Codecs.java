package dev.partita.graph;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The codecs every {@link TaskCache} has, tried after the ones it was given. */
final class Codecs {
    static final List<CacheCodec<?>> BUILT_IN = List.of(new Text(), new Boxed(), new Bytes(), new Java());

    private Codecs() {
    }

    /** Strings as UTF-8. */
    static final class Text implements CacheCodec<String> {
        @Override
        public boolean accepts(Object value) {
            return value instanceof String;
        }

        @Override
        public void write(String value, OutputStream out) throws IOException {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String read(InputStream in) throws IOException {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public String id() {
            return "string";
        }

        @Override
        public int version() {
            return 1;
        }
    }

    /** Boxed primitives: a type tag, then the value. */
    static final class Boxed implements CacheCodec<Object> {
        @Override
        public boolean accepts(Object value) {
            return value instanceof Long || value instanceof Integer || value instanceof Double
                    || value instanceof Float || value instanceof Short || value instanceof Byte
                    || value instanceof Boolean || value instanceof Character;
        }

        @Override
        public void write(Object value, OutputStream stream) throws IOException {
            DataOutputStream out = new DataOutputStream(stream);
            if (value instanceof Long) {
                out.writeByte('J');
                out.writeLong((Long) value);
            } else if (value instanceof Integer) {
                out.writeByte('I');
                out.writeInt((Integer) value);
            } else if (value instanceof Double) {
                out.writeByte('D');
                out.writeDouble((Double) value);
            } else if (value instanceof Float) {
                out.writeByte('F');
                out.writeFloat((Float) value);
            } else if (value instanceof Short) {
                out.writeByte('S');
                out.writeShort((Short) value);
            } else if (value instanceof Byte) {
                out.writeByte('B');
                out.writeByte((Byte) value);
            } else if (value instanceof Boolean) {
                out.writeByte('Z');
                out.writeBoolean((Boolean) value);
            } else {
                out.writeByte('C');
                out.writeChar((Character) value);
            }
            out.flush();
        }

        @Override
        public Object read(InputStream stream) throws IOException {
            DataInputStream in = new DataInputStream(stream);
            int tag = in.readByte();
            switch (tag) {
                case 'J': return in.readLong();
                case 'I': return in.readInt();
                case 'D': return in.readDouble();
                case 'F': return in.readFloat();
                case 'S': return in.readShort();
                case 'B': return in.readByte();
                case 'Z': return in.readBoolean();
                case 'C': return in.readChar();
                default: throw new IOException("unknown boxed value tag " + tag);
            }
        }

        @Override
        public String id() {
            return "boxed";
        }

        @Override
        public int version() {
            return 1;
        }
    }

    /** Byte arrays as they are. */
    static final class Bytes implements CacheCodec<byte[]> {
        @Override
        public boolean accepts(Object value) {
            return value instanceof byte[];
        }

        @Override
        public void write(byte[] value, OutputStream out) throws IOException {
            out.write(value);
        }

        @Override
        public byte[] read(InputStream in) throws IOException {
            return in.readAllBytes();
        }

        @Override
        public String id() {
            return "bytes";
        }

        @Override
        public int version() {
            return 1;
        }
    }

    /**
     * Java serialization, the last resort. Its version is also the format version of everything it writes:
     * bump it when a serialized class changes incompatibly.
     */
    static final class Java implements CacheCodec<Object> {
        @Override
        public boolean accepts(Object value) {
            return value instanceof Serializable;
        }

        @Override
        public void write(Object value, OutputStream out) throws IOException {
            ObjectOutputStream objects = new ObjectOutputStream(out);
            objects.writeObject(value);
            objects.flush();
        }

        @Override
        public Object read(InputStream in) throws IOException {
            try {
                return new ObjectInputStream(in).readObject();
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot deserialize a cached value: " + e.getMessage(), e);
            }
        }

        @Override
        public String id() {
            return "java";
        }

        @Override
        public int version() {
            return 1;
        }
    }
}
