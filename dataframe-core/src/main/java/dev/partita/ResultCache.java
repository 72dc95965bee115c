package dev.partita;

import dev.partita.exec.ArrowCodecs;
import dev.partita.exec.ExecContext;
import dev.partita.graph.CacheCodec;
import dev.partita.graph.TaskCache;
import java.nio.file.Path;
import java.util.Set;

/**
 * The task cache of dataframe computations: the results of scans (chunk), partial-aggregation merges
 * (combine), finalizes, sorts and concatenations, with the Arrow codecs of the computation. Writes are not
 * cached, having effects; shuffle outputs and join tables neither, being files and memory of one run. {@link #FORMAT} is part of every hash: bump it when a change to the engine
 * changes what a task computes, so that results of the older engine are not read.
 */
final class ResultCache {
  static final String FORMAT = "partita-core/2";
  private static final Set<String> CACHED = Set.of("chunk", "combine", "finalize", "concat");

  private ResultCache() {}

  static TaskCache of(Path dir, long maxBytes, ExecContext ctx) {
    TaskCache cache = TaskCache.at(dir).salt(FORMAT).maxBytes(maxBytes).only(t -> CACHED.contains(t.name()));
    for (CacheCodec<?> codec : ArrowCodecs.of(ctx)) {
      cache = cache.withCodec(codec);
    }
    return cache;
  }
}
