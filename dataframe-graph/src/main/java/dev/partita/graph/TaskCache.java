package dev.partita.graph;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * A directory of task results, so that a run restarts where a killed one stopped and a re-run recomputes
 * only what changed. An entry is named after its task and a hash of everything the result depends on: the
 * task's function and literal arguments and, recursively, the hashes of its inputs (so an unchanged
 * combine over unchanged inputs stays a hit however the rest of the graph changed), and the fingerprint of
 * the code involved: the class files of the function, of the arguments' classes, of the codecs and of the
 * classes registered with {@link #withCodeOf}, so another build of that code never reads the entry. A task
 * whose hash cannot be computed stably, or whose value no codec accepts, is not cached. Entries are written
 * to a temporary file, forced to disk and renamed; temporary files of killed writers are deleted by the next
 * run. Each entry carries its codec, version, length and a CRC32C of the payload, and one that does not
 * check out, or holds a Java-serialized class outside the allow-list ({@link #allowDeserializing}), is
 * reported ({@link SchedulerListener#onCacheProblem}), deleted and recomputed. With a size cap the least
 * recently used entries (a hit counts as a use) go first, except those a running {@code get} is about to
 * read.
 *
 * <pre>{@code
 * TaskCache cache = TaskCache.at(Path.of("cache")).withCodeOf(MyState.class).maxBytes(10L << 30);
 * Object z = Schedulers.local().withCache(cache).get(graph, "z");
 * }</pre>
 */
public final class TaskCache {
    private static final byte[] MAGIC = {'P', 'T', 'C', '1'};
    private static final String SUFFIX = ".entry";
    private static final String TEMP = ".tmp-";
    /** What Java serialization decodes unless told more: the JDK's classes and Partita's. */
    private static final List<String> DESERIALIZED = List.of("java.", "dev.partita.");
    /** The directories whose orphaned temporary files this process swept already. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final List<CacheCodec<?>> added;
    private final String salt;
    private final List<Class<?>> code;
    private final List<String> deserialized;
    private final long maxBytes;
    private final Predicate<Task> tasks;
    private final Books books;
    /** The added codecs, then the built-in ones. */
    private final List<CacheCodec<?>> codecs;
    /** Mixed into every entry's hash: the salt, and the fingerprint of the codecs' and registered classes' code. */
    private final String namespace;

    private TaskCache(Path dir, List<CacheCodec<?>> added, String salt, List<Class<?>> code, List<String> deserialized,
            long maxBytes, Predicate<Task> tasks, Books books) {
        this.dir = dir;
        this.added = List.copyOf(added);
        this.salt = salt;
        this.code = List.copyOf(code);
        this.deserialized = List.copyOf(deserialized);
        this.maxBytes = maxBytes;
        this.tasks = tasks;
        this.books = books;
        List<CacheCodec<?>> all = new ArrayList<>(added);
        all.addAll(Codecs.builtIn(this.deserialized));
        this.codecs = List.copyOf(all);
        StringBuilder ns = new StringBuilder(salt);
        for (CacheCodec<?> c : codecs) {
            ns.append('\0').append(ClassCode.of(c.getClass()));
        }
        for (Class<?> c : code) {
            ns.append('\0').append(ClassCode.of(c));
        }
        this.namespace = ns.toString();
    }

    /** A cache in {@code dir} (created on first write) with the built-in codecs, no size cap, every task. */
    public static TaskCache at(Path dir) {
        return new TaskCache(Objects.requireNonNull(dir, "dir"), List.of(), "", List.of(), DESERIALIZED, 0,
                t -> true, new Books());
    }

    /** This cache with {@code codec} tried before the codecs it already has. */
    public TaskCache withCodec(CacheCodec<?> codec) {
        List<CacheCodec<?>> more = new ArrayList<>();
        more.add(Objects.requireNonNull(codec, "codec"));
        more.addAll(added);
        return new TaskCache(dir, more, salt, code, deserialized, maxBytes, tasks, books);
    }

    /**
     * This cache with the code of {@code classes} in every entry's name: the class files of each class and of
     * its nested, local and anonymous classes. Register the classes whose code shapes results but that no
     * task names as its function, such as aggregation states and kernels; entries written by another build
     * of any of them are then misses. The code of each cached task's function, of the classes of its records,
     * enums and serialized arguments, and of the codecs is part of the name without registering.
     *
     * @throws IllegalArgumentException when a class has no class file on the class path
     */
    public TaskCache withCodeOf(Class<?>... classes) {
        List<Class<?>> more = new ArrayList<>(code);
        for (Class<?> c : classes) {
            more.add(Objects.requireNonNull(c, "class"));
        }
        return new TaskCache(dir, added, salt, more, deserialized, maxBytes, tasks, books);
    }

    /**
     * This cache also decoding Java-serialized values of classes in {@code packages} (and their
     * subpackages). By default only the JDK's {@code java.*} classes and Partita's {@code dev.partita.*} are
     * decoded: an entry holding any other class is reported as a cache problem and recomputed, never
     * deserialized.
     */
    public TaskCache allowDeserializing(String... packages) {
        List<String> more = new ArrayList<>(deserialized);
        for (String p : packages) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("a package name is empty");
            }
            more.add(p.endsWith(".") ? p : p + ".");
        }
        return new TaskCache(dir, added, salt, code, more, maxBytes, tasks, books);
    }

    /**
     * This cache with {@code salt} mixed into every hash: a format version of the code that builds the
     * graphs, for a change that {@link #withCodeOf} does not see (the code's fingerprint is in every hash
     * without a salt).
     */
    public TaskCache salt(String salt) {
        return new TaskCache(dir, added, Objects.requireNonNull(salt, "salt"), code, deserialized, maxBytes, tasks,
                books);
    }

    /** This cache holding at most about {@code bytes} bytes (0: no cap), evicting least recently used. */
    public TaskCache maxBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBytes must be at least 0: " + bytes);
        }
        return new TaskCache(dir, added, salt, code, deserialized, bytes, tasks, books);
    }

    /** This cache storing the results of the tasks {@code filter} accepts only (tasks with side effects not). */
    public TaskCache only(Predicate<Task> filter) {
        return new TaskCache(dir, added, salt, code, deserialized, maxBytes, Objects.requireNonNull(filter, "filter"),
                books);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The size cap in bytes; 0 means none. */
    public long maxBytes() {
        return maxBytes;
    }

    /** What the directory holds now. */
    public Info info() throws IOException {
        List<Entry> entries = entries();
        long bytes = entries.stream().mapToLong(Entry::size).sum();
        Optional<Instant> oldest = entries.stream().map(Entry::used).min(Comparator.naturalOrder());
        Optional<Instant> newest = entries.stream().map(Entry::used).max(Comparator.naturalOrder());
        return new Info(entries.size(), bytes, oldest, newest);
    }

    /** Deletes every entry and leftover temporary file; returns the number of entries deleted. */
    public int clear() throws IOException {
        int deleted = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(SUFFIX) || name.startsWith(TEMP)) {
                    Files.deleteIfExists(f);
                    deleted += name.endsWith(SUFFIX) ? 1 : 0;
                }
            }
        }
        forgetSize();
        return deleted;
    }

    /**
     * What a cache directory holds: the number of entries, their total size and the oldest and newest time
     * an entry was written or last hit (empty when there are no entries).
     */
    public record Info(int entries, long bytes, Optional<Instant> oldest, Optional<Instant> newest) {
    }

    private record Entry(Path path, long size, Instant used) {
    }

    /**
     * What a cache and the caches derived from it know of their directory, guarded by itself: the total
     * size of its entries (-1: unknown) and the entries runs are about to read, with how many runs each.
     */
    private static final class Books {
        long bytes = -1;
        final Map<Path, Integer> pinned = new HashMap<>();
    }

    /** Why an entry cannot be used. */
    static final class BadEntryException extends IOException {
        private static final long serialVersionUID = 1L;

        BadEntryException(String problem) {
            super(problem);
        }
    }

    String namespace() {
        return namespace;
    }

    boolean caches(Task task) {
        return tasks.test(task);
    }

    /** The entry file of a task's result with this hash. */
    Path entry(Task task, String hash) {
        StringBuilder name = new StringBuilder();
        for (char c : task.name().toCharArray()) {
            if (name.length() == 40) {
                break;
            }
            name.append(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '.') ? c : '_');
        }
        return dir.resolve(name + "-" + hash + SUFFIX);
    }

    /**
     * Checks the entry's header and checksum without decoding it, and marks it used; null when it is
     * sound, else why not. The checksum is checked here, before any codec sees the payload, because a
     * codec need not cope with corrupt input (one allocating off-heap memory may leak it).
     */
    String verify(Path entry) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(entry), 1 << 16)) {
            Header h = open(in, Files.size(entry));
            if (h.problem != null) {
                return h.problem;
            }
            CheckedInputStream payload = new CheckedInputStream(in, new CRC32C());
            byte[] buffer = new byte[1 << 16];
            while (payload.read(buffer) != -1) {
                continue;
            }
            if ((int) payload.getChecksum().getValue() != h.crc) {
                return "checksum mismatch";
            }
        } catch (BadEntryException e) {
            return e.getMessage();
        }
        Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        return null;
    }

    /**
     * Decodes an entry {@link #verify} accepted.
     *
     * @throws BadEntryException when its header no longer checks out
     */
    Object read(Path entry) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(entry), 1 << 16)) {
            Header h = open(in, Files.size(entry));
            if (h.problem != null) {
                throw new BadEntryException(h.problem);
            }
            return codec(h.codec, h.version).read(in);
        }
    }

    /** Reads the header; its problem is also set when this cache lacks the entry's codec. */
    private Header open(InputStream in, long fileSize) throws IOException {
        Header h;
        try {
            h = Header.read(in, fileSize);
        } catch (EOFException e) {
            throw new BadEntryException("truncated header");
        }
        if (h.problem == null && codec(h.codec, h.version) == null) {
            h.problem = "written by codec " + h.codec + " version " + h.version + ", which this cache does not have";
        }
        return h;
    }


    /** Writes {@code value} as the entry, atomically; false when no codec accepts the value. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    boolean write(Path entry, Object value) throws IOException {
        CacheCodec codec = null;
        for (CacheCodec<?> c : codecs) {
            if (c.accepts(value)) {
                codec = c;
                break;
            }
        }
        if (codec == null) {
            return false;
        }
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] id = codec.id().getBytes(StandardCharsets.UTF_8);
                ByteBuffer header = ByteBuffer.allocate(Header.size(id.length));
                header.put(MAGIC).putShort((short) id.length).put(id).putInt(codec.version()).putLong(0).putInt(0);
                header.flip();
                while (header.hasRemaining()) {
                    channel.write(header);
                }
                CRC32C crc = new CRC32C();
                long[] length = new long[1];
                OutputStream payload = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void write(int b) throws IOException {
                        crc.update(b);
                        length[0]++;
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        crc.update(b, off, len);
                        length[0] += len;
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                }, 1 << 16);
                codec.write(value, payload);
                payload.flush();
                ByteBuffer trailer = ByteBuffer.allocate(12).putLong(length[0]).putInt((int) crc.getValue());
                trailer.flip();
                long at = Header.size(id.length) - 12;
                while (trailer.hasRemaining()) {
                    at += channel.write(trailer, at);
                }
                channel.force(true);
            }
            long size = Files.size(temp);
            try {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
            added(size);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes the temporary files of entries whose writer is no longer running (a process killed while
     * writing), once per directory and process; the writer's process id is in the file's name. A cache
     * directory is shared by the processes of one machine only: another machine's writers look dead here.
     */
    void sweepOrphans() {
        if (!Files.isDirectory(dir) || !SWEPT.add(dir.toAbsolutePath().normalize())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP + "*")) {
            for (Path f : files) {
                if (!writerAlive(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // An orphan that cannot be deleted now only wastes space, and clear() deletes it: no reason to fail.
        }
    }

    private static boolean writerAlive(String tempName) {
        int dash = tempName.indexOf('-', TEMP.length());
        try {
            long pid = Long.parseLong(tempName.substring(TEMP.length(), dash < 0 ? tempName.length() : dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Deletes an entry that did not check out. */
    void discard(Path entry) throws IOException {
        Files.deleteIfExists(entry);
        forgetSize();
    }

    /** Keeps {@code entry} from eviction until {@link #unpin}. */
    void pin(Path entry) {
        synchronized (books) {
            books.pinned.merge(entry, 1, Integer::sum);
        }
    }

    /** Undoes one {@link #pin} of each of {@code entries}. */
    void unpin(Collection<Path> entries) {
        synchronized (books) {
            for (Path entry : entries) {
                books.pinned.computeIfPresent(entry, (e, runs) -> runs == 1 ? null : runs - 1);
            }
        }
    }

    private void forgetSize() {
        synchronized (books) {
            books.bytes = -1;
        }
    }

    private CacheCodec<?> codec(String id, int version) {
        for (CacheCodec<?> c : codecs) {
            if (c.id().equals(id) && c.version() == version) {
                return c;
            }
        }
        return null;
    }

    /**
     * Counts a new entry and, over the cap, deletes least recently used entries that are not pinned until
     * under it.
     */
    private void added(long size) throws IOException {
        if (maxBytes == 0) {
            return;
        }
        synchronized (books) {
            if (books.bytes >= 0 && books.bytes + size <= maxBytes) {
                books.bytes += size;
                return;
            }
            List<Entry> entries = entries();
            long total = entries.stream().mapToLong(Entry::size).sum();
            entries.sort(Comparator.comparing(Entry::used));
            for (int i = 0; total > maxBytes && i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (!books.pinned.containsKey(e.path)) {
                    Files.deleteIfExists(e.path);
                    total -= e.size;
                }
            }
            books.bytes = total;
        }
    }

    private List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    entries.add(new Entry(f, a.size(), a.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException e) {
                    continue;
                }
            }
        }
        return entries;
    }

    /** An entry's header: magic, codec id, codec version, payload length, CRC32C of the payload. */
    private static final class Header {
        String codec;
        int version;
        int crc;
        String problem;

        static int size(int idLength) {
            return MAGIC.length + 2 + idLength + 4 + 8 + 4;
        }

        static Header read(InputStream stream, long fileSize) throws IOException {
            DataInputStream in = new DataInputStream(stream);
            Header h = new Header();
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                h.problem = "not a cache entry (bad magic bytes)";
                return h;
            }
            int idLength = in.readUnsignedShort();
            if (idLength > 256) {
                h.problem = "bad header (codec id of " + idLength + " bytes)";
                return h;
            }
            byte[] id = new byte[idLength];
            in.readFully(id);
            h.codec = new String(id, StandardCharsets.UTF_8);
            h.version = in.readInt();
            long length = in.readLong();
            h.crc = in.readInt();
            long actual = fileSize - size(idLength);
            if (length != actual) {
                h.problem = "truncated or extended: header says " + length + " payload bytes, file has " + actual;
            }
            return h;
        }
    }
}
