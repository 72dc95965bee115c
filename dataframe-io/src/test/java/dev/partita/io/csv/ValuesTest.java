package dev.partita.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.IsoTime;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The byte parsers against the JDK's String parsers on random input. */
class ValuesTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Property
  void longsMatchLongParseLong(@ForAll("longish") String s) {
    byte[] b = ascii(s);
    Long expected;
    try {
      expected = Long.parseLong(s);
    } catch (NumberFormatException e) {
      expected = null;
    }
    long got = Values.parseLong(b, 0, b.length);
    boolean ok = got != Values.BAD_LONG || Values.isMinLong(b, 0, b.length);
    assertEquals(expected, ok ? got : null, s);
  }

  @Provide
  Arbitrary<String> longish() {
    return Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
        Arbitraries.strings().withChars("0123456789+-x").ofMaxLength(21),
        Arbitraries.of("9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "+", "-", ""));
  }

  @Property
  void datesMatchLocalDate(@ForAll("days") long day) {
    String s = LocalDate.ofEpochDay(day).toString();
    byte[] b = ascii(s);
    assertEquals(day, IsoTime.parseDate(b, 0, b.length), s);
  }

  @Provide
  Arbitrary<Long> days() {
    return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(),
        LocalDate.of(9999, 12, 31).toEpochDay());
  }

  @Property
  void impossibleDatesAreRejected(@ForAll("badDates") String s) {
    byte[] b = ascii(s);
    assertEquals(IsoTime.BAD, IsoTime.parseDate(b, 0, b.length), s);
  }

  @Provide
  Arbitrary<String> badDates() {
    return Arbitraries.of("2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01",
        "20240101", "2024/01/01", "2024-01-1x");
  }

  @Property
  void timestampsMatchLocalDateTime(@ForAll("days") long day,
      @ForAll("nanosOfDay") long nanos, @ForAll boolean t) {
    LocalDateTime ts = LocalDate.ofEpochDay(day).atStartOfDay().plusNanos(nanos);
    String s = ts.toString().replace('T', t ? 'T' : ' ');
    if (ts.getSecond() == 0 && ts.getNano() == 0) {
      s += ":00";
    }
    byte[] b = ascii(s);
    long micros = ChronoUnit.MICROS.between(LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC),
        ts.truncatedTo(ChronoUnit.MICROS));
    assertEquals(micros, IsoTime.parseTimestamp(b, 0, b.length), s);
  }

  @Provide
  Arbitrary<Long> nanosOfDay() {
    return Arbitraries.longs().between(0, 86_400_000_000_000L - 1);
  }

  @Property
  void doublesMatchDoubleParseDouble(@ForAll double d) {
    byte[] b = ascii(Double.toString(d));
    assertEquals(d, Values.parseDouble(b, 0, b.length));
  }

  /** As DuckDB (nan, inf, -inf), pandas (nan, inf) and PostgreSQL (NaN, Infinity) write them. */
  @Example
  void namedDoublesInAnyCaseAndSign() {
    for (String s : new String[] {"nan", "NaN", "NAN", "-nan", "+nan"}) {
      assertTrue(Double.isNaN(Values.parseDouble(ascii(s), 0, s.length())), s);
    }
    for (String s : new String[] {"inf", "Inf", "+inf", "infinity", "Infinity", "+INFINITY"}) {
      assertEquals(Double.POSITIVE_INFINITY, Values.parseDouble(ascii(s), 0, s.length()), s);
    }
    for (String s : new String[] {"-inf", "-Inf", "-infinity", "-Infinity"}) {
      assertEquals(Double.NEGATIVE_INFINITY, Values.parseDouble(ascii(s), 0, s.length()), s);
    }
    for (String s : new String[] {"in", "infinit", "nana", "1f", "-", "inf inf"}) {
      assertThrows(NumberFormatException.class, () -> Values.parseDouble(ascii(s), 0, s.length()), s);
    }
  }

  @Property
  void plainDecimalsMatchDoubleParseDouble(@ForAll("decimals") String s) {
    byte[] b = ascii(s);
    assertEquals(Double.parseDouble(s), Values.parseDouble(b, 0, b.length), s);
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMaxLength(12);
    return Arbitraries.of("", "-").flatMap(sign -> digits.flatMap(a -> digits.map(f ->
        sign + a + "." + f))).filter(s -> s.matches("-?([0-9]+\\.[0-9]*|\\.[0-9]+)"));
  }

  @Property
  void utf8CheckMatchesTheJdkDecoder(@ForAll @Size(max = 12) byte[] b) {
    boolean valid;
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      valid = true;
    } catch (CharacterCodingException e) {
      valid = false;
    }
    assertEquals(valid, dev.partita.io.BatchBuffers.invalidUtf8(b, 0, b.length) < 0);
  }

  @Property
  void eightByteStepReadsTheLeadingDigits(@ForAll @Size(8) byte[] raw,
      @ForAll("digitRuns") String digits) {
    byte[] b = raw.clone();
    byte[] d = ascii(digits);
    System.arraycopy(d, 0, b, 0, d.length);
    int n = 0;
    while (n < 8 && b[n] >= '0' && b[n] <= '9') {
      n++;
    }
    long w = ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(n, Values.leadingDigits(w));
    if (n > 0 && n < 8) {
      assertEquals(Long.parseLong(new String(b, 0, n, StandardCharsets.US_ASCII)),
          Values.digitsValue(w, n));
    }
  }

  @Provide
  Arbitrary<String> digitRuns() {
    return Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(8);
  }
}
