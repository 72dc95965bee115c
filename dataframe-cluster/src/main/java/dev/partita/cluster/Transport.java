package dev.partita.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.partita.graph.CacheCodec;
import dev.partita.graph.CodeCheck;
import dev.partita.graph.PartedCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a value moves from the member holding it to a reader: encoded by the first of the run's codecs that
 * accepts it (the same list on every side, so its position names it), else by Java serialization checked
 * against the reader's build, and fetched in {@link Frame frames}. A value whose codec is a
 * {@link PartedCodec} arrives as its header and a value that fetches each part when it is read.
 */
final class Transport {
    /** The codec position written for Java serialization. */
    private static final int JAVA = 255;

    private Transport() {
    }

    /** A fetched value; {@code parted} when only its header came and its parts are fetched when read. */
    record Fetched(Object value, boolean parted) {
    }

    /** The encoding of {@code value}, whole (for a parted value: its header) or of part {@code part}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static byte[] encode(Object value, int part, List<CacheCodec<?>> codecs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int index = codecs.size();
        for (int i = 0; i < codecs.size(); i++) {
            if (codecs.get(i).accepts(value)) {
                index = i;
                break;
            }
        }
        if (index == codecs.size()) {
            if (part != Fetch.WHOLE) {
                throw new IOException("no part " + part + " in a " + value.getClass().getName());
            }
            out.write(JAVA);
            try (ObjectOutputStream objects = CodeCheck.output(out)) {
                objects.writeObject(value);
            }
            return out.toByteArray();
        }
        CacheCodec codec = codecs.get(index);
        if (part != Fetch.WHOLE) {
            ((PartedCodec) codec).writePart(value, part, out);
        } else {
            out.write(index);
            if (codec instanceof PartedCodec) {
                ((PartedCodec) codec).writeHeader(value, out);
            } else {
                codec.write(value, out);
            }
        }
        return out.toByteArray();
    }

    /** Bytes {@code value} holds as its codec tells, or 0. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static long sizeOf(Object value, List<CacheCodec<?>> codecs) {
        for (CacheCodec codec : codecs) {
            if (codec.accepts(value)) {
                return codec.sizeOf(value);
            }
        }
        return 0;
    }

    /** Fetches node {@code node} of run {@code run} from {@code holder}, decoded with {@code codecs}. */
    static Fetched fetch(HazelcastInstance hz, String run, int node, UUID holder, List<CacheCodec<?>> codecs)
            throws IOException {
        try (InputStream in = open(hz, run, node, Fetch.WHOLE, holder)) {
            int index = in.read();
            if (index == JAVA) {
                try {
                    return new Fetched(CodeCheck.input(in).readObject(), false);
                } catch (ClassNotFoundException e) {
                    throw new IOException("cannot decode the value of node " + node + ": " + e.getMessage(), e);
                }
            }
            if (index < 0 || index >= codecs.size()) {
                throw new IOException("the value of node " + node + " names codec " + index + " of " + codecs.size());
            }
            CacheCodec<?> codec = codecs.get(index);
            if (codec instanceof PartedCodec) {
                return new Fetched(((PartedCodec<?>) codec).read(in, p -> open(hz, run, node, p, holder)), true);
            }
            return new Fetched(codec.read(in), false);
        }
    }

    /** A stream of the encoding of node {@code node}'s value (or one part), fetched a frame at a time. */
    static InputStream open(HazelcastInstance hz, String run, int node, int part, UUID holder) {
        return new InputStream() {
            private final long token = ThreadLocalRandom.current().nextLong();
            private long offset;
            private long total = -1;
            private byte[] frame = new byte[0];
            private int pos;

            @Override
            public int read() throws IOException {
                return fill() ? frame[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, frame.length - pos);
                System.arraycopy(frame, pos, b, off, n);
                pos += n;
                return n;
            }

            /** Whether bytes are left, fetching the next frame when this one is used up. */
            private boolean fill() throws IOException {
                while (pos == frame.length) {
                    if (total >= 0 && offset >= total) {
                        return false;
                    }
                    Frame f = frame(hz, new Fetch(run, node, part, token, offset), node, holder);
                    total = f.total;
                    frame = f.bytes;
                    pos = 0;
                    offset += frame.length;
                }
                return true;
            }
        };
    }

    private static Frame frame(HazelcastInstance hz, Fetch fetch, int node, UUID holder) throws IOException {
        Member member = null;
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().equals(holder)) {
                member = m;
            }
        }
        if (member == null) {
            throw new InputLostException(node, holder, null);
        }
        Frame f;
        try {
            f = hz.getExecutorService(Configs.FETCH).<Frame>submitToMember(fetch, member).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching the value of node " + node);
        } catch (ExecutionException e) {
            // MemberLeftException is itself an ExecutionException; the others arrive as its cause.
            if (memberGone(e) || memberGone(e.getCause())) {
                throw new InputLostException(node, holder, e.getCause());
            }
            throw new IOException("cannot fetch the value of node " + node + " from member " + member.getAddress()
                    + ": " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            if (memberGone(e)) {
                throw new InputLostException(node, holder, e);
            }
            throw e;
        }
        if (f.isMissing()) {
            throw new InputLostException(node, holder, null);
        }
        return f;
    }

    /** Whether {@code t} says the member asked is gone (Hazelcast does not retry these). */
    static boolean memberGone(Throwable t) {
        return t instanceof MemberLeftException || t instanceof TargetNotMemberException
                || t instanceof TargetDisconnectedException || t instanceof HazelcastInstanceNotActiveException;
    }
}
