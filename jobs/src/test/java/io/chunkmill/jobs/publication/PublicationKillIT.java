package io.chunkmill.jobs.publication;

import static io.chunkmill.jobs.testing.LocalJobs.writeLines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.PublicationJournal;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.testing.StoredDays;
import io.chunkmill.jobs.testing.ScriptRuns;
import io.chunkmill.jobs.testing.ScriptRuns.Run;
import java.io.File;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A publication killed at each of its steps (the JVM halted there, deterministically, by
 * {@link PublicationJournal#FAILPOINT}), on a root that already holds events, with an event that
 * wins over a stored one: the next program run on the root, whichever it is, finishes the
 * publication first, and the root ends as an uninterrupted run leaves it (nothing lost, nothing
 * twice, the run's accounting and its ingested marker in place, no journal or staging left).
 */
public class PublicationKillIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static String ev(String id, String ts, String user, String url) {
    return "{\"id\":\"" + id + "\",\"ts\":" + Instant.parse(ts).toEpochMilli() + ",\"user\":\"" + user
        + "\",\"url\":\"" + url + "\"}";
  }

  private File locks;

  private Run chunkmill(String... args) throws Exception {
    return ScriptRuns.script(locks, "chunkmill", args);
  }

  /** day -> sorted events, read from the root as any reader would. */
  private static Map<String, List<String>> events(File root) throws Exception {
    Map<String, List<String>> days = new TreeMap<>();
    for (File day : new File(root, "events").listFiles((d, n) -> n.startsWith("dt="))) {
      List<String> list = new ArrayList<>();
      for (Event e : StoredDays.check(day)) {
        list.add(e.getId() + " " + e.getTs() + " " + e.getUser() + " " + e.getUrl());
      }
      list.sort(null);
      days.put(day.getName(), list);
    }
    return days;
  }

  private static JsonNode lastAccounting(File root) throws Exception {
    File[] files = new File(root, "_chunkmill").listFiles((d, n) -> n.startsWith("ingest-") && n.endsWith(".json"));
    java.util.Arrays.sort(files);
    return new ObjectMapper().readTree(files[files.length - 1]);
  }

  @Test
  public void aPublicationKilledAtAnyStepIsFinishedByTheNextRunOfAnyProgram() throws Exception {
    locks = tmp.newFolder("locks");
    File first = writeLines(new File(tmp.getRoot(), "in1/a.json"), "\n",
        ev("a", "2026-11-26T10:00:00Z", "u1", "x"), ev("b", "2026-11-27T10:00:00Z", "u2", "y"),
        ev("c", "2026-11-27T11:00:00Z", "u3", "x"));
    writeLines(new File(tmp.getRoot(), "in1/f.json"), "\n", ev("f", "2026-11-27T00:10:00Z", "u6", "v"));
    File second = writeLines(new File(tmp.getRoot(), "in2/b.json"), "\n",
        ev("a", "2026-11-26T09:00:00Z", "u9", "w"), // wins over the stored copy: its file is rewritten
        ev("f", "2026-11-26T23:50:00Z", "u6", "v"), // wins across midnight: leaves 2026-11-27 for 2026-11-26
        ev("d", "2026-11-27T12:00:00Z", "u4", "z"), // a stored day gains an event
        ev("e", "2026-11-28T08:00:00Z", "u5", "x"), // a day not stored yet
        "{not json", ev("b", "2026-11-27T10:00:00Z", "u2", "y")); // a quarantined line; a duplicate
    File base = new File(tmp.getRoot(), "base");
    assertEquals(0, chunkmill("ingest", "--output", base.toString(), first.getParent()).exit());
    assertEquals(0, chunkmill("count", "--by", "url", base.toString()).exit()); // to go stale

    File clean = new File(tmp.getRoot(), "clean");
    FileUtils.copyDirectory(base, clean);
    Run uninterrupted = chunkmill("ingest", "-D", "chunkmill.ingest.max.bad.ratio=0.5", "--output", clean.toString(),
        second.toString());
    assertEquals(uninterrupted.output(), 0, uninterrupted.exit());
    Map<String, List<String>> expected = events(clean);
    assertTrue(expected.get("dt=2026-11-26").toString(), expected.get("dt=2026-11-26").get(1).startsWith("f "));
    assertFalse(expected.get("dt=2026-11-27").toString(), expected.get("dt=2026-11-27").toString().contains("f "));
    JsonNode expectedAccounting = lastAccounting(clean);
    assertEquals(0, chunkmill("count", "--by", "url", clean.toString()).exit());
    Map<String, List<String>> expectedCounts = ScriptRuns.results(clean, "counts/url");

    // the second ingest publishes: the quarantine, a run directory in each of three days, two
    // rewritten files and their sidecars, the replaced events and versions of the days, its change
    // set, its accounting, its ingested marker; a kill after every step
    int steps = 0;
    for (int step = 0; ; step++) {
      File root = new File(tmp.getRoot(), "killed-" + step);
      FileUtils.copyDirectory(base, root);
      Run killed = chunkmill("ingest", "-D", PublicationJournal.FAILPOINT + "=publish:" + step,
          "-D", "chunkmill.ingest.max.bad.ratio=0.5", "--output", root.toString(), second.toString());
      if (killed.exit() == 0) {
        steps = step - 1; // publish:N halts after N steps, so N = steps halts too
        break;
      }
      assertEquals("killed at step " + step + ": " + killed.output(), 137, killed.exit());

      // any program finishes it: the url counts (which then recompute the stale days) or sessions
      String next = step % 2 == 0 ? "count" : "sessions";
      Run after = step % 2 == 0 ? chunkmill("count", "--by", "url", root.toString()) : chunkmill(next, root.toString());
      assertEquals(after.output(), 0, after.exit());
      assertTrue(after.output(), after.output().contains("finished the interrupted publication"));
      assertEquals("killed at step " + step + ", then " + next, expected, events(root));
      if (step % 2 != 0) {
        assertEquals(0, chunkmill("count", "--by", "url", root.toString()).exit()); // stale days recomputed
      }
      assertEquals("killed at step " + step + ": no stale count counted fresh", expectedCounts,
          ScriptRuns.results(root, "counts/url"));
      JsonNode accounting = lastAccounting(root);
      for (String key : List.of("lines_read", "BLANK", "MALFORMED", "DUPLICATE", "events", "days_published")) {
        assertEquals("killed at step " + step + ": " + key, expectedAccounting.get(key), accounting.get(key));
      }
      assertFalse("no journal left", new File(root, "_chunkmill/journal").exists()
          && new File(root, "_chunkmill/journal").list((d, n) -> n.endsWith(".json")).length > 0);
      assertTrue("no staging left", ScriptRuns.clean(root));
      if (step % 4 == 3) { // the marker's step has passed from step 0 on; the program that reads it, now and then
        Run again = chunkmill("ingest", "--skip-ingested", "--output", root.toString(), second.toString());
        assertTrue("the killed run's inputs count as ingested: " + again.output(), again.output().contains("skipped"));
      } else {
        assertEquals("killed at step " + step + ": both ingests' markers", 2,
            new File(root, "_chunkmill/ingested").list((d, n) -> !n.startsWith(".")).length);
      }
    }
    assertTrue("a kill after each of the publication's steps: " + steps, steps >= 15);

    // a compaction killed after any step (new files renamed in, old ones deleted one by one): the
    // next program finishes it, and every event is there once
    int compactSteps = 0;
    for (int step = 0; ; step++) {
      File root = new File(tmp.getRoot(), "compact-killed-" + step);
      FileUtils.copyDirectory(clean, root);
      Run killed = chunkmill("compact", "-D", PublicationJournal.FAILPOINT + "=publish:" + step, "--days",
          "2026-11-26,2026-11-27", root.toString());
      if (killed.exit() == 0) {
        compactSteps = step - 1;
        assertEquals(1, new File(root, "events/dt=2026-11-27").list((d, n) -> n.startsWith("run-")).length);
        break;
      }
      assertEquals("compaction killed at step " + step + ": " + killed.output(), 137, killed.exit());
      Run after = chunkmill("count", "--by", "url", root.toString());
      assertEquals(after.output(), 0, after.exit());
      assertTrue(after.output(), after.output().contains("finished the interrupted publication"));
      assertTrue("compaction keeps the versions: " + after.output(), after.output().contains("nothing to compute"));
      assertEquals("compaction killed at step " + step, expected, events(root));
      assertTrue(ScriptRuns.clean(root));
    }
    assertEquals("two new run directories, four old ones deleted", 6, compactSteps);

    // an analysis killed between its partitions: the next program finishes it too
    File analysed = new File(tmp.getRoot(), "analysed");
    FileUtils.copyDirectory(clean, analysed);
    Run killed = chunkmill("count", "-D", PublicationJournal.FAILPOINT + "=publish:2", "--force", "--by", "url",
        analysed.toString());
    assertEquals(killed.output(), 137, killed.exit());
    assertEquals(0, chunkmill("topn", analysed.toString()).exit());
    for (String day : expected.keySet()) {
      assertTrue("counts/url/" + day, new File(analysed, "counts/url/" + day + "/_SUCCESS").exists());
    }
    Run fresh = chunkmill("count", "--by", "url", analysed.toString());
    assertTrue(fresh.output(), fresh.output().contains("nothing to compute"));
    assertTrue(ScriptRuns.clean(analysed));
    Files.walk(analysed.toPath()).forEach(p -> assertFalse(p.toString(), p.toString().contains("/journal/") && p.toString().endsWith(".json")));
  }
}
