package dev.partita.graph;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The codecs every {@link TaskCache} has, tried after the ones it was given. */
final class Codecs {
    private static final List<CacheCodec<?>> FIXED = List.of(new Text(), new Boxed(), new Bytes());

    private Codecs() {
    }

    /** The built-in codecs, Java serialization decoding classes in {@code packages} (prefixes ending in '.'). */
    static List<CacheCodec<?>> builtIn(List<String> packages) {
        List<CacheCodec<?>> all = new ArrayList<>(FIXED);
        all.add(new Java(packages));
        return all;
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
     * Java serialization, the last resort. Each class in the stream carries the fingerprint of its code
     * ({@link ClassCode}) and decodes only into the same build of that class: with every
     * {@code serialVersionUID} left at 1, serialization alone would read an old state into a changed class.
     * Only classes in the allowed packages are decoded, checked before any is loaded; anything else in an
     * entry, or a proxy, makes it a bad entry, recomputed rather than deserialized.
     */
    static final class Java implements CacheCodec<Object> {
        private final List<String> packages;

        Java(List<String> packages) {
            this.packages = List.copyOf(packages);
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof Serializable;
        }

        @Override
        public void write(Object value, OutputStream out) throws IOException {
            ObjectOutputStream objects = CodeCheck.output(out);
            objects.writeObject(value);
            objects.flush();
        }

        @Override
        public Object read(InputStream in) throws IOException {
            ObjectInputStream objects = new ObjectInputStream(in) {
                @Override
                protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    String written = readUTF();
                    if (!allowed(desc.getName())) {
                        throw new TaskCache.BadEntryException(rejected(desc.getName()));
                    }
                    Class<?> c = super.resolveClass(desc);
                    String now;
                    try {
                        now = ClassCode.of(c);
                    } catch (IllegalArgumentException e) {
                        throw new TaskCache.BadEntryException("holds a " + c.getName() + ", whose code cannot be "
                                + "fingerprinted now: " + e.getMessage());
                    }
                    if (!now.equals(written)) {
                        throw new TaskCache.BadEntryException("written by another build of " + c.getName()
                                + " (its class files changed since)");
                    }
                    return c;
                }
            };
            objects.setObjectInputFilter(this::filter);
            try {
                return objects.readObject();
            } catch (ClassNotFoundException e) {
                throw new TaskCache.BadEntryException("holds a class that no longer exists: " + e.getMessage());
            } catch (InvalidClassException e) {
                throw new TaskCache.BadEntryException("holds a class that cannot be decoded: " + e.getMessage());
            }
        }

        /** The allow-list, for what {@code resolveClass} does not see: proxies and array element types. */
        private ObjectInputFilter.Status filter(ObjectInputFilter.FilterInfo info) {
            Class<?> c = info.serialClass();
            if (c == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            return allowed(c.getName()) ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
        }

        /** Whether a class (or array type, by its element type) may be decoded. */
        private boolean allowed(String className) {
            String name = className;
            while (name.startsWith("[")) {
                name = name.substring(1);
            }
            if (name.startsWith("L") && name.endsWith(";")) {
                name = name.substring(1, name.length() - 1);
            } else if (name.length() == 1) {
                return true;
            }
            for (String p : packages) {
                if (name.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }

        private String rejected(String className) {
            return "holds a " + className + ", which the cache does not deserialize: only classes in "
                    + String.join(", ", packages.stream().map(p -> p + "*").toList())
                    + " are (TaskCache.allowDeserializing adds packages)";
        }

        @Override
        public String id() {
            return "java";
        }

        @Override
        public int version() {
            return 2;
        }
    }
}
