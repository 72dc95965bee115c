package dev.partita.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented bound of approxQuantile: on 100k uniform or normal values with 10% nulls, split in
 * 7 partial states that are serialized (as states travel to a combine or a spill file) and merged,
 * the rank of the answer among the exact sorted values is within 1% of q at q = 0.01, 0.5, 0.99.
 */
class ApproxQuantileTest {

  private static final Field X = new Field("x", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
  private static final double[] QS = {0.01, 0.5, 0.99};

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeak() {
    assertEquals(0, allocator.getAllocatedMemory());
    allocator.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"uniform", "normal"})
  void rankErrorWithinOnePercent(String distribution) throws Exception {
    Random random = new Random(distribution.hashCode());
    DoubleSupplier next = distribution.equals("uniform") ? () -> random.nextDouble() * 1000 : random::nextGaussian;
    int n = 100_000;
    Double[] values = new Double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextDouble() < 0.1 ? null : next.getAsDouble();
    }
    double[] exact = Arrays.stream(values).filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
    List<AggCall> calls = new ArrayList<>();
    for (double q : QS) {
      calls.add(new AggCall(AggKind.APPROX_QUANTILE, "x", "q" + q, null, q));
    }
    List<AggState> states = new ArrayList<>();
    int parts = 7;
    for (int p = 0; p < parts; p++) {
      try (HashAggregator h = new HashAggregator(List.of(), calls, List.of(X, X, X));
          FieldVector v = Columns.vector(X, Arrays.asList(values), p * n / parts, (p + 1) * n / parts, allocator)) {
        h.add(List.of(), List.of(v, v, v), v.getValueCount());
        states.add(roundTrip(h.finish()));
      }
    }
    try (VectorSchemaRoot result = AggStates.toArrow(AggStates.merge(states), allocator)) {
      for (int k = 0; k < QS.length; k++) {
        double approx = ((Float8Vector) result.getVector(k)).get(0);
        int below = lowerBound(exact, approx);
        double rank = (double) below / (exact.length - 1);
        assertTrue(Math.abs(rank - QS[k]) <= 0.01,
            distribution + " q=" + QS[k] + ": approx " + approx + " has rank " + rank);
      }
    }
  }

  private static int lowerBound(double[] sorted, double x) {
    int i = Arrays.binarySearch(sorted, x);
    return i >= 0 ? i : -i - 1;
  }

  private static AggState roundTrip(AggState s) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (AggState) in.readObject();
    }
  }
}
