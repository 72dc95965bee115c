package dev.partita.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the results were measured on, and the process's peak resident set from {@code /proc}. */
final class Machine {

  private Machine() {}

  /** This process's peak resident set size (VmHWM) in KiB, or -1 where {@code /proc} is absent. */
  static long peakRssKiB() {
    return procField(Path.of("/proc/self/status"), "VmHWM:").orElse(-1L);
  }

  static String describe() {
    long memKiB = procField(Path.of("/proc/meminfo"), "MemTotal:").orElse(-1L);
    String cpu = cpuModel().map(m -> " (" + m + ")").orElse("");
    return String.format(Locale.ROOT, "%d CPUs%s, %.1f GiB RAM, %s %s (%s)",
        Runtime.getRuntime().availableProcessors(), cpu, memKiB / (1024.0 * 1024.0),
        System.getProperty("java.runtime.name"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"));
  }

  private static Optional<String> cpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> procField(Path file, String field) {
    try (var lines = Files.lines(file)) {
      return lines.filter(l -> l.startsWith(field))
          .map(l -> Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]))
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
