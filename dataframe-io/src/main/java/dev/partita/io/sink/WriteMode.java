package dev.partita.io.sink;

import java.util.Locale;

/**
 * What a write does when its target already holds data: {@link #ERROR} (the default) refuses, naming
 * the target and the other modes; {@link #OVERWRITE} replaces its contents; {@link #APPEND} adds
 * parts next to the ones there.
 *
 * <pre>{@code
 * WriteMode mode = WriteMode.parse("overwrite");   // from an option or --mode
 * OutputTarget.parquet("out", mode).begin();
 * }</pre>
 */
public enum WriteMode {
  /** Refuse a target that holds data (an empty or missing directory is fine). */
  ERROR,
  /** Replace the target's contents: a reader sees the old contents or the new, never a mix. */
  OVERWRITE,
  /** Add parts under names no earlier write used; the parts already there stay. */
  APPEND;

  /**
   * The mode named {@code error}, {@code overwrite} or {@code append} (any case).
   *
   * @throws IllegalArgumentException naming the modes for any other name
   */
  public static WriteMode parse(String name) {
    for (WriteMode m : values()) {
      if (m.option().equalsIgnoreCase(name.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown write mode '" + name
        + "': use error (the default: refuse a target that holds data), overwrite or append");
  }

  /** The mode's name as options spell it: {@code error}, {@code overwrite}, {@code append}. */
  public String option() {
    return name().toLowerCase(Locale.ROOT);
  }
}
