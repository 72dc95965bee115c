package dev.partita.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Asks the member holding a value for a frame of its encoding, from byte {@code offset}: the whole value (or,
 * for a value read in parts, its header) when {@code part} is {@link #WHOLE}, else that part. A reader names
 * its fetch by {@code token}, under which the holder keeps an encoding longer than one frame until the last
 * frame is taken.
 */
final class Fetch extends Messages.Message implements Callable<Frame>, HazelcastInstanceAware {
    static final int WHOLE = -1;

    private String run;
    private int node;
    private int part;
    private long token;
    private long offset;
    private transient HazelcastInstance member;

    Fetch() {
    }

    Fetch(String run, int node, int part, long token, long offset) {
        this.run = run;
        this.node = node;
        this.part = part;
        this.token = token;
        this.offset = offset;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public Frame call() throws IOException {
        return MemberStore.of(member).frame(run, node, part, token, offset);
    }

    @Override
    public int getClassId() {
        return Messages.FETCH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(run);
        out.writeInt(node);
        out.writeInt(part);
        out.writeLong(token);
        out.writeLong(offset);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        run = in.readString();
        node = in.readInt();
        part = in.readInt();
        token = in.readLong();
        offset = in.readLong();
    }
}
