package dev.partita.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/** Deletes values of a run that no task needs any more from the receiving member. */
final class Release extends Messages.Message implements Runnable, HazelcastInstanceAware {
    private String run;
    private int[] nodes;
    private transient HazelcastInstance member;

    Release() {
    }

    Release(String run, int[] nodes) {
        this.run = run;
        this.nodes = nodes;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public void run() {
        MemberStore.of(member).release(run, nodes);
    }

    @Override
    public int getClassId() {
        return Messages.RELEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(run);
        out.writeIntArray(nodes);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        run = in.readString();
        nodes = in.readIntArray();
    }
}
