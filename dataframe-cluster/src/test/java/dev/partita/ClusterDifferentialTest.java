package dev.partita;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.cluster.TestCluster;
import dev.partita.exec.Memory;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's differential case tables run on three cluster members in this JVM must give the answers the
 * local scheduler gives on the same files: every case of {@link DifferentialTest} on a CSV and a Parquet data
 * set of several partitions, and every case of {@link JoinDifferentialTest} (broadcast and shuffled) on one
 * of its data sets. Cases whose query returns a table already computed (head) run locally and are left out.
 */
class ClusterDifferentialTest {
    static TestCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        DifferentialTest.dir = dir.resolve("single");
        JoinDifferentialTest.dir = dir.resolve("join");
        DifferentialTest.duck = DriverManager.getConnection("jdbc:duckdb:");
        JoinDifferentialTest.duck = DifferentialTest.duck;
        cluster = new TestCluster(3, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        DifferentialTest.duck.close();
        cluster.close();
        assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory left after the cluster stopped");
    }

    @AfterEach
    void noArrowMemoryLeft() {
        assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
    }

    static ComputeOptions local() {
        return ComputeOptions.defaults().threads(3);
    }

    static ComputeOptions remote() {
        return local().scheduler(cluster.client).threads(cluster.client.threads());
    }

    @TestFactory
    Stream<DynamicTest> singleTableCasesGiveTheLocalAnswers() {
        List<DifferentialTest.DataSpec> data = DifferentialTest.DATA.stream()
                .filter(d -> d.name().equals("csv-3files-many-parts-10pct") || d.name().equals("parquet-4files-5pct"))
                .toList();
        assertEquals(2, data.size());
        return data.stream().flatMap(spec -> {
            DataFrame[] df = new DataFrame[1];
            return DifferentialTest.CASES.stream().map(c -> DynamicTest.dynamicTest(spec.name() + ": " + c.name(), () -> {
                if (df[0] == null) {
                    df[0] = DifferentialTest.load(spec);
                }
                Object query = c.partita().apply(df[0]);
                if (query instanceof Table t) {
                    t.close();
                    return;
                }
                compare(answer(query, local()), answer(query, remote()), c.ordered(), c.name());
            }));
        });
    }

    @TestFactory
    Stream<DynamicTest> joinCasesGiveTheLocalAnswers() {
        JoinDifferentialTest.DataSpec spec = JoinDifferentialTest.DATA.stream()
                .filter(d -> d.name().equals("parquet-files-and-row-groups-10pct")).findFirst().orElseThrow();
        DataFrame[] sides = new DataFrame[2];
        return JoinDifferentialTest.CASES.stream().flatMap(c -> c.hows().stream().flatMap(how -> Stream.of(true, false)
                .map(broadcast -> DynamicTest.dynamicTest(c.name() + " (" + how + (broadcast ? "" : ", shuffled") + ")",
                        () -> {
                            if (sides[0] == null) {
                                sides[0] = JoinDifferentialTest.load(spec, "l");
                                sides[1] = JoinDifferentialTest.load(spec, "r");
                            }
                            DataFrame joined = c.partita().apply(sides[0], sides[1]).apply(how);
                            ComputeOptions l = broadcast ? local() : local().broadcastThreshold(0);
                            ComputeOptions r = broadcast ? remote() : remote().broadcastThreshold(0);
                            compare(answer(joined, l), answer(joined, r), false, c.name() + " " + how);
                        }))));
    }

    /** The rows of a query's answer (a scalar is one row of one value). */
    static List<List<Object>> answer(Object query, ComputeOptions options) {
        if (query instanceof Scalar<?> s) {
            List<Object> row = new ArrayList<>();
            row.add(s.compute(options));
            return new ArrayList<>(List.of(row));
        }
        try (Table t = ((DataFrame) query).compute(options)) {
            return DifferentialTest.rowsOf(t);
        }
    }

    static void compare(List<List<Object>> local, List<List<Object>> remote, boolean ordered, String what) {
        assertTrue(local.size() >= 0);
        if (ordered) {
            assertEquals(local.size(), remote.size(), what + ": row count");
            for (int r = 0; r < local.size(); r++) {
                for (int k = 0; k < local.get(r).size(); k++) {
                    DifferentialTest.assertSame(local.get(r).get(k), remote.get(r).get(k), what + " row " + r);
                }
            }
        } else {
            JoinDifferentialTest.compareUnordered(local, remote, what);
        }
    }
}
