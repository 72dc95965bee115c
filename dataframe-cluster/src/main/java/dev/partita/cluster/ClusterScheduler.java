package dev.partita.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.partita.graph.CacheCodec;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.SchedulerListener;
import dev.partita.graph.Schedulers;
import dev.partita.graph.TaskCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs graphs on a cluster of {@link Worker}s (Hazelcast members): this process plans each run and keeps its
 * state, the members run the tasks and keep their results, which move between members only to the tasks that
 * read them. A member that leaves mid-run costs the tasks it was running and the results only it held, which
 * are computed again. Closing the scheduler (or any scheduler derived from it) disconnects from the cluster.
 *
 * <pre>{@code
 * try (ClusterScheduler cluster = ClusterScheduler.connect("10.0.0.5:5701")) {
 *   Table t = df.groupBy("k").agg(sum("v")).compute(ComputeOptions.defaults().scheduler(cluster).threads(cluster.threads()));
 * }
 * }</pre>
 */
public final class ClusterScheduler implements Scheduler, AutoCloseable {
    private final HazelcastInstance client;
    private final List<SchedulerListener> listeners;
    private final List<CacheCodec<?>> codecs;

    private ClusterScheduler(HazelcastInstance client, List<SchedulerListener> listeners, List<CacheCodec<?>> codecs) {
        this.client = client;
        this.listeners = List.copyOf(listeners);
        this.codecs = List.copyOf(codecs);
    }

    /**
     * Connects to the cluster one of {@code addresses} (host:port, e.g. a worker's printed address or a
     * Kubernetes service) belongs to; the client finds the other members itself.
     *
     * @throws IllegalStateException when no member answers within 10 seconds
     */
    public static ClusterScheduler connect(String... addresses) {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("connect needs the address of a member, host:port");
        }
        return new ClusterScheduler(HazelcastClient.newHazelcastClient(Configs.client(Arrays.asList(addresses))),
                List.of(), List.of());
    }

    /** How many tasks the cluster's members run at once: the sum of their threads. */
    public int threads() {
        int n = 0;
        for (Member m : client.getCluster().getMembers()) {
            String t = m.isLiteMember() ? null : m.getAttribute(Configs.THREADS);
            n += t == null ? 0 : Integer.parseInt(t);
        }
        return n;
    }

    @Override
    public Object get(Graph graph, String key) {
        return scheduler().get(graph, key);
    }

    @Override
    public Map<String, Object> get(Graph graph, List<String> keys) {
        return scheduler().get(graph, keys);
    }

    private Scheduler scheduler() {
        Scheduler s = Schedulers.remote(run -> new ClusterRun(client, codecs, run).execute());
        for (SchedulerListener l : listeners) {
            s = s.withListener(l);
        }
        return s;
    }

    @Override
    public Scheduler withListener(SchedulerListener listener) {
        List<SchedulerListener> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        return new ClusterScheduler(client, more, codecs);
    }

    /** Values of a kind {@code codec} accepts cross between members (and to this process) in its encoding. */
    @Override
    public Scheduler withCodec(CacheCodec<?> codec) {
        List<CacheCodec<?>> more = new ArrayList<>();
        more.add(Objects.requireNonNull(codec, "codec"));
        more.addAll(codecs);
        return new ClusterScheduler(client, listeners, more);
    }

    /** Not supported: see {@link Schedulers#remote}. */
    @Override
    public Scheduler withCache(TaskCache cache) {
        return scheduler().withCache(cache);
    }

    /** Disconnects from the cluster; the members keep running. */
    @Override
    public void close() {
        client.shutdown();
    }
}
