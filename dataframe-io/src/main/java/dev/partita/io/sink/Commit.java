package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the writes to one target and the steps that commit one: the protocol behind
 * {@link OutputTarget}. Everything but the target lives next to it, hidden: for target
 * {@code out} and write {@code W}, the staging directory {@code .out.partita-W}, the old contents
 * set aside {@code .out.partita-W.old}, and the commit marker {@code .out.partita-W.commit-MODE}.
 *
 * <p>Creating the marker is the commit point. Before it, a crash leaves the target as it was and the
 * staging directory is deleted by recovery; after it, recovery finishes the write. Every step after
 * the commit point first looks at what is there, so recovery runs the same steps again from the
 * start: for error and overwrite (swap) set the target aside, rename staging to the target, delete
 * what was set aside; for append (move in) delete the target's {@code _SUCCESS}, rename each part
 * into the target, write {@code _SUCCESS}, delete staging; then delete the marker.
 */
final class Commit {
  private static final String WRITE_ID = "w[0-9a-f]{19}";
  private static final String MARKER = ".commit-";

  /** What a commit does, run in order; package-private so tests can stop between any two. */
  record Step(String what, Action action) {
    void run() throws IOException {
      action.run();
    }
  }

  /** A step's file operation. */
  interface Action {
    void run() throws IOException;
  }

  /** Where a target and the hidden files of its writes are. */
  record Place(String target, String parent, String name) {
    static Place of(String dir) {
      if (dir.isBlank()) {
        throw new IllegalArgumentException("the output directory is empty: name one");
      }
      String trimmed = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
      if (Storage.isLocal(trimmed)) {
        Path p = Path.of(trimmed).toAbsolutePath().normalize();
        if (p.getParent() == null) {
          throw root(dir);
        }
        return new Place(p.toString(), p.getParent().toString(), p.getFileName().toString());
      }
      // A URI keeps its spelling (scheme://authority/path): Storage tells URIs by their "://".
      int slash = trimmed.lastIndexOf('/');
      int pathStart = trimmed.indexOf('/', trimmed.indexOf("://") + 3);
      if (pathStart < 0) {
        throw root(dir);
      }
      String parent = slash == pathStart ? trimmed.substring(0, slash + 1) : trimmed.substring(0, slash);
      return new Place(trimmed, parent, trimmed.substring(slash + 1));
    }

    private static IllegalArgumentException root(String dir) {
      return new IllegalArgumentException("cannot write to '" + dir + "', the root of a file system or"
          + " bucket: name a directory under it");
    }

    String staging(String writeId) {
      return Dirs.child(parent, "." + name + ".partita-" + writeId);
    }

    String setAside(String writeId) {
      return staging(writeId) + ".old";
    }

    String marker(String writeId, WriteMode mode) {
      return staging(writeId) + MARKER + mode.option();
    }

    /** Matches the hidden files of this target's writes; group 1 is the write id, group 2 any suffix. */
    Pattern files() {
      return Pattern.compile("\\." + Pattern.quote(name) + "\\.partita-(" + WRITE_ID + ")(.*)");
    }
  }

  private final Place place;
  private final Dirs fs;
  private final String writeId;
  private final WriteMode mode;

  Commit(Place place, Dirs fs, String writeId, WriteMode mode) {
    this.place = place;
    this.fs = fs;
    this.writeId = writeId;
    this.mode = mode;
  }

  static boolean isWriteId(String id) {
    return id.matches(WRITE_ID);
  }

  /**
   * Checks that staging holds parts {@code 0..parts-1} named by {@code partName} and nothing else
   * (leftover temporary files of killed part attempts are deleted), and that an error-mode target
   * is still empty; a swap's {@code _SUCCESS} goes into staging. Nothing here is visible to readers.
   */
  void prepare(int parts, IntFunction<String> partName) throws IOException {
    String staging = place.staging(writeId);
    if (!fs.isDirectory(staging)) {
      throw notUnderWay();
    }
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < parts; i++) {
      expected.add(partName.apply(i));
    }
    List<Integer> missing = new ArrayList<>();
    List<String> present = fs.list(staging);
    for (int i = 0; i < parts; i++) {
      if (!present.contains(partName.apply(i))) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException("cannot commit write " + writeId + " to '" + place.target + "': part(s) "
          + missing + " of " + parts + " are missing from its staging directory " + staging
          + " (their tasks did not commit); abort() it and write again");
    }
    for (String name : present) {
      if (expected.contains(name)) {
        continue;
      }
      if (!name.startsWith(".") && !name.startsWith("_")) {
        throw new IOException("cannot commit write " + writeId + " to '" + place.target
            + "': its staging directory " + staging + " holds '" + name + "', which is no part of it");
      }
      fs.delete(Dirs.child(staging, name));
    }
    if (mode == WriteMode.ERROR) {
      refuseData(place, fs);
    }
    if (mode != WriteMode.APPEND) {
      fs.touch(Dirs.child(staging, Sinks.SUCCESS));
    }
  }

  /** The commit point, then {@link #finish}: what {@code commit} runs once {@link #prepare} passed. */
  List<Step> steps() throws IOException {
    List<Step> steps = new ArrayList<>();
    String marker = place.marker(writeId, mode);
    steps.add(new Step("create the commit marker", () -> fs.touch(marker)));
    steps.addAll(finish());
    return steps;
  }

  /** The steps after the commit point, each a no-op when already done. */
  List<Step> finish() throws IOException {
    String staging = place.staging(writeId);
    String target = place.target;
    List<Step> steps = new ArrayList<>();
    if (mode == WriteMode.APPEND) {
      steps.add(new Step("create the target", () -> fs.mkdirs(target)));
      steps.add(new Step("delete the target's _SUCCESS", () -> fs.delete(Dirs.child(target, Sinks.SUCCESS))));
      for (String part : fs.list(staging)) {
        steps.add(new Step("move " + part + " in", () -> {
          if (fs.exists(Dirs.child(staging, part))) {
            fs.rename(Dirs.child(staging, part), Dirs.child(target, part));
          }
        }));
      }
      steps.add(new Step("write the target's _SUCCESS", () -> fs.touch(Dirs.child(target, Sinks.SUCCESS))));
      steps.add(new Step("delete staging", () -> fs.delete(staging)));
    } else {
      String aside = place.setAside(writeId);
      steps.add(new Step("set the target aside", () -> {
        if (fs.exists(staging) && fs.exists(target)) {
          if (fs.exists(aside)) {
            // Only a store whose rename copies file by file gets here: what is left of the target is old.
            fs.delete(target);
          } else {
            fs.rename(target, aside);
          }
        }
      }));
      steps.add(new Step("rename staging to the target", () -> {
        if (fs.exists(staging)) {
          fs.rename(staging, target);
        }
      }));
      steps.add(new Step("delete what was set aside", () -> fs.delete(aside)));
    }
    String marker = place.marker(writeId, mode);
    steps.add(new Step("delete the commit marker", () -> fs.delete(marker)));
    return steps;
  }

  /** Deletes staging of a write that did not reach the commit point; nothing of it was visible. */
  void rollBack() throws IOException {
    fs.delete(place.staging(writeId));
  }

  /**
   * Resolves every write to the target that a crash or a failed commit left unfinished: a write past
   * its commit point is finished, any other rolled back. Returns what it did, one line per write.
   */
  static List<String> recover(Place place, Dirs fs) throws IOException {
    Pattern files = place.files();
    Set<String> ids = new TreeSet<>();
    for (String name : fs.list(place.parent)) {
      Matcher m = files.matcher(name);
      if (m.matches()) {
        ids.add(m.group(1));
      }
    }
    List<String> done = new ArrayList<>();
    for (String id : ids) {
      done.add(resolve(place, fs, id));
    }
    return done;
  }

  /** Finishes write {@code writeId} when it passed its commit point, else rolls it back. */
  static String resolve(Place place, Dirs fs, String writeId) throws IOException {
    for (WriteMode mode : WriteMode.values()) {
      if (fs.exists(place.marker(writeId, mode))) {
        for (Step step : new Commit(place, fs, writeId, mode).finish()) {
          step.run();
        }
        return "finished write " + writeId + " to '" + place.target + "' (" + mode.option()
            + "), which had passed its commit point";
      }
    }
    new Commit(place, fs, writeId, WriteMode.ERROR).rollBack();
    return "rolled back write " + writeId + " to '" + place.target + "', which had not committed";
  }

  /** Refuses an error-mode write to a target holding anything but hidden files. */
  static void refuseData(Place place, Dirs fs) throws IOException {
    if (!fs.exists(place.target)) {
      return;
    }
    if (!fs.isDirectory(place.target)) {
      throw new FileAlreadyExistsException(place.target, null, "is a file; write the directory elsewhere,"
          + " or replace the file with mode(\"overwrite\") (CLI: --mode overwrite)");
    }
    List<String> data = fs.list(place.target).stream().filter(n -> !n.startsWith(".")).toList();
    if (!data.isEmpty()) {
      throw new FileAlreadyExistsException(place.target, null, "already holds data (" + data.size()
          + (data.size() == 1 ? " entry: " : " entries: ") + String.join(", ", data.subList(0,
          Math.min(3, data.size()))) + (data.size() > 3 ? ", ..." : "") + "); write to another directory,"
          + " or say what to do with it: mode(\"overwrite\") replaces it, mode(\"append\") adds parts"
          + " (CLI: --mode overwrite, --mode append)");
    }
  }

  IOException notUnderWay() {
    return new FileNotFoundException("write " + writeId + " to '" + place.target + "' is not under way"
        + " (no staging directory " + place.staging(writeId) + "): begin() was not called, or the write"
        + " was committed, aborted or rolled back by a later write to the same directory");
  }
}
