package dev.partita.cluster;

import static dev.partita.Functions.count;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;
import dev.partita.io.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DataFrame queries on the cluster: a member killed mid-query, and a bad value reported as locally. */
class ClusterDataFrameTest {
    static final int FILES = 12;

    @TempDir
    Path dir;

    @AfterEach
    void noArrowMemoryLeft() {
        assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory left after the test");
    }

    /** {@code FILES} CSV files of 20,000 rows (k in 0..999, v, x), one per partition. */
    void write() throws IOException {
        for (int f = 0; f < FILES; f++) {
            StringBuilder csv = new StringBuilder("k,v,x\n");
            for (int i = 0; i < 20_000; i++) {
                long r = f * 20_000L + i;
                csv.append(r * 7919 % 1000).append(',').append(r % 97).append(',').append(r * 0.5).append('\n');
            }
            Files.writeString(dir.resolve(String.format("part-%02d.csv", f)), csv);
        }
    }

    /** The rows as text, sorted: groups come in first-seen order, which differs with partition timing. */
    static java.util.List<String> text(Table t) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            StringBuilder row = new StringBuilder();
            for (String c : t.columnNames()) {
                row.append(t.getObject(r, c)).append('|');
            }
            rows.add(row.toString());
        }
        java.util.Collections.sort(rows);
        return rows;
    }

    @Test
    void aMemberKilledMidQueryLeavesTheAnswerUnchanged() throws Exception {
        write();
        DataFrame df = DataFrame.read(dir + "/*.csv");
        DataFrame q = df.groupBy("k").agg(sum("v"), mean("x"), count());
        java.util.List<String> local;
        try (Table t = q.compute(ComputeOptions.defaults().threads(3).splitEvery(4))) {
            local = text(t);
        }
        try (TestCluster cluster = new TestCluster(3, 2)) {
            Map<String, Integer> starts = new ConcurrentHashMap<>();
            Map<String, Integer> endedOn = new ConcurrentHashMap<>();
            Set<String> heldByKilled = new HashSet<>();
            dev.partita.graph.Graph[] graph = new dev.partita.graph.Graph[1];
            SchedulerListener killer = new SchedulerListener() {
                int chunks;

                @Override
                public void onStart(dev.partita.graph.Graph g, java.util.List<String> keys) {
                    graph[0] = g;
                }

                @Override
                public void onTaskStart(String key, int worker) {
                    starts.merge(key, 1, Integer::sum);
                    if (starts.get(key) == 1 && worker == 1) {
                        heldByKilled.add(key);
                    }
                }

                @Override
                public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
                    endedOn.put(key, worker);
                    if (key.startsWith("chunk-") && ++chunks == FILES / 2) {
                        cluster.kill(1);
                    }
                }
            };
            ComputeOptions options = ComputeOptions.defaults().threads(6).splitEvery(4)
                    .scheduler(cluster.client.withListener(killer));
            try (Table t = q.compute(options)) {
                assertEquals(local, text(t));
            }
            Set<String> again = new HashSet<>();
            starts.forEach((k, n) -> {
                if (n > 1) {
                    again.add(k);
                }
            });
            assertFalse(again.isEmpty(), "nothing was computed again: " + starts);
            for (String k : again) {
                // Run again: what member 1 ran (its result lost, or it was running), or what read such a result.
                assertTrue(heldByKilled.contains(k) || graph[0].dependencies(k).stream().anyMatch(heldByKilled::contains),
                        k + " ran again, but neither it nor an input of it ran on member 1: " + heldByKilled);
            }
        }
    }

    @Test
    void aBadValueIsReportedAsLocally() throws Exception {
        write();
        Files.writeString(dir.resolve("part-99.csv"), "k,v,x\n1,2,3.5\n2,oops,4.5\n");
        DataFrame df = DataFrame.readCsv(dir + "/*.csv", dev.partita.io.csv.CsvOptions.defaults()
                .dtype("v", dev.partita.io.csv.CsvType.INT64));
        DataException local = assertThrows(DataException.class, () -> df.col("v").sum().compute());
        try (TestCluster cluster = new TestCluster(3, 2)) {
            DataException remote = assertThrows(DataException.class, () -> df.col("v").sum()
                    .compute(ComputeOptions.defaults().scheduler(cluster.client)));
            assertEquals(local.getMessage(), remote.getMessage());
            assertTrue(remote.getMessage().contains("part-99.csv"), remote::getMessage);
        }
    }
}
