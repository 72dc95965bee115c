package dev.partita.examples;

import dev.partita.graph.Graph;
import dev.partita.graph.Schedulers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * K-fold cross-validation of a linear SVM (Tribuo's SGD trainer with hinge loss) as a task graph: per fold
 * {@code i}, {@code svm/cv/split-0i -> fit-0i -> transform-{trn,tst}-0i -> report-{trn,tst}-0i}, plus
 * {@code svm/prod} fitted on all the data.
 *
 * <pre>{@code
 * Graph g = CrossValidation.graph(3);
 * Report test0 = (Report) Schedulers.local().get(g, "svm/cv/report-tst-00");
 * }</pre>
 */
public final class CrossValidation {
    /** Held so that the level set on Tribuo's logger is not lost when the logger is garbage collected. */
    private static final Logger TRIBUO_LOGGER = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOGGER.setLevel(Level.WARNING);
    }

    private static final LabelFactory LABELS = new LabelFactory();
    private static final String[] FEATURES = {"f0", "f1"};
    private static final double[][] CENTERS = {{0, 0}, {4, 4}, {-4, 4}};
    private static final long SEED = 42;

    private CrossValidation() {
    }

    /** The training and test rows of one fold. */
    public record Split(List<Example<Label>> train, List<Example<Label>> test) {
    }

    /** Per-class metrics of one set of predictions. */
    public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
    }

    /** A classification report: overall accuracy and per-class precision, recall and F1. */
    public record Report(double accuracy, List<ClassMetrics> classes) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format("accuracy %.3f%n", accuracy));
            s.append(String.format("%-8s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
            for (ClassMetrics c : classes) {
                s.append(String.format("%-8s %9.3f %9.3f %9.3f %8d%n", c.label, c.precision, c.recall, c.f1, c.support));
            }
            return s.toString();
        }
    }

    /** The cross-validation graph over {@code folds} folds of the blobs data set. */
    public static Graph graph(int folds) {
        Graph.Builder b = Graph.builder().task("svm/data", CrossValidation::blobs, 300);
        for (int i = 0; i < folds; i++) {
            String f = String.format("%02d", i);
            b.task("svm/cv/split-" + f, CrossValidation::split, "svm/data", i, folds)
                    .task("svm/cv/fit-" + f, CrossValidation::fitSplit, "svm/cv/split-" + f)
                    .task("svm/cv/transform-trn-" + f, CrossValidation::predictTrain, "svm/cv/fit-" + f, "svm/cv/split-" + f)
                    .task("svm/cv/transform-tst-" + f, CrossValidation::predictTest, "svm/cv/fit-" + f, "svm/cv/split-" + f)
                    .task("svm/cv/report-trn-" + f, CrossValidation::report, "svm/cv/transform-trn-" + f)
                    .task("svm/cv/report-tst-" + f, CrossValidation::report, "svm/cv/transform-tst-" + f);
        }
        return b.task("svm/prod", CrossValidation::fit, "svm/data").build();
    }

    /** {@code rows} points in three Gaussian blobs, shuffled, from a fixed seed. */
    static List<Example<Label>> blobs(int rows) {
        Random random = new Random(SEED);
        List<Example<Label>> examples = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int c = i % CENTERS.length;
            double[] values = {CENTERS[c][0] + random.nextGaussian(), CENTERS[c][1] + random.nextGaussian()};
            examples.add(new ArrayExample<>(new Label("c" + c), FEATURES, values));
        }
        Collections.shuffle(examples, random);
        return examples;
    }

    /** Fold {@code fold} of {@code folds}: every folds-th row from {@code fold} is a test row. */
    static Split split(List<Example<Label>> rows, int fold, int folds) {
        List<Example<Label>> train = new ArrayList<>();
        List<Example<Label>> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (i % folds == fold ? test : train).add(rows.get(i));
        }
        return new Split(train, test);
    }

    /** A linear SVM fitted by SGD with hinge loss, from a fixed seed. */
    static Model<Label> fit(List<Example<Label>> rows) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("blobs", LABELS), LABELS);
        data.addAll(rows);
        return new LinearSGDTrainer(new Hinge(), new AdaGrad(0.1, 0.1), 10, SEED).train(data);
    }

    static Model<Label> fitSplit(Split split) {
        return fit(split.train());
    }

    static List<Prediction<Label>> predictTrain(Model<Label> model, Split split) {
        return model.predict(split.train());
    }

    static List<Prediction<Label>> predictTest(Model<Label> model, Split split) {
        return model.predict(split.test());
    }

    /** Accuracy and per-class precision, recall and F1 of {@code predictions} against the rows' labels. */
    static Report report(List<Prediction<Label>> predictions) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        int correct = 0;
        for (Prediction<Label> p : predictions) {
            String truth = p.getExample().getOutput().getLabel();
            String predicted = p.getOutput().getLabel();
            int[] t = counts.computeIfAbsent(truth, k -> new int[3]);
            int[] q = counts.computeIfAbsent(predicted, k -> new int[3]);
            t[2]++;
            if (truth.equals(predicted)) {
                t[0]++;
                correct++;
            } else {
                q[1]++;
            }
        }
        List<ClassMetrics> classes = new ArrayList<>();
        counts.keySet().stream().sorted().forEach(label -> {
            int[] c = counts.get(label);
            double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double recall = c[2] == 0 ? 0 : (double) c[0] / c[2];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.add(new ClassMetrics(label, precision, recall, f1, c[2]));
        });
        return new Report((double) correct / predictions.size(), List.copyOf(classes));
    }

    /** Prints the test report of every fold. */
    public static void main(String[] args) {
        Graph g = graph(3);
        List<String> keys = List.of("svm/cv/report-tst-00", "svm/cv/report-tst-01", "svm/cv/report-tst-02");
        Schedulers.local().get(g, keys).forEach((key, report) -> System.out.println(key + "\n" + report));
    }
}
