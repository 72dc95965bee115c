package dev.partita.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Workers on loopback ports in this JVM and a client connected to them; closing it shuts all down and checks
 * that no Hazelcast or Partita thread is left.
 */
public final class TestCluster implements AutoCloseable {
    public final List<Worker> workers = new ArrayList<>();
    public final ClusterScheduler client;

    public TestCluster(int members, int threads) throws IOException {
        int port = freePort();
        try {
            for (int i = 0; i < members; i++) {
                Worker.Builder b = Worker.builder().port(port + i).threads(threads);
                if (i > 0) {
                    b.join("127.0.0.1:" + port);
                }
                workers.add(b.start());
            }
            assertEquals(members, workers.get(0).clusterSize(), "cluster size");
            client = ClusterScheduler.connect("127.0.0.1:" + port);
        } catch (RuntimeException | Error e) {
            // The members started before the failure would outlive the test and fail the next one's thread check.
            workers.forEach(Worker::close);
            throw e;
        }
    }

    /** A port p such that p, p+1, ... p+9 were free a moment ago. */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p > 65000) {
                continue;
            }
            boolean free = true;
            for (int i = 1; i < 10 && free; i++) {
                try (ServerSocket s = new ServerSocket(p + i)) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return p;
            }
        }
        throw new IOException("no run of 10 free ports found");
    }

    /**
     * Kills worker {@code i} as a crash would: the member leaves without a goodbye (terminate, not shutdown),
     * then what its runs held in this JVM's memory is freed, as a dead process's would be.
     */
    public void kill(int i) {
        Worker w = workers.get(i);
        MemberStore store = MemberStore.of(w.instance());
        w.instance().getLifecycleService().terminate();
        store.close();
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        for (Worker w : workers) {
            if (w.instance().getLifecycleService().isRunning()) {
                w.close();
            }
        }
        assertNoThreadsLeft();
    }

    /** Fails when a Hazelcast or Partita thread is still alive a few seconds after everything was shut down. */
    public static void assertNoThreadsLeft() throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("hz.") || n.startsWith("partita")).sorted().collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(List.of(), left, "threads left after the cluster shut down");
    }
}
