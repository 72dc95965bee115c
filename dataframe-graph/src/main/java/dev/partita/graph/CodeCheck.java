package dev.partita.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.security.CodeSource;

/**
 * Java serialization that decodes a class only into the same build of it: each class in the stream carries
 * the fingerprint of its code ({@link ClassCode}: a hash of its class files), and the reader refuses a class
 * whose code here differs, naming it and the jar it was loaded from. Processes that exchange tasks use it so
 * that one with other jars fails with that name instead of running other code.
 *
 * <pre>{@code
 * try (ObjectOutputStream out = CodeCheck.output(stream)) { out.writeObject(task); }
 * Object task = CodeCheck.input(in).readObject();   // InvalidClassException when this build differs
 * }</pre>
 */
public final class CodeCheck {
    private CodeCheck() {
    }

    /** An object stream that writes each class's fingerprint beside its description. */
    public static ObjectOutputStream output(OutputStream out) throws IOException {
        return new ObjectOutputStream(out) {
            @Override
            protected void annotateClass(Class<?> c) throws IOException {
                writeUTF(ClassCode.of(c));
            }
        };
    }

    /** An object stream that reads what {@link #output} wrote, refusing a class of another build. */
    public static ObjectInputStream input(InputStream in) throws IOException {
        return new ObjectInputStream(in) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                String written = readUTF();
                Class<?> c = super.resolveClass(desc);
                if (!ClassCode.of(c).equals(written)) {
                    throw new InvalidClassException(c.getName(), "this process has another build of it (from "
                            + origin(c) + ") than the process that sent it");
                }
                return c;
            }
        };
    }

    /** Where {@code c} was loaded from: its jar or class directory. */
    static String origin(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "an unknown location" : source.getLocation().toString();
    }
}
