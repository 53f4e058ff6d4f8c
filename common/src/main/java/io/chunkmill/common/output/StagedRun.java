package io.chunkmill.common.output;

import java.io.IOException;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One program run on an output root, from its run id to its clean-up: where it stages its work,
 * and the publication of what it staged. Jobs say <em>what</em> to publish (a dataset's day, the
 * quarantine, a file of the root's metadata); this class knows where that lives
 * ({@link DatasetLayout}) and how it becomes visible ({@link Publisher}).
 *
 * <pre>
 *   try (StagedRun run = StagedRun.begin(layout, "ingest")) {
 *     Path out = run.staging("dedup");          // jobs write under here
 *     ...
 *     run.publishDay(staged, "events", day);    // each publication one atomic step
 *   }                                           // the staging directory is removed
 * </pre>
 *
 * A run that is killed leaves only its staging directory, which {@link #removeAbandoned} (called by
 * the next run that holds the root's lock) deletes.
 */
public final class StagedRun implements AutoCloseable {
  private final DatasetLayout layout;
  private final String id;
  private final Path dir;

  private StagedRun(DatasetLayout layout, String program, String id) {
    this.layout = layout;
    this.id = id;
    this.dir = layout.staging(program, id);
  }

  /** Starts a run of {@code program}: a fresh run id and its (not yet created) staging directory. */
  public static StagedRun begin(DatasetLayout layout, String program) {
    return new StagedRun(layout, program, DatasetLayout.newRunId());
  }

  /** Deletes what killed runs left in staging; only for a caller that holds the root's lock. */
  public static void removeAbandoned(DatasetLayout layout) throws IOException {
    layout.fs().delete(layout.stagingRoot(), true);
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

  /** Publishes the day partition staged in {@code staged} as {@code <dataset>/dt=<day>}, atomically. */
  public void publishDay(Path staged, String dataset, LocalDate day) throws IOException {
    Publisher.publishPartition(fs(), staged, layout.partition(dataset, day));
  }

  /** Publishes the quarantine staged in {@code staged} as this run's quarantine directory. */
  public void publishQuarantine(Path staged) throws IOException {
    Publisher.publishNewDirectory(fs(), staged, layout.quarantine(id));
  }

  /** Writes a file of the root's metadata ({@code _chunkmill/…}), replacing it atomically. */
  public void writeMeta(Path file, byte[] content) throws IOException {
    Publisher.writeAtomically(fs(), file, content);
  }

  private FileSystem fs() {
    return layout.fs();
  }

  /** Removes the staging directory, whatever was published. */
  @Override
  public void close() throws IOException {
    fs().delete(dir, true);
  }
}
