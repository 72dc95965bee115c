package dev.partita.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Callable;

/** Runs node {@code node} of a run on the receiving member, its inputs read from the members named beside them. */
final class RunTask extends Messages.Message implements Callable<TaskReply>, HazelcastInstanceAware {
    private String run;
    private int node;
    private int[] inputs;
    private UUID[] holders;
    private transient HazelcastInstance member;

    RunTask() {
    }

    RunTask(String run, int node, int[] inputs, UUID[] holders) {
        this.run = run;
        this.node = node;
        this.inputs = inputs;
        this.holders = holders;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public TaskReply call() {
        return MemberStore.of(member).runTask(run, node, inputs, holders);
    }

    @Override
    public int getClassId() {
        return Messages.RUN_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(run);
        out.writeInt(node);
        out.writeIntArray(inputs);
        for (UUID h : holders) {
            Messages.writeUuid(out, h);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        run = in.readString();
        node = in.readInt();
        inputs = in.readIntArray();
        holders = new UUID[inputs.length];
        for (int i = 0; i < holders.length; i++) {
            holders[i] = Messages.readUuid(in);
        }
    }
}
