package dev.partita.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.UUID;

/** What became of a task on a member: done (and what it keeps), failed, an input lost, refused, or the run over. */
final class TaskReply extends Messages.Message {
    enum Kind { DONE, FAILED, INPUT_LOST, REFUSED, ENDED }

    Kind kind;
    long nanos;
    /** DONE: about how many bytes the value holds. */
    long size;
    /** DONE: the inputs fetched from other members that the member now keeps too. */
    int[] kept = new int[0];
    /** INPUT_LOST: the input and the member that no longer had it. */
    int lost = -1;
    UUID lostHolder;
    /** REFUSED: why. */
    String message = "";
    /** FAILED: the task's exception, Java-serialized. */
    byte[] failure = new byte[0];

    TaskReply() {
    }

    private TaskReply(Kind kind) {
        this.kind = kind;
    }

    static TaskReply done(long nanos, long size, int[] kept) {
        TaskReply r = new TaskReply(Kind.DONE);
        r.nanos = nanos;
        r.size = size;
        r.kept = kept;
        return r;
    }

    static TaskReply failed(long nanos, Throwable cause) {
        TaskReply r = new TaskReply(Kind.FAILED);
        r.nanos = nanos;
        r.failure = serialize(cause);
        return r;
    }

    static TaskReply inputLost(int node, UUID holder) {
        TaskReply r = new TaskReply(Kind.INPUT_LOST);
        r.lost = node;
        r.lostHolder = holder;
        return r;
    }

    static TaskReply refused(String message) {
        TaskReply r = new TaskReply(Kind.REFUSED);
        r.message = message;
        return r;
    }

    static TaskReply ended() {
        return new TaskReply(Kind.ENDED);
    }

    /** The task's exception as the member threw it, or as text with its stack when it cannot cross. */
    Throwable cause() {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(failure))) {
            return (Throwable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return new IllegalStateException("the task failed with an exception that cannot be read here: " + e);
        }
    }

    private static byte[] serialize(Throwable cause) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cause);
        } catch (IOException e) {
            RuntimeException text = new RuntimeException(cause.toString());
            text.setStackTrace(cause.getStackTrace());
            return serialize(text);
        }
        return bytes.toByteArray();
    }

    @Override
    public int getClassId() {
        return Messages.TASK_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeLong(nanos);
        out.writeLong(size);
        out.writeIntArray(kept);
        out.writeInt(lost);
        Messages.writeUuid(out, lostHolder);
        out.writeString(message);
        out.writeByteArray(failure);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = Kind.values()[in.readByte()];
        nanos = in.readLong();
        size = in.readLong();
        kept = in.readIntArray();
        lost = in.readInt();
        lostHolder = Messages.readUuid(in);
        message = in.readString();
        failure = in.readByteArray();
    }
}
