package dev.partita.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.partita.graph.Graph;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker configured by a Hazelcast file (as on Kubernetes) joins the partita cluster and runs tasks. */
class WorkerConfigTest {
    @TempDir
    Path dir;

    static long twice(long x) {
        return 2 * x;
    }

    @Test
    void aWorkerStartedFromAConfigurationFileRunsTasks() throws Exception {
        int port = TestCluster.freePort();
        Path yaml = dir.resolve("hazelcast.yaml");
        Files.writeString(yaml, String.join("\n",
                "hazelcast:",
                "  network:",
                "    port:",
                "      port: " + port,
                "      auto-increment: false",
                "    interfaces:",
                "      enabled: true",
                "      interfaces: [127.0.0.1]",
                "    join:",
                "      multicast:",
                "        enabled: false",
                "      tcp-ip:",
                "        enabled: true",
                "        member-list: [127.0.0.1:" + port + "]",
                ""));
        try (Worker w = Worker.builder().config(yaml).threads(1).start();
                ClusterScheduler client = ClusterScheduler.connect(w.address())) {
            assertEquals("127.0.0.1:" + port, w.address());
            assertEquals(1, client.threads());
            Graph g = Graph.builder().value("x", 21L).task("y", WorkerConfigTest::twice, "x").build();
            assertEquals(42L, client.get(g, "y"));
        }
        TestCluster.assertNoThreadsLeft();
    }
}
