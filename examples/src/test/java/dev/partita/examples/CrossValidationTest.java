package dev.partita.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.examples.CrossValidation.Report;
import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import dev.partita.graph.Schedulers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

class CrossValidationTest {
    private static final Graph GRAPH = CrossValidation.graph(3);

    /** Records the keys started and the culled graph's size. */
    static final class Started implements SchedulerListener {
        final Set<String> keys = Collections.synchronizedSet(new HashSet<>());
        volatile int graphSize;

        @Override
        public void onStart(Graph graph, List<String> requested) {
            graphSize = graph.size();
        }

        @Override
        public void onTaskStart(String key, int worker) {
            keys.add(key);
        }
    }

    @Test
    void graphHasTheDocumentedKeys() {
        assertEquals(1 + 3 * 6 + 1, GRAPH.size());
        assertEquals(Set.of("svm/cv/fit-01", "svm/cv/split-01"), GRAPH.dependencies("svm/cv/transform-tst-01"));
        assertEquals(Set.of("svm/data"), GRAPH.dependencies("svm/prod"));
    }

    @Test
    void fittingFoldZeroRunsOnlyItsSplitAndFit() {
        Started started = new Started();
        Object model = Schedulers.local(2).withListener(started).get(GRAPH, "svm/cv/fit-00");
        assertInstanceOf(Model.class, model);
        assertEquals(Set.of("svm/data", "svm/cv/split-00", "svm/cv/fit-00"), started.keys);
        assertEquals(3, started.graphSize);
    }

    @Test
    void allReportsOfAllFoldsRunTogetherAndAreAccurate() {
        Started started = new Started();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add("svm/cv/report-trn-0" + i);
            keys.add("svm/cv/report-tst-0" + i);
        }
        Map<String, Object> reports = Schedulers.local(2).withListener(started).get(GRAPH, keys);
        assertEquals(1 + 3 * 6, started.graphSize);
        assertTrue(started.keys.containsAll(List.of("svm/cv/fit-00", "svm/cv/fit-01", "svm/cv/fit-02")));
        assertTrue(!started.keys.contains("svm/prod"));
        for (String key : keys) {
            Report report = (Report) reports.get(key);
            assertTrue(report.accuracy() > 0.8, key + ": " + report);
            assertEquals(3, report.classes().size(), report.toString());
            int support = report.classes().stream().mapToInt(CrossValidation.ClassMetrics::support).sum();
            assertEquals(key.contains("tst") ? 100 : 200, support);
            assertTrue(report.toString().contains("precision"), report.toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void productionModelIsFittedOnAllRows() {
        Model<Label> model = (Model<Label>) Schedulers.sync().get(GRAPH, "svm/prod");
        Model<Label> fold = (Model<Label>) Schedulers.sync().get(GRAPH, "svm/cv/fit-00");
        assertEquals(300, model.getProvenance().getDatasetProvenance().getNumExamples());
        assertEquals(200, fold.getProvenance().getDatasetProvenance().getNumExamples());
        Report onAll = CrossValidation.report(model.predict(CrossValidation.blobs(300)));
        assertTrue(onAll.accuracy() > 0.8, onAll.toString());
    }
}
