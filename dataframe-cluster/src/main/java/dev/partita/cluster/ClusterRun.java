package dev.partita.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.partita.graph.CacheCodec;
import dev.partita.graph.RemoteRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client's side of one run, in the style of dask's scheduler: the run's state is the named fields
 * below, touched by the calling thread only, which takes events (a task's reply, a member leaving or joining)
 * from one queue, applies them, and hands ready tasks to members. Values stay on the members that computed
 * them; the client knows who holds what ({@code holders}) and how large it is.
 *
 * <ul>
 *   <li>Placement: the best-ranked ready task goes to the member holding most of its input bytes when that
 *       member has a free slot, else to the least loaded member; a member has {@code threads + 1} slots, so
 *       its next task is queued there while it runs the others (dask's queuing rule: no deep queues, no
 *       stealing needed).
 *   <li>Release: once every task reading a value has finished and the value is not requested (or was handed
 *       over), its holders delete it.
 *   <li>A member leaving: its running tasks go back to waiting with one more attempt; a value still needed
 *       whose only copies were there is computed again from its inputs, recursively (lineage). A task that
 *       was running on {@value #ATTEMPTS} members that left fails the run ({@link KilledWorkerException}).
 * </ul>
 */
final class ClusterRun {
    static final int ATTEMPTS = 3;
    /** How long the end of a run waits for each member to close it. */
    private static final long END_SECONDS = 90;
    /** What the run's results hold for a value kept on a member. */
    private static final Object ELSEWHERE = "held on a cluster member";

    private static final byte WAITING = 0;
    private static final byte READY = 1;
    private static final byte RUNNING = 2;
    private static final byte DONE = 3;

    private final HazelcastInstance client;
    private final List<CacheCodec<?>> codecs;
    private final RemoteRun run;
    private final String id = UUID.randomUUID().toString();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final IExecutorService tasks;
    private final IExecutorService control;

    private final int[] order;
    private final int[] rank;
    /** Per node: the computed nodes it reads, and those that read it. */
    private final int[][] inputs;
    private final int[][] dependents;
    private final int total;

    private final byte[] state;
    /** Per node: how many of its inputs are not available (done and held somewhere). */
    private final int[] waiting;
    /** Per node: how many of the nodes reading it have not finished. */
    private final int[] needers;
    /** Ranks of the ready nodes. */
    private final PriorityQueue<Integer> ready = new PriorityQueue<>();
    /** Per node: the members holding its value, and about how many bytes it holds. */
    private final List<List<UUID>> holders;
    private final long[] sizes;
    /** Per requested node: whether its value was handed to the caller. */
    private final boolean[] delivered;
    /** Per node: the members that left while running it, and the number of its latest submission. */
    private final List<List<String>> deaths;
    private final long[] submissions;
    private final Map<UUID, Slot> members = new LinkedHashMap<>();
    private final Map<UUID, List<Integer>> releases = new HashMap<>();
    private int done;
    private int nextIndex;

    /** A member taking part in the run: its free slots and what it runs. */
    private static final class Slot {
        final Member member;
        final int index;
        final int capacity;
        final List<Integer> running = new ArrayList<>();

        Slot(Member member, int index, int capacity) {
            this.member = member;
            this.index = index;
            this.capacity = capacity;
        }

        boolean free() {
            return running.size() < capacity;
        }
    }

    private sealed interface Event permits Reply, Failure, Left, Joined {
    }

    private record Reply(UUID member, int node, long submission, TaskReply reply) implements Event {
    }

    private record Failure(UUID member, int node, long submission, Throwable error) implements Event {
    }

    private record Left(UUID member) implements Event {
    }

    private record Joined(Member member) implements Event {
    }

    ClusterRun(HazelcastInstance client, List<CacheCodec<?>> codecs, RemoteRun run) {
        this.client = client;
        this.codecs = codecs;
        this.run = run;
        this.tasks = client.getExecutorService(Configs.TASKS);
        this.control = client.getExecutorService(Configs.CONTROL);
        int n = run.graph().size();
        order = run.order();
        rank = new int[n];
        inputs = new int[n][];
        int[] dependentCount = new int[n];
        int computed = 0;
        for (int r = 0; r < order.length; r++) {
            int node = order[r];
            rank[node] = r;
            if (run.computed(node)) {
                computed++;
                inputs[node] = java.util.Arrays.stream(run.dependencies(node)).filter(run::computed).toArray();
                for (int dep : inputs[node]) {
                    dependentCount[dep]++;
                }
            }
        }
        total = computed;
        dependents = new int[n][];
        for (int node : order) {
            dependents[node] = new int[dependentCount[node]];
            dependentCount[node] = 0;
        }
        for (int node : order) {
            if (inputs[node] != null) {
                for (int dep : inputs[node]) {
                    dependents[dep][dependentCount[dep]++] = node;
                }
            }
        }
        state = new byte[n];
        waiting = new int[n];
        needers = new int[n];
        sizes = new long[n];
        delivered = new boolean[n];
        submissions = new long[n];
        holders = new ArrayList<>(n);
        deaths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            holders.add(new ArrayList<>(1));
            deaths.add(new ArrayList<>(0));
        }
        for (int node : order) {
            if (inputs[node] != null) {
                waiting[node] = inputs[node].length;
                needers[node] = dependents[node].length;
                if (waiting[node] == 0) {
                    makeReady(node);
                }
            }
        }
    }

    /** Runs every computed node; throws what ended the run. */
    void execute() throws Exception {
        if (total == 0) {
            return;
        }
        byte[] setup = RunSetup.encode(client.getLocalEndpoint().getUuid(), run.graph(), codecs);
        client.<String, byte[]>getMap(Configs.RUNS).set(id, setup);
        UUID listener = client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                events.add(new Joined(event.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                events.add(new Left(event.getMember().getUuid()));
            }
        });
        Throwable failure = null;
        try {
            for (Member m : client.getCluster().getMembers()) {
                join(m);
            }
            if (members.isEmpty()) {
                throw new IllegalStateException("the cluster has no member to run tasks");
            }
            dispatch();
            while (done < total) {
                handle(events.take());
                flushReleases();
                dispatch();
            }
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            client.getCluster().removeMembershipListener(listener);
            String problems = end();
            client.getMap(Configs.RUNS).delete(id);
            if (!problems.isEmpty()) {
                IllegalStateException e = new IllegalStateException("ending the run on the members: " + problems);
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private void handle(Event event) throws Exception {
        if (event instanceof Joined j) {
            join(j.member());
        } else if (event instanceof Left l) {
            lost(l.member());
        } else if (event instanceof Failure f) {
            if (current(f.member(), f.node(), f.submission())) {
                if (Transport.memberGone(f.error())) {
                    lost(f.member());
                } else {
                    Slot slot = members.get(f.member());
                    throw run.failed(f.node(), slot.index, 0, f.error());
                }
            }
        } else {
            reply((Reply) event);
        }
    }

    private void reply(Reply r) {
        TaskReply reply = r.reply();
        int node = r.node();
        if (!current(r.member(), node, r.submission())) {
            if (reply.kind == TaskReply.Kind.DONE) {
                releaseLater(r.member(), node);
            }
            return;
        }
        Slot slot = members.get(r.member());
        slot.running.remove((Integer) node);
        switch (reply.kind) {
            case DONE -> finish(node, slot, reply);
            case FAILED -> throw run.failed(node, slot.index, reply.nanos, reply.cause());
            case INPUT_LOST -> {
                holders.get(reply.lost).remove(reply.lostHolder);
                requeue(node);
            }
            case REFUSED -> throw new IllegalStateException(reply.message);
            default -> throw new IllegalStateException("member " + slot.member.getAddress() + " ended the run");
        }
    }

    /** Whether a reply is about the latest submission of a node still running on that member. */
    private boolean current(UUID member, int node, long submission) {
        return state[node] == RUNNING && submissions[node] == submission && members.containsKey(member)
                && members.get(member).running.contains(node);
    }

    private void finish(int node, Slot slot, TaskReply reply) {
        UUID member = slot.member.getUuid();
        Object value = ELSEWHERE;
        if (run.requested(node) && !delivered[node]) {
            try {
                value = Transport.fetch(client, id, node, member, codecs).value();
            } catch (InputLostException e) {
                // The member left as the task ended: as if it had left while running it.
                requeue(node);
                return;
            } catch (java.io.IOException e) {
                throw run.failed(node, slot.index, reply.nanos, e);
            }
            delivered[node] = true;
        }
        state[node] = DONE;
        done++;
        holders.get(node).add(member);
        sizes[node] = reply.size;
        for (int kept : reply.kept) {
            if (available(kept) && !holders.get(kept).contains(member)) {
                holders.get(kept).add(member);
            } else if (!holders.get(kept).contains(member)) {
                releaseLater(member, kept);
            }
        }
        run.finished(node, slot.index, reply.nanos, value);
        for (int dep : inputs[node]) {
            needers[dep]--;
            releaseIfUnneeded(dep);
        }
        releaseIfUnneeded(node);
        for (int d : dependents[node]) {
            if (state[d] == WAITING && --waiting[d] == 0) {
                makeReady(d);
            }
        }
    }

    private boolean available(int node) {
        return state[node] == DONE && !holders.get(node).isEmpty();
    }

    private boolean needed(int node) {
        return needers[node] > 0 || (run.requested(node) && !delivered[node]);
    }

    private void makeReady(int node) {
        state[node] = READY;
        ready.add(rank[node]);
    }

    /** Puts {@code node} back to waiting for whichever inputs are not available, computing gone ones again. */
    private void requeue(int node) {
        state[node] = WAITING;
        waiting[node] = 0;
        for (int dep : inputs[node]) {
            if (available(dep)) {
                continue;
            }
            if (state[dep] == DONE) {
                needAgain(dep);
            } else {
                waiting[node]++;
            }
        }
        if (waiting[node] == 0) {
            makeReady(node);
        }
    }

    /**
     * A finished node whose value is gone but still needed is computed again: the nodes waiting on it wait
     * once more, a ready one goes back to waiting, and its own inputs, released or lost, are needed again.
     */
    private void needAgain(int node) {
        state[node] = WAITING;
        done--;
        for (int dep : inputs[node]) {
            needers[dep]++;
        }
        for (int d : dependents[node]) {
            if (state[d] == WAITING) {
                waiting[d]++;
            } else if (state[d] == READY) {
                ready.remove(rank[d]);
                state[d] = WAITING;
                waiting[d] = 1;
            }
        }
        requeue(node);
    }

    private void releaseIfUnneeded(int node) {
        if (state[node] == DONE && !needed(node) && !holders.get(node).isEmpty()) {
            for (UUID h : holders.get(node)) {
                releaseLater(h, node);
            }
            holders.get(node).clear();
        }
    }

    private void releaseLater(UUID member, int node) {
        releases.computeIfAbsent(member, m -> new ArrayList<>()).add(node);
    }

    private void flushReleases() {
        for (Map.Entry<UUID, List<Integer>> e : releases.entrySet()) {
            Slot slot = members.get(e.getKey());
            if (slot != null) {
                int[] nodes = e.getValue().stream().mapToInt(i -> i).toArray();
                try {
                    control.executeOnMember(new Release(id, nodes), slot.member);
                } catch (RuntimeException ex) {
                    if (!Transport.memberGone(ex)) {
                        throw ex;
                    }
                }
            }
        }
        releases.clear();
    }

    private void join(Member m) {
        if (m.isLiteMember() || members.containsKey(m.getUuid())) {
            return;
        }
        String threads = m.getAttribute(Configs.THREADS);
        int capacity = (threads == null ? 1 : Integer.parseInt(threads)) + 1;
        members.put(m.getUuid(), new Slot(m, nextIndex++, capacity));
    }

    /**
     * A member left: every copy it held is gone, values still needed with no other copy are computed again,
     * and its running tasks wait again with one more attempt, the run failing for one on its last.
     */
    private void lost(UUID member) {
        Slot slot = members.remove(member);
        if (slot == null) {
            return;
        }
        releases.remove(member);
        List<Integer> gone = new ArrayList<>();
        for (int node : order) {
            if (holders.get(node).remove(member) && holders.get(node).isEmpty()) {
                gone.add(node);
            }
        }
        for (int node : gone) {
            if (state[node] == DONE && needed(node)) {
                needAgain(node);
            }
        }
        for (int node : slot.running) {
            deaths.get(node).add(slot.member.getAddress().toString());
            if (deaths.get(node).size() >= ATTEMPTS) {
                throw run.failed(node, slot.index, 0, new KilledWorkerException(run.key(node), deaths.get(node)));
            }
            requeue(node);
        }
        if (members.isEmpty()) {
            throw new IllegalStateException("every member left the cluster");
        }
    }

    private void dispatch() {
        while (!ready.isEmpty()) {
            int node = order[ready.peek()];
            Slot slot = place(node);
            if (slot == null) {
                return;
            }
            ready.poll();
            submit(node, slot);
        }
    }

    /** The free member holding most of {@code node}'s input bytes, else the least loaded free one; null if none is free. */
    private Slot place(int node) {
        Map<UUID, Long> local = new HashMap<>();
        for (int dep : inputs[node]) {
            for (UUID h : holders.get(dep)) {
                local.merge(h, sizes[dep] + 1, Long::sum);
            }
        }
        Slot best = null;
        long bestBytes = 0;
        for (Map.Entry<UUID, Long> e : local.entrySet()) {
            Slot s = members.get(e.getKey());
            if (s != null && s.free() && e.getValue() > bestBytes) {
                best = s;
                bestBytes = e.getValue();
            }
        }
        if (best == null) {
            for (Slot s : members.values()) {
                if (s.free() && (best == null || s.running.size() * best.capacity < best.running.size() * s.capacity)) {
                    best = s;
                }
            }
        }
        return best;
    }

    private void submit(int node, Slot slot) {
        UUID member = slot.member.getUuid();
        state[node] = RUNNING;
        slot.running.add(node);
        long submission = ++submissions[node];
        int[] in = inputs[node];
        UUID[] from = new UUID[in.length];
        for (int i = 0; i < in.length; i++) {
            List<UUID> h = holders.get(in[i]);
            from[i] = h.contains(member) ? member : h.get(0);
        }
        run.started(node, slot.index);
        try {
            Future<TaskReply> reply = tasks.submitToMember(new RunTask(id, node, in, from), slot.member);
            // The reply only queues an event, so it runs on the thread completing the future.
            ((CompletionStage<TaskReply>) reply).whenCompleteAsync((r, error) -> events.add(error == null
                    ? new Reply(member, node, submission, r)
                    : new Failure(member, node, submission, unwrap(error))), Runnable::run);
        } catch (RuntimeException e) {
            events.add(new Failure(member, node, submission, e));
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Ends the run on every member; returns what they reported going wrong, or an empty string. */
    private String end() {
        List<Member> all = new ArrayList<>();
        for (Member m : client.getCluster().getMembers()) {
            if (!m.isLiteMember()) {
                all.add(m);
            }
        }
        StringBuilder problems = new StringBuilder();
        Map<Member, Future<String>> replies = control.submitToMembers(new EndRun(id), all);
        for (Map.Entry<Member, Future<String>> e : replies.entrySet()) {
            try {
                String p = e.getValue().get(END_SECONDS, TimeUnit.SECONDS);
                if (!p.isEmpty()) {
                    problems.append("member ").append(e.getKey().getAddress()).append(": ").append(p).append("; ");
                }
            } catch (ExecutionException ex) {
                if (!Transport.memberGone(ex) && !Transport.memberGone(ex.getCause())) {
                    problems.append("member ").append(e.getKey().getAddress()).append(": ").append(ex.getCause());
                }
            } catch (TimeoutException ex) {
                problems.append("member ").append(e.getKey().getAddress()).append(" did not end the run in ")
                        .append(END_SECONDS).append(" s; ");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                problems.append("interrupted while ending the run; ");
                break;
            }
        }
        return problems.toString();
    }
}
