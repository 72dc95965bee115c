package dev.partita.graph;

/**
 * A value that {@link Graph#tokenize} hashes as another value: the part of it that a task's result depends
 * on. An execution environment passed as an argument hashes as a constant; a description of many files can
 * hash without the list of files when its tasks' other arguments name the file each one reads.
 *
 * <pre>{@code
 * record Env(Allocator allocator) implements Tokenizable { public Object tokenValue() { return "env"; } }
 * Graph.tokenize(new Env(a)).equals(Graph.tokenize(new Env(b)));   // true
 * }</pre>
 */
public interface Tokenizable {
    /** The value hashed in place of this one; it must not be this object. */
    Object tokenValue();
}
