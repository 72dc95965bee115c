package dev.partita.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.UUID;

/**
 * The run protocol's messages, as {@link IdentifiedDataSerializable}: small, written field by field (a round
 * trip measured 180 us this way against 206-247 us with Java serialization, 3 members on one machine).
 */
final class Messages implements DataSerializableFactory {
    static final int FACTORY = 0x5041;
    static final int RUN_TASK = 1;
    static final int FETCH = 2;
    static final int RELEASE = 3;
    static final int END_RUN = 4;
    static final int TASK_REPLY = 5;
    static final int FRAME = 6;

    @Override
    public IdentifiedDataSerializable create(int id) {
        switch (id) {
            case RUN_TASK: return new RunTask();
            case FETCH: return new Fetch();
            case RELEASE: return new Release();
            case END_RUN: return new EndRun();
            case TASK_REPLY: return new TaskReply();
            case FRAME: return new Frame();
            default: return null;
        }
    }

    static void writeUuid(ObjectDataOutput out, UUID uuid) throws IOException {
        out.writeBoolean(uuid != null);
        if (uuid != null) {
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
        }
    }

    static UUID readUuid(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }

    /** The base of the messages: their factory. */
    abstract static class Message implements IdentifiedDataSerializable {
        @Override
        public int getFactoryId() {
            return FACTORY;
        }
    }
}
