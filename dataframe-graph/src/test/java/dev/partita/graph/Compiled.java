package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/** Compiles Java source at test time, to load two builds of one class side by side. */
final class Compiled {
    private Compiled() {
    }

    /** Compiles {@code source}, the class {@code className}, under {@code out}; returns its classes directory. */
    static Path compile(Path out, String className, String source) throws IOException {
        Path file = out.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(out.resolve("classes"));
        String graphClasses;
        try {
            graphClasses = Path.of(F0.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), "-cp", graphClasses, file.toString());
        assertEquals(0, status, "javac failed on " + file);
        return classes;
    }

    /** A loader of {@code classes} defining {@code className} (and serving its class file) even where its parent has one. */
    static URLClassLoader childFirst(Path classes, String className) throws IOException {
        String classFile = className.replace('.', '/') + ".class";
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, Compiled.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(className)) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }

            @Override
            public URL getResource(String name) {
                return name.equals(classFile) ? findResource(name) : super.getResource(name);
            }
        };
    }
}
