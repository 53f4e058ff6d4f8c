package io.chunkmill.common.output;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One program run on an output root, from its run id to its clean-up: where it stages its work,
 * and the publication of what it staged. Jobs say <em>what</em> to publish (a dataset's day, the
 * quarantine, a file of the root's metadata); this class knows where that lives
 * ({@link DatasetLayout}) and how it becomes visible ({@link Publisher}), and journals the steps
 * ({@link PublicationJournal}) so that a publication killed part-way is finished by the next run.
 *
 * <pre>
 *   StagedRun.recover(layout, false);             // first: finish what a killed run began
 *   try (StagedRun run = StagedRun.begin(layout, "ingest", conf)) {
 *     Path out = run.staging("dedup");            // jobs write under here
 *     ...
 *     run.day(staged, "events", day);             // say what to publish...
 *     run.meta(layout.accounting(run.id()), json);
 *     run.publish();                              // ...then journal it and take each step
 *   }                                             // the staging directory is removed
 * </pre>
 */
public final class StagedRun implements AutoCloseable {
  private final DatasetLayout layout;
  private final Configuration conf;
  private final String id;
  private final Path dir;
  private final List<PublicationJournal.Step> steps = new ArrayList<>();
  private int metaFiles;

  private StagedRun(DatasetLayout layout, Configuration conf, String program, String id) {
    this.layout = layout;
    this.conf = conf;
    this.id = id;
    this.dir = layout.staging(program, id);
  }

  /** Starts a run of {@code program}: a fresh run id and its (not yet created) staging directory. */
  public static StagedRun begin(DatasetLayout layout, String program, Configuration conf) {
    return new StagedRun(layout, conf, program, DatasetLayout.newRunId());
  }

  /**
   * What every program does first on a root (the caller holds the root's lock): finishes the
   * publications that killed runs journaled, then, when {@code cleanStaging}, deletes what killed
   * runs left in staging. Returns the runs whose publication it finished.
   */
  public static List<String> recover(DatasetLayout layout, boolean cleanStaging) throws IOException {
    List<String> finished = PublicationJournal.recover(layout);
    if (cleanStaging) {
      layout.fs().delete(layout.stagingRoot(), true);
    }
    return finished;
  }

  public String id() {
    return id;
  }

  public DatasetLayout layout() {
    return layout;
  }

  /** A directory of this run's staging area, for a job's output or files being prepared. */
  public Path staging(String name) {
    return new Path(dir, name);
  }

  /** Will publish the day partition staged in {@code staged} as {@code <dataset>/dt=<day>}. */
  public void day(Path staged, String dataset, LocalDate day) {
    steps.add(PublicationJournal.Step.of(PublicationJournal.Kind.DAY, staged, layout.partition(dataset, day)));
  }

  /** Will publish {@code staged} as the new directory {@code live} (which must not exist yet) in one rename. */
  public void newDirectory(Path staged, Path live) {
    steps.add(PublicationJournal.Step.of(PublicationJournal.Kind.NEW_DIRECTORY, staged, live));
  }

  /** Will put the staged file {@code staged} in place of {@code live}, replacing it atomically. */
  public void replaceFile(Path staged, Path live) {
    steps.add(PublicationJournal.Step.of(PublicationJournal.Kind.FILE, staged, live));
  }

  /** Will delete {@code live} (what a compaction replaced), after the steps said before. */
  public void delete(Path live) {
    steps.add(PublicationJournal.Step.of(PublicationJournal.Kind.DELETE, live, live));
  }

  /** Will publish the quarantine staged in {@code staged} as this run's quarantine directory. */
  public void quarantine(Path staged) {
    steps.add(PublicationJournal.Step.of(PublicationJournal.Kind.NEW_DIRECTORY, staged, layout.quarantine(id)));
  }

  /** Will put {@code content} in place of {@code file} of the root's metadata (staged now). */
  public void meta(Path file, byte[] content) throws IOException {
    Path staged = new Path(staging("meta"), String.valueOf(metaFiles++));
    try (OutputStream out = fs().create(staged, true)) {
      out.write(content);
    }
    steps.add(PublicationJournal.Step.of(PublicationJournal.Kind.FILE, staged, file));
  }

  /** Journals what was said to publish, then publishes it, each step one atomic rename. */
  public void publish() throws IOException {
    PublicationJournal.publish(layout, conf, id, dir, List.copyOf(steps));
    steps.clear();
  }

  private FileSystem fs() {
    return layout.fs();
  }

  /**
   * Removes the staging directory. A publication that failed part-way keeps its journal, and the
   * staged material the journal names, for the next run to finish.
   */
  @Override
  public void close() throws IOException {
    if (!fs().exists(PublicationJournal.journal(layout, id))) {
      fs().delete(dir, true);
    }
  }
}
