package dev.partita.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IsoTimeTest {

  private static long instant(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return IsoTime.parseInstant(b, 0, b.length);
  }

  @Property
  void anInstantWithAnOffsetIsItsUtcMicroseconds(
      @ForAll @LongRange(min = -2_000_000_000L, max = 4_000_000_000L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999) int micros,
      @ForAll @IntRange(min = -18 * 4, max = 18 * 4) int quarterHours) {
    ZoneOffset zone = ZoneOffset.ofTotalSeconds(quarterHours * 900);
    OffsetDateTime t = LocalDateTime.ofEpochSecond(seconds, micros * 1000, ZoneOffset.UTC)
        .atOffset(zone);
    long expected = ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0,
        ZoneOffset.UTC), t);
    String text = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx"));
    assertEquals(expected, instant(text), text);
    assertEquals(expected, instant(text.replace(":", "").replaceFirst("T(\\d\\d)(\\d\\d)(\\d\\d)",
        "T$1:$2:$3")), text);
  }

  @Test
  void zonesAndTheirAbsence() {
    long base = instant("2024-01-02T03:04:05");
    assertEquals(base, instant("2024-01-02T03:04:05Z"));
    assertEquals(base, instant("2024-01-02 03:04:05z"));
    assertEquals(base - 2 * 3_600_000_000L, instant("2024-01-02T03:04:05+02"));
    assertEquals(base + 5_400_000_000L, instant("2024-01-02T03:04:05-01:30"));
    assertEquals(base + 500_000, instant("2024-01-02T03:04:05.5Z"));
    for (String bad : new String[] {"2024-01-02T03:04:05+2", "2024-01-02T03:04:05+02:", "2024-01-02",
        "2024-01-02T03:04:05+19:00", "2024-01-02T03:04:05ZZ", "2024-01-02T03:04:05 +02:00"}) {
      assertEquals(IsoTime.BAD, instant(bad), bad);
    }
  }
}
