package dev.partita.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.partita.graph.WorkerRun;
import java.io.IOException;
import java.io.InvalidClassException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs a member takes part in, by run id: each loaded from the runs map on its first task, ended by the
 * client's {@link EndRun}, or when the client disconnects, or when the member shuts down.
 */
final class MemberStore {
    final int threads;
    final long memoryLimit;
    final Path spillDir;
    private HazelcastInstance member;
    private final Map<String, MemberRun> runs = new ConcurrentHashMap<>();
    /** Runs that ended here, so that a task arriving late does not load its run again. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    MemberStore(int threads, long memoryLimit, Path spillDir) {
        this.threads = threads;
        this.memoryLimit = memoryLimit;
        this.spillDir = spillDir;
    }

    void started(HazelcastInstance instance) {
        this.member = instance;
    }

    static MemberStore of(HazelcastInstance instance) {
        return (MemberStore) instance.getUserContext().get(Configs.STORE);
    }

    UUID self() {
        return member.getCluster().getLocalMember().getUuid();
    }

    HazelcastInstance instance() {
        return member;
    }

    TaskReply runTask(String id, int node, int[] inputs, UUID[] holders) {
        MemberRun run;
        try {
            run = load(id);
        } catch (InvalidClassException e) {
            return TaskReply.refused("member " + member.getCluster().getLocalMember().getAddress()
                    + " refuses the run: " + e.getMessage());
        } catch (Exception e) {
            return TaskReply.refused("member " + member.getCluster().getLocalMember().getAddress()
                    + " cannot load the run: " + e);
        }
        return run == null ? TaskReply.ended() : run.execute(node, inputs, holders);
    }

    /** The run, loaded on first use; null when it ended here or the client dropped it. */
    private MemberRun load(String id) throws Exception {
        MemberRun run = runs.get(id);
        if (run != null || ended.contains(id)) {
            return run;
        }
        synchronized (this) {
            run = runs.get(id);
            if (run != null || ended.contains(id)) {
                return run;
            }
            byte[] setup = member.<String, byte[]>getMap(Configs.RUNS).get(id);
            if (setup == null) {
                return null;
            }
            WorkerRun resources = new WorkerRun(id, memoryLimit, threads, spillDir);
            try {
                run = new MemberRun(this, id, RunSetup.decode(setup, resources), resources);
            } catch (Exception | Error e) {
                resources.close();
                throw e;
            }
            runs.put(id, run);
            return run;
        }
    }

    Frame frame(String id, int node, int part, long token, long offset) throws IOException {
        MemberRun run = runs.get(id);
        return run == null ? Frame.missing() : run.frame(node, part, token, offset);
    }

    void release(String id, int[] nodes) {
        MemberRun run = runs.get(id);
        if (run != null) {
            run.release(nodes);
        }
    }

    /** Ends run {@code id} here; returns what went wrong ending it, or an empty string. */
    String end(String id) {
        MemberRun run;
        synchronized (this) {
            ended.add(id);
            run = runs.remove(id);
        }
        return run == null ? "" : run.end();
    }

    /** Ends the runs of a client that disconnected. */
    void endClient(UUID client) {
        for (MemberRun run : List.copyOf(runs.values())) {
            if (run.client().equals(client)) {
                end(run.id);
            }
        }
    }

    /** Ends every run, as the member shuts down. */
    void close() {
        for (String id : new ArrayList<>(runs.keySet())) {
            end(id);
        }
    }
}
