package dev.partita.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ForkJoinPool;

/**
 * The Hazelcast settings of Partita's members and clients: one cluster name, TCP/IP join on the given
 * addresses (no multicast), bound to one interface (loopback unless told), quiet (logging through SLF4J, no
 * phone-home), and a lost member noticed in 15 s rather than Hazelcast's 60.
 */
final class Configs {
    static final String CLUSTER = "partita";
    /** Runs tasks: one thread per task slot of the member. */
    static final String TASKS = "partita-tasks";
    /** Serves fetches of values, apart from tasks so that a member whose task threads all wait on fetches still serves. */
    static final String FETCH = "partita-fetch";
    /** Releases and run ends, so that they never wait behind tasks. */
    static final String CONTROL = "partita-control";
    /** Each run's graph and codecs by run id, so that a member joining late can load them. */
    static final String RUNS = "partita-runs";
    /** The member attribute holding its number of task threads. */
    static final String THREADS = "partita.threads";
    /** The key of a member's {@link MemberStore} in its user context. */
    static final String STORE = "partita.store";
    static final int FETCH_THREADS = 4;
    static final int CONTROL_THREADS = 2;
    /** Seconds without a heartbeat after which a member is taken for dead (Hazelcast's default is 60). */
    static final String HEARTBEAT_SECONDS = "15";

    private Configs() {
    }

    /** The properties every member and client gets unless the configuration sets them. */
    static void quiet(Properties p) {
        p.putIfAbsent("hazelcast.logging.type", "slf4j");
        p.putIfAbsent("hazelcast.phone.home.enabled", "false");
        p.putIfAbsent("hazelcast.max.no.heartbeat.seconds", HEARTBEAT_SECONDS);
        p.putIfAbsent("hazelcast.client.heartbeat.timeout", HEARTBEAT_SECONDS + "000");
        // Hazelcast creates some loggers before it reads an instance's properties.
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j");
        }
        // Hazelcast completes its futures' callbacks (its own included: every reply to a client) on the common
        // pool, or, where that pool has one thread (2 cores), on a new thread each: 95,000 threads started in a
        // minute of trivial tasks here, half the CPU in sys time. The one-thread common pool keeps up: the
        // callbacks only hand replies on.
        if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            ConcurrencyUtil.setDefaultAsyncExecutor(ForkJoinPool.commonPool());
        }
    }

    /** Where a member listens when told no port: Hazelcast's default, trying the next ones while taken. */
    static final int DEFAULT_PORT = 5701;

    /**
     * A member on {@code host:port} (0: the first free port from 5701) joining {@code join} (host:port each;
     * empty: a cluster of its own so far), or {@code base} (a user's configuration file) with Partita's parts.
     */
    static Config member(Config base, String host, int port, List<String> join, int threads, MemberStore store) {
        Config c = base == null ? new Config() : base;
        c.setClusterName(CLUSTER);
        if (base == null) {
            NetworkConfig net = c.getNetworkConfig();
            net.setPort(port == 0 ? DEFAULT_PORT : port).setPortAutoIncrement(port == 0);
            net.getInterfaces().setEnabled(true).addInterface(host);
            JoinConfig j = net.getJoin();
            j.getMulticastConfig().setEnabled(false);
            j.getAutoDetectionConfig().setEnabled(false);
            j.getTcpIpConfig().setEnabled(true).addMember(host);
            join.forEach(j.getTcpIpConfig()::addMember);
            c.setProperty("hazelcast.socket.bind.any", "false");
        }
        quiet(c.getProperties());
        c.getMemberAttributeConfig().setAttribute(THREADS, Integer.toString(threads));
        c.addExecutorConfig(new ExecutorConfig(TASKS, threads).setStatisticsEnabled(false));
        c.addExecutorConfig(new ExecutorConfig(FETCH, FETCH_THREADS).setStatisticsEnabled(false));
        c.addExecutorConfig(new ExecutorConfig(CONTROL, CONTROL_THREADS).setStatisticsEnabled(false));
        c.getSerializationConfig().addDataSerializableFactory(Messages.FACTORY, new Messages());
        c.getUserContext().put(STORE, store);
        return c;
    }

    /** A client of the members at {@code addresses}, failing within 10 s when none answers. */
    static ClientConfig client(List<String> addresses) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(CLUSTER);
        addresses.forEach(c.getNetworkConfig()::addAddress);
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(10_000);
        quiet(c.getProperties());
        c.getSerializationConfig().addDataSerializableFactory(Messages.FACTORY, new Messages());
        return c;
    }
}
