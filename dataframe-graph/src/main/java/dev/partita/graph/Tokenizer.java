package dev.partita.graph;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stable hashing behind {@link Graph#tokenize}: values are written to SHA-256 in a tagged, canonical
 * encoding; unordered containers contribute their elements' tokens in sorted order. The hash of a node for
 * the cache also covers code: the fingerprint ({@link ClassCode}) of each function's class and of the class
 * of each record, enum and serialized value, so a changed build of them misses its old entries.
 */
final class Tokenizer {
    private final MessageDigest digest = ClassCode.sha256();
    private final boolean withCode;

    private Tokenizer(boolean withCode) {
        this.withCode = withCode;
    }

    static String tokenize(Object... parts) {
        return hash(false, parts);
    }

    private static String hash(boolean withCode, Object... parts) {
        Tokenizer t = new Tokenizer(withCode);
        t.tag('P', parts.length);
        for (Object part : parts) {
            t.write(part);
        }
        return HexFormat.of().formatHex(t.digest.digest(), 0, 16);
    }

    /**
     * The hash of a compiled node under {@code namespace}: its functions and literal arguments as in
     * {@link #tokenize} with the fingerprints of their code, each reference by the hash of the referenced
     * node ({@code refs}, by node id).
     *
     * @throws IllegalArgumentException when a part cannot be hashed or a referenced node has no hash
     */
    static String node(String namespace, Object expr, String[] refs) {
        Tokenizer t = new Tokenizer(true);
        t.text('N', namespace);
        t.expr(expr, refs);
        return HexFormat.of().formatHex(t.digest.digest(), 0, 16);
    }

    private void expr(Object expr, String[] refs) {
        if (expr instanceof Expr.Ref) {
            String ref = refs[((Expr.Ref) expr).id];
            if (ref == null) {
                throw new IllegalArgumentException("an input has no stable hash");
            }
            text('K', ref);
        } else if (expr instanceof Expr.Call) {
            Expr.Call call = (Expr.Call) expr;
            tag('T', call.args.length);
            function(call.task.fn());
            for (Object arg : call.args) {
                expr(arg, refs);
            }
        } else if (expr instanceof Expr.ListOf) {
            Object[] items = ((Expr.ListOf) expr).items;
            tag('L', items.length);
            for (Object item : items) {
                expr(item, refs);
            }
        } else {
            write(expr);
        }
    }

    private void write(Object value) {
        if (value == null) {
            tag('0', 0);
        } else if (value instanceof Tokenizable) {
            tag('Z', 0);
            write(((Tokenizable) value).tokenValue());
        } else if (value instanceof String) {
            text('S', (String) value);
        } else if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            text('V', value.getClass().getName() + ':' + value);
        } else if (value instanceof Enum) {
            Enum<?> e = (Enum<?>) value;
            text('E', e.getDeclaringClass().getName() + '.' + e.name());
            code(e.getDeclaringClass());
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            tag('L', list.size());
            for (Object item : list) {
                write(item);
            }
        } else if (value instanceof Set) {
            unordered('U', (Set<?>) value);
        } else if (value instanceof Map) {
            List<String> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                entries.add(hash(withCode, e.getKey(), e.getValue()));
            }
            sorted('M', entries);
        } else if (value instanceof Collection) {
            Collection<?> items = (Collection<?>) value;
            tag('C', items.size());
            for (Object item : items) {
                write(item);
            }
        } else if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            text('A', value.getClass().getComponentType().getName());
            tag('#', length);
            for (int i = 0; i < length; i++) {
                write(Array.get(value, i));
            }
        } else if (value instanceof Record) {
            record((Record) value);
        } else if (value instanceof Task) {
            Task task = (Task) value;
            tag('T', 0);
            function(task.fn());
            write(task.args());
        } else if (value instanceof Literal) {
            tag('Q', 0);
            write(((Literal) value).value);
        } else if (value.getClass().isHidden() && value instanceof Serializable) {
            // A lambda held by a value (a record's field, a list): never by the name of its hidden class, new in
            // every JVM. By what it runs and captures, as a task's function; when its class cannot be opened to
            // ask (a lambda of the JDK's, as Map.Entry.comparingByValue()), by its serialized form, which names
            // its capturing class, method and captured values.
            if (Task.serializedLambda(value) != null) {
                function(value);
            } else {
                text('O', "lambda");
                bytes(serialize(value));
            }
        } else if (value instanceof Serializable) {
            text('O', value.getClass().getName());
            code(value.getClass());
            bytes(serialize(value));
        } else {
            throw new IllegalArgumentException("Cannot tokenize a " + value.getClass().getName()
                    + ": it is neither a supported value type nor Serializable");
        }
    }

    /** A lambda or method reference is identified by its implementation method and captured values. */
    private void function(Object fn) {
        SerializedLambda lambda = Task.serializedLambda(fn);
        if (lambda == null) {
            write(fn);
            return;
        }
        text('F', lambda.getImplClass() + '.' + lambda.getImplMethodName() + lambda.getImplMethodSignature());
        if (withCode) {
            try {
                code(Class.forName(lambda.getImplClass().replace('/', '.'), false, fn.getClass().getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("Cannot load " + lambda.getImplClass() + " to fingerprint its code", e);
            }
        }
        tag('#', lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            write(lambda.getCapturedArg(i));
        }
    }

    private void record(Record value) {
        RecordComponent[] components = value.getClass().getRecordComponents();
        text('R', value.getClass().getName());
        code(value.getClass());
        tag('#', components.length);
        for (RecordComponent component : components) {
            try {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                write(accessor.invoke(value));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("Cannot read component " + component.getName()
                        + " of " + value.getClass().getName(), e);
            }
        }
    }

    private void unordered(char kind, Collection<?> items) {
        List<String> tokens = new ArrayList<>(items.size());
        for (Object item : items) {
            tokens.add(hash(withCode, item));
        }
        sorted(kind, tokens);
    }

    private void sorted(char kind, List<String> tokens) {
        tokens.sort(null);
        tag(kind, tokens.size());
        for (String token : tokens) {
            text('H', token);
        }
    }

    private static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot tokenize " + value.getClass().getName()
                    + ": serialization failed", e);
        }
        return bytes.toByteArray();
    }

    /** In a node hash, the fingerprint of the code of {@code c}. */
    private void code(Class<?> c) {
        if (withCode) {
            text('C', ClassCode.of(c));
        }
    }

    private void text(char kind, String s) {
        tag(kind, 0);
        bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        tag('#', b.length);
        digest.update(b);
    }

    private void tag(char kind, int n) {
        digest.update((byte) kind);
        digest.update((byte) (n >>> 24));
        digest.update((byte) (n >>> 16));
        digest.update((byte) (n >>> 8));
        digest.update((byte) n);
    }
}
