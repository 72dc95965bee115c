package dev.partita.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * Fingerprints of compiled code: a hash of the class files of a class's nest (the top-level class and all
 * its nested, local and anonymous classes, whose code it runs), read from the class path. A cache entry
 * named with the fingerprints of the code that wrote it is a miss for any other build of that code, however
 * small the change. Classes of the JDK are not hashed (their name is what counts): they change with the JDK
 * only, not with the application.
 */
final class ClassCode {
    private static final ClassValue<String> NESTS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> host) {
            return hashNest(host);
        }
    };

    private ClassCode() {
    }

    /**
     * The hex fingerprint of the nest of {@code c} (of its element type for an array); empty for a class of
     * the JDK or a primitive type.
     *
     * @throws IllegalArgumentException when a class of the nest has no class file to read (a class generated
     *         at run time): its code cannot be told from another's, so nothing it computes may be cached
     */
    static String of(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive() || isJdk(c)) {
            return "";
        }
        return NESTS.get(c.getNestHost());
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    private static String hashNest(Class<?> host) {
        Class<?>[] members;
        try {
            members = host.getNestMembers();
        } catch (LinkageError | SecurityException e) {
            members = new Class<?>[] {host};
        }
        Arrays.sort(members, Comparator.comparing(Class::getName));
        MessageDigest digest = sha256();
        for (Class<?> member : members) {
            digest.update(member.getName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(classFile(member));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static byte[] classFile(Class<?> c) {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.isHidden() ? null : c.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No class file for " + c.getName() + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the class file of " + c.getName(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
