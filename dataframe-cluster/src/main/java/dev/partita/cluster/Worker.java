package dev.partita.cluster;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cluster member that runs Partita tasks for {@link ClusterScheduler} clients: {@code threads} tasks at
 * once, the values it computed kept in memory (and its temporary files under its spill directory) until the
 * client releases them or the run ends. It listens on one interface (loopback unless told) and joins the
 * members it is given by TCP/IP; a Hazelcast configuration file can replace that part, e.g. for Kubernetes
 * discovery. The jars of the client's tasks must be on its class path: a member whose build of a class the
 * run uses differs refuses the run, naming the class and its jar.
 *
 * <pre>{@code
 * try (Worker w = Worker.builder().port(5701).threads(4).start()) { System.out.println(w.address()); w.await(); }
 * Worker second = Worker.builder().port(5702).join("127.0.0.1:5701").start();
 * }</pre>
 */
public final class Worker implements AutoCloseable {
    private final HazelcastInstance member;
    private final MemberStore store;

    private Worker(HazelcastInstance member, MemberStore store) {
        this.member = member;
        this.store = store;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients and other workers reach this one at, host:port. */
    public String address() {
        return member.getCluster().getLocalMember().getAddress().getHost() + ":"
                + member.getCluster().getLocalMember().getAddress().getPort();
    }

    /** How many members the cluster has, this one included. */
    public int clusterSize() {
        return member.getCluster().getMembers().size();
    }

    /** Blocks until the worker is shut down (by {@link #close}, or the JVM's shutdown). */
    public void await() throws InterruptedException {
        while (member.getLifecycleService().isRunning()) {
            Thread.sleep(200);
        }
    }

    HazelcastInstance instance() {
        return member;
    }

    /** Ends the runs under way here and leaves the cluster. */
    @Override
    public void close() {
        store.close();
        member.shutdown();
    }

    /** How a worker starts; every setting has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private final List<String> join = new ArrayList<>();
        private int threads = Runtime.getRuntime().availableProcessors();
        private long memoryLimit;
        private Path spillDir;
        private Path config;

        private Builder() {
        }

        /** The interface to listen on (default 127.0.0.1: reachable from this machine only). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default: the first free one from 5701). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Members to join, host:port each. */
        public Builder join(String... members) {
            join.addAll(List.of(members));
            return this;
        }

        /** Tasks run at once (default: the number of processors). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The Arrow memory limit of each run here in bytes (default 0: the limit the client computes with). */
        public Builder memoryLimit(long bytes) {
            this.memoryLimit = bytes;
            return this;
        }

        /** Where runs write temporary files here (default: java.io.tmpdir). */
        public Builder spillDir(Path dir) {
            this.spillDir = dir;
            return this;
        }

        /**
         * A Hazelcast configuration file (YAML or XML) for the network and discovery instead of host, port and
         * join (e.g. Kubernetes discovery); Partita adds its executors, serialization and quiet logging to it.
         */
        public Builder config(Path file) {
            this.config = file;
            return this;
        }

        public Worker start() throws IOException {
            MemberStore store = new MemberStore(threads, memoryLimit, spillDir);
            Config base = config == null ? null : Config.loadFromFile(config.toFile());
            HazelcastInstance member = Hazelcast.newHazelcastInstance(
                    Configs.member(base, host, port, join, threads, store));
            store.started(member);
            member.getClientService().addClientListener(new ClientListener() {
                @Override
                public void clientConnected(Client client) {
                }

                @Override
                public void clientDisconnected(Client client) {
                    store.endClient(client.getUuid());
                }
            });
            return new Worker(member, store);
        }
    }
}
