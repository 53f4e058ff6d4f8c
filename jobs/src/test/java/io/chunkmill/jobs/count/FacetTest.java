package io.chunkmill.jobs.count;

import static org.junit.Assert.assertEquals;

import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.program.Args;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class FacetTest {
  @Test
  public void keysOfEachFacetInUtc() {
    Facet.Keys keys = new Facet.Keys();
    Event e = new Event("i", Instant.parse("2026-11-27T09:59:59.999Z").toEpochMilli(), "ü", "http://x/ä");
    assertEquals("http://x/ä", keys.key(Facet.URL, e));
    assertEquals("ü", keys.key(Facet.USER, e));
    assertEquals("2026-11-27T09", keys.key(Facet.HOUR, e));
    assertEquals("2026-11-27", keys.key(Facet.DAY, e));
    Event late = new Event("j", Instant.parse("2026-11-27T23:00:00Z").toEpochMilli(), "u", "v");
    assertEquals("2026-11-27T23", keys.key(Facet.HOUR, late));
    Event epoch = new Event("k", 0L, "u", "v");
    assertEquals("1970-01-01T00", keys.key(Facet.HOUR, epoch));
  }

  @Test
  public void parsesTheByListAndRejectsUnknownFacets() {
    assertEquals(List.of(Facet.URL, Facet.DAY), Facet.parseList("url, day,url"));
    try {
      Facet.parseList("url,week");
      throw new AssertionError("week is no facet");
    } catch (Args.UsageException expected) {
      assertEquals("--by takes url, user, hour or day, not 'week'", expected.getMessage());
    }
  }
}
