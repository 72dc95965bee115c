package dev.partita.cluster;

import dev.partita.graph.CacheCodec;
import dev.partita.graph.CodeCheck;
import dev.partita.graph.Graph;
import dev.partita.graph.TaskFailedException;
import dev.partita.graph.WorkerRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a run sends its members once: the client's id, the graph node by node (so a node that cannot be
 * serialized is named) and the codecs, in one stream of {@link CodeCheck} serialization, so a member whose
 * build of a class differs refuses the run naming the class and its jar.
 */
record RunSetup(UUID client, Graph graph, List<CacheCodec<?>> codecs) {

    /**
     * The encoded setup.
     *
     * @throws TaskFailedException naming the first node that cannot be serialized
     */
    static byte[] encode(UUID client, Graph graph, List<CacheCodec<?>> codecs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = CodeCheck.output(bytes)) {
            out.writeUTF(client.toString());
            out.writeInt(graph.size());
            for (String key : graph.keys()) {
                out.writeUTF(key);
                try {
                    out.writeObject(graph.node(key));
                } catch (IOException | RuntimeException e) {
                    throw new TaskFailedException(key, new IllegalArgumentException(
                            "the task cannot be sent to the cluster: its function or an argument is not serializable ("
                                    + e + ")", e));
                }
            }
            out.writeObject(new ArrayList<>(codecs));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the run for the cluster", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a setup on a member, binding what stands for member-local resources to {@code worker}'s. */
    @SuppressWarnings("unchecked")
    static RunSetup decode(byte[] setup, WorkerRun worker) throws Exception {
        return worker.decode(() -> {
            try (ObjectInputStream in = CodeCheck.input(new ByteArrayInputStream(setup))) {
                UUID client = UUID.fromString(in.readUTF());
                int n = in.readInt();
                Map<String, Object> nodes = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String key = in.readUTF();
                    nodes.put(key, in.readObject());
                }
                List<CacheCodec<?>> codecs = (List<CacheCodec<?>>) in.readObject();
                return new RunSetup(client, Graph.of(nodes), List.copyOf(codecs));
            }
        });
    }
}
