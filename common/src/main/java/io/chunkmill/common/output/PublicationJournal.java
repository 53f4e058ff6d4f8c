package io.chunkmill.common.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chunkmill.common.fs.HiddenFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a publication of several steps finish even when its run is killed part-way.
 *
 * <p>Before its first step a run writes the whole list of steps, each from staged material to its
 * place under the root, to {@code _chunkmill/journal/<run>.json} (atomically). Each step is one
 * atomic rename (a day partition, a new directory, a file of the root's metadata; see
 * {@link Publisher}; or a delete) and is idempotent: a step whose staged material is gone is done, and a
 * partition step interrupted between replacing the data file and marking it {@code _SUCCESS} is
 * finished. The journal is deleted after the last step. The next run on the root, of any program,
 * {@link #recover recovers} first: it rolls every journal it finds forward, so that what the killed
 * run decided to publish is published whole, then the staging area may be cleaned. Staged material
 * is never deleted while a journal names it.
 *
 * <p>Like the clean-up of staging, recovery assumes one run at a time on a root (the scripts hold
 * the root's lock).
 *
 * <p>{@value #FAILPOINT} (a Hadoop configuration key, for kill tests) halts the JVM after
 * {@code publish:N} steps (0: right after the journal is written), as a kill would.
 */
public final class PublicationJournal {
  /** For kill tests: {@code publish:N} halts the JVM after N steps of a publication. */
  public static final String FAILPOINT = "chunkmill.test.failpoint";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one step does with its staged material. */
  public enum Kind {
    /** Publishes a day partition, replacing its one data file if it exists ({@link Publisher#publishPartition}). */
    DAY,
    /** Publishes a directory that must not exist yet, in one rename ({@link Publisher#publishNewDirectory}). */
    NEW_DIRECTORY,
    /** Puts a staged file in place of a file under the root, replacing it atomically. */
    FILE,
    /** Deletes {@code live} (a file or directory that a compaction replaced); {@code staged} is not used. */
    DELETE
  }

  /** A journal: the run's staging directory (removed once the steps are taken) and the steps. */
  record Entry(String staging, List<Step> steps) {}

  /** One step: {@code staged} becomes {@code live}. */
  public record Step(Kind kind, String staged, String live) {
    public static Step of(Kind kind, Path staged, Path live) {
      return new Step(kind, staged.toString(), live.toString());
    }
  }

  private PublicationJournal() {}

  static Path directory(DatasetLayout layout) {
    return new Path(layout.meta(), "journal");
  }

  static Path journal(DatasetLayout layout, String run) {
    return new Path(directory(layout), run + ".json");
  }

  /** Journals {@code steps} for run {@code run}, then takes them in order, then forgets them. */
  static void publish(DatasetLayout layout, Configuration conf, String run, Path staging, List<Step> steps)
      throws IOException {
    FileSystem fs = layout.fs();
    Path journal = journal(layout, run);
    Publisher.writeAtomically(fs, journal, JSON.writeValueAsBytes(new Entry(staging.toString(), steps)));
    int haltAfter = failpoint(conf);
    halt(haltAfter, 0);
    for (int i = 0; i < steps.size(); i++) {
      apply(fs, steps.get(i));
      halt(haltAfter, i + 1);
    }
    fs.delete(journal, false);
  }

  /**
   * Rolls forward every publication that a killed run left journaled; returns the runs recovered.
   * Every program calls this, under the root's lock, before it does anything else on the root.
   */
  public static List<String> recover(DatasetLayout layout) throws IOException {
    FileSystem fs = layout.fs();
    Path dir = directory(layout);
    List<String> recovered = new ArrayList<>();
    if (!fs.exists(dir)) {
      return recovered;
    }
    FileStatus[] journals = fs.listStatus(dir, HiddenFiles.VISIBLE);
    Arrays.sort(journals); // run ids sort by time: older publications first
    for (FileStatus j : journals) {
      Entry entry;
      try (InputStream in = fs.open(j.getPath())) {
        entry = JSON.readValue(in, Entry.class);
      }
      for (Step step : entry.steps()) {
        apply(fs, step);
      }
      fs.delete(j.getPath(), false);
      fs.delete(new Path(entry.staging()), true); // its run is dead: the caller holds the root's lock
      recovered.add(j.getPath().getName().replaceFirst("\\.json$", ""));
    }
    return recovered;
  }

  /** Takes one step; a step already taken (its staged material gone) is not taken again. */
  private static void apply(FileSystem fs, Step step) throws IOException {
    Path staged = new Path(step.staged());
    Path live = new Path(step.live());
    if (step.kind() == Kind.DELETE) {
      fs.delete(live, true);
      return;
    }
    if (!fs.exists(staged)) {
      return;
    }
    switch (step.kind()) {
      case DAY -> {
        if (fs.listStatus(staged, HiddenFiles.VISIBLE).length == 0 && fs.exists(live)) {
          Publisher.finishReplacedPartition(fs, staged, live); // killed after the data file moved
        } else {
          Publisher.publishPartition(fs, staged, live);
        }
      }
      case NEW_DIRECTORY -> Publisher.publishNewDirectory(fs, staged, live);
      case DELETE -> throw new AssertionError("taken above");
      case FILE -> {
        fs.mkdirs(live.getParent());
        Publisher.replaceFile(fs, staged, live);
      }
    }
  }

  private static int failpoint(Configuration conf) {
    String point = conf.get(FAILPOINT, "");
    return point.startsWith("publish:") ? Integer.parseInt(point.substring("publish:".length())) : -1;
  }

  private static void halt(int haltAfter, int stepsDone) {
    if (haltAfter == stepsDone) {
      System.err.println("failpoint " + FAILPOINT + "=publish:" + stepsDone + ": halting");
      Runtime.getRuntime().halt(137);
    }
  }
}
