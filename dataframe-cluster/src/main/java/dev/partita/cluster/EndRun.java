package dev.partita.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Ends a run on the receiving member: its running tasks are interrupted and waited for, its values closed,
 * its context closed (which fails on a leak) and its temporary files deleted. Replies what went wrong, or
 * an empty string.
 */
final class EndRun extends Messages.Message implements Callable<String>, HazelcastInstanceAware {
    private String run;
    private transient HazelcastInstance member;

    EndRun() {
    }

    EndRun(String run) {
        this.run = run;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public String call() {
        return MemberStore.of(member).end(run);
    }

    @Override
    public int getClassId() {
        return Messages.END_RUN;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(run);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        run = in.readString();
    }
}
