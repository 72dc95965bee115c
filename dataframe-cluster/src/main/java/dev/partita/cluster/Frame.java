package dev.partita.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/** A piece of a value's encoding: its bytes and the encoding's total length; {@link #missing} when not held. */
final class Frame extends Messages.Message {
    /** Bytes per frame, so that a large value crosses in pieces instead of one array of its size per message. */
    static final int SIZE = 4 << 20;

    long total;
    byte[] bytes;

    Frame() {
    }

    Frame(long total, byte[] bytes) {
        this.total = total;
        this.bytes = bytes;
    }

    static Frame missing() {
        return new Frame(-1, new byte[0]);
    }

    boolean isMissing() {
        return total < 0;
    }

    @Override
    public int getClassId() {
        return Messages.FRAME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(total);
        out.writeByteArray(bytes);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        total = in.readLong();
        bytes = in.readByteArray();
    }
}
