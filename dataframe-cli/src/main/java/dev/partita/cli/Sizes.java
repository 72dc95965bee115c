package dev.partita.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts sizes such as {@code 512m}, {@code 2g}, {@code 64k} or {@code 1048576} to bytes, and bytes to
 * sizes for people ({@code 1.5 MiB}).
 */
final class Sizes implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    return parse(value);
  }

  static long parse(String value) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    int shift = 0;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k': shift = 10; break;
        case 'm': shift = 20; break;
        case 'g': shift = 30; break;
        case 't': shift = 40; break;
        default: break;
      }
    }
    String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new TypeConversionException("size out of range: '" + value + "'");
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a size (examples: 512m, 2g, 1048576)");
    }
  }

  /** {@code b} in the largest binary unit that keeps it at least 1, to one decimal: {@code 1.5 MiB}. */
  static String format(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String units = "KMGTPE";
    int u = (63 - Long.numberOfLeadingZeros(b)) / 10;
    return String.format(Locale.ROOT, "%.1f %siB", b / (double) (1L << (u * 10)), units.charAt(u - 1));
  }
}
