package io.chunkmill.jobs.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.Event;
import java.io.File;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks of a day partition of the events store, as tests see it on a local root. */
public final class StoredDays {
  private StoredDays() {}

  /**
   * Checks that {@code day} is a well-formed day of the store (a version; run directories, each
   * committed; a probe sidecar beside every data file; no id twice) and returns its events.
   */
  public static List<Event> check(File day) throws IOException {
    assertTrue("the day has a version: " + day, new File(day, "_version").exists());
    File[] runs = day.listFiles(f -> f.isDirectory() && f.getName().startsWith("run-"));
    assertTrue("run directories in " + day, runs != null && runs.length > 0);
    for (File run : runs) {
      assertTrue("every run directory is committed: " + run, new File(run, "_SUCCESS").exists());
      for (File data : run.listFiles((d, n) -> n.endsWith(".avro") && !n.startsWith("_") && !n.startsWith("."))) {
        String name = data.getName().substring(0, data.getName().length() - ".avro".length());
        assertTrue("a sidecar for " + data, new File(run, "_" + name + ".probe").exists());
      }
    }
    assertEquals("only run directories and hidden files in " + day, runs.length,
        day.listFiles(f -> !f.getName().startsWith("_") && !f.getName().startsWith(".")).length);
    List<Event> events = LocalJobs.readAvro(day, Event.class);
    Set<String> ids = new HashSet<>();
    for (Event e : events) {
      assertTrue("id " + e.getId() + " once in " + day, ids.add(e.getId()));
    }
    return events;
  }

  /** The version of a day's events. */
  public static String version(File day) throws IOException {
    return LocalJobs.read(new File(day, "_version")).trim();
  }
}
