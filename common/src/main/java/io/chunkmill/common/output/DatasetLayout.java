package io.chunkmill.common.output;

import io.chunkmill.common.fs.HiddenFiles;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The layout of an output root (docs/CONTRACT.md §5), in one place:
 * <pre>
 *   &lt;root&gt;/events/dt=YYYY-MM-DD/run-&lt;run&gt;/     what one run added: data files + probe sidecars
 *   &lt;root&gt;/events/dt=YYYY-MM-DD/_version       the id of the last run that changed the day
 *   &lt;root&gt;/quarantine/run=&lt;run&gt;/
 *   &lt;root&gt;/&lt;dataset&gt;/dt=YYYY-MM-DD/            analyses (counts/&lt;by&gt;, topn, distinct, sessions)
 *   &lt;root&gt;/_chunkmill/ingest-&lt;run&gt;.json           accounting of each ingest run
 *   &lt;root&gt;/_chunkmill/changes/&lt;run&gt;.json          what a run changed per day (added, replaced)
 *   &lt;root&gt;/_chunkmill/staging/&lt;program&gt;-&lt;run&gt;/  work in progress, never read by anyone
 * </pre>
 */
public final class DatasetLayout {
  public static final String EVENTS = "events";
  public static final String QUARANTINE = "quarantine";
  public static final String META = "_chunkmill";
  private static final String DAY_PREFIX = "dt=";
  private static final String RUN_PREFIX = "run-";
  private static final String VERSION_FILE = "_version";
  private static final String SOURCE_VERSION_FILE = "_events_version";
  /** How the files of an analysis's state begin in a partition (hidden: not data). */
  public static final String STATE_PREFIX = "_state";
  /**
   * The one file of an analysis partition in which the analysis keeps what it needs to update the
   * result from the day's changes (hidden: not data); published with the partition's data file.
   */
  public static final String STATE_FILE = STATE_PREFIX + ".avro";
  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final FileSystem fs;
  private final Path root;

  private DatasetLayout(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /** The layout under {@code root}, qualified against its file system. */
  public static DatasetLayout of(Configuration conf, Path root) throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    return new DatasetLayout(fs, fs.makeQualified(root));
  }

  public FileSystem fs() {
    return fs;
  }

  public Path root() {
    return root;
  }

  /** A fresh run id: UTC time to the millisecond (so that ids sort by time) and a random suffix. */
  public static String newRunId() {
    return RUN_TIME.format(java.time.Instant.now())
        + String.format("-%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  public Path dataset(String name) {
    return new Path(root, name);
  }

  public Path partition(String dataset, LocalDate day) {
    return dayPartition(dataset(dataset), day);
  }

  /** The directory name of a day partition, {@code dt=YYYY-MM-DD}: the one place it is spelled. */
  public static String dayDirectory(LocalDate day) {
    return DAY_PREFIX + day;
  }

  /** {@code <base>/dt=<day>}: a day partition under any base, a dataset or a job's staged output. */
  public static Path dayPartition(Path base, LocalDate day) {
    return new Path(base, dayDirectory(day));
  }

  /**
   * The base path, relative to a job's output, of the part files that tasks write for a day
   * partition: {@code <dataset>/dt=<day>/part}. Tasks keep days
   * as text ({@link UtcDays}) while they write, so the day comes as {@code YYYY-MM-DD}.
   */
  public static String partFiles(String dataset, String day) {
    return dataset + "/" + DAY_PREFIX + day + "/part";
  }

  /**
   * The base path, relative to a job's output, of the hidden files in which a task writes what an
   * analysis keeps beside its result (joined into one file of the partition before publication).
   */
  public static String stateFiles(String dataset, String day) {
    return dataset + "/" + DAY_PREFIX + day + "/" + STATE_PREFIX;
  }

  /** The base path, relative to a job's output, of the quarantine's part files. */
  public static String quarantinePartFiles() {
    return QUARANTINE + "/part";
  }

  public Path events(LocalDate day) {
    return partition(EVENTS, day);
  }

  /** The directory of the events that run {@code run} added to {@code day}: {@code events/dt=<day>/run-<run>}. */
  public Path eventsRun(LocalDate day, String run) {
    return new Path(events(day), RUN_PREFIX + run);
  }

  /**
   * The version of a day's events ({@code events/dt=<day>/_version}): the id of the last run that
   * changed them. Analyses record the version they were computed from (docs/CONTRACT.md §6).
   */
  public Path eventsVersion(LocalDate day) {
    return new Path(events(day), VERSION_FILE);
  }

  /** The version of the events an analysis partition was computed from, kept beside its data file. */
  public static Path sourceVersion(Path partition) {
    return new Path(partition, SOURCE_VERSION_FILE);
  }

  /**
   * The version of the day's events that an analysis partition's state ({@link #STATE_FILE}) was
   * computed from: the same as {@link #sourceVersion} when the state belongs to the result beside
   * it; another (a result replaced by a program that keeps no state) makes the state unusable.
   */
  public static Path stateVersion(Path partition) {
    return new Path(partition, STATE_PREFIX + SOURCE_VERSION_FILE);
  }

  /**
   * What run {@code run} changed on {@code day}, kept with the day's events
   * ({@code events/dt=<day>/_changes/<run>.json}): the link from the day's previous version to the
   * one this run gave it, and where its added and replaced events are.
   */
  public Path dayChange(LocalDate day, String run) {
    return new Path(new Path(events(day), "_changes"), run + ".json");
  }

  /** What run {@code run} changed, per day: events added and events replaced ({@code _chunkmill/changes/}). */
  public Path changeSet(String run) {
    return new Path(new Path(meta(), "changes"), run + ".json");
  }

  /** The stored events that run {@code run} replaced on {@code day}, kept for the analyses. */
  public Path replacedEvents(String run, LocalDate day) {
    return new Path(new Path(new Path(meta(), "changes"), run), dayDirectory(day) + ".avro");
  }

  /** Present when every day of the root is in the store's layout (run directories, probe sidecars). */
  public Path storeMarker() {
    return new Path(meta(), "store-v1");
  }

  public Path quarantine(String run) {
    return new Path(dataset(QUARANTINE), "run=" + run);
  }

  public Path meta() {
    return new Path(root, META);
  }

  public Path accounting(String run) {
    return new Path(meta(), "ingest-" + run + ".json");
  }

  /** The JSON summary of an analysis run that published results ({@code _chunkmill/runs/}). */
  public Path runSummary(String program, String run) {
    return new Path(new Path(meta(), "runs"), program + "-" + run + ".json");
  }

  /** Marks inputs (by their fingerprint) as ingested; holds the run id. */
  public Path ingestedMarker(String fingerprint) {
    return new Path(new Path(meta(), "ingested"), fingerprint);
  }

  /** Where runs stage their work; a run that was killed may leave its directory here. */
  public Path stagingRoot() {
    return new Path(meta(), "staging");
  }

  Path staging(String program, String run) {
    return new Path(stagingRoot(), program + "-" + run);
  }

  /**
   * The version of every stored day's events (docs/CONTRACT.md §6): the content of its
   * {@code _version}, or, for a day written before versions existed, its publication time (the
   * modification time of its {@code _SUCCESS}). Days with neither hold no events.
   */
  public TreeMap<LocalDate, String> eventVersions() throws IOException {
    TreeMap<LocalDate, String> versions = new TreeMap<>();
    for (FileStatus s : dayDirectories(EVENTS)) {
      LocalDate day = parseDay(s.getPath().getName());
      String version = readSmallFile(new Path(s.getPath(), VERSION_FILE));
      if (version == null) {
        FileStatus success = Publisher.success(fs, s.getPath());
        version = success == null ? null : "published-" + success.getModificationTime();
      }
      if (version != null) {
        versions.put(day, version);
      }
    }
    return versions;
  }

  /**
   * For every published partition ({@code _SUCCESS} present) of an analysis dataset, the version of
   * the events it was computed from ("" when it does not say: then it counts as stale).
   */
  public TreeMap<LocalDate, String> sourceVersions(String dataset) throws IOException {
    TreeMap<LocalDate, String> versions = new TreeMap<>();
    for (FileStatus s : dayDirectories(dataset)) {
      if (Publisher.success(fs, s.getPath()) != null) {
        String version = readSmallFile(sourceVersion(s.getPath()));
        versions.put(parseDay(s.getPath().getName()), version == null ? "" : version);
      }
    }
    return versions;
  }

  /** The {@code dt=} directories of a dataset. */
  public List<FileStatus> dayDirectories(String dataset) throws IOException {
    List<FileStatus> days = new ArrayList<>();
    Path dir = dataset(dataset);
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir, HiddenFiles.VISIBLE)) {
        if (s.isDirectory() && parseDay(s.getPath().getName()) != null) {
          days.add(s);
        }
      }
    }
    return days;
  }

  /** The trimmed UTF-8 content of a small file, or null when it does not exist. */
  public String readSmallFile(Path file) throws IOException {
    try (java.io.InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** The day of a {@code dt=YYYY-MM-DD} directory name, or null for any other name. */
  public static LocalDate parseDay(String name) {
    if (!name.startsWith(DAY_PREFIX)) {
      return null;
    }
    try {
      return LocalDate.parse(name.substring(DAY_PREFIX.length()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Refuses a root that is a file or cannot be written, before any work starts: creates the
   * root's {@code _chunkmill} directory and a probe file in it.
   */
  public void checkWritable() {
    try {
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw new IllegalArgumentException("output root " + root + " is a file, not a directory");
      }
      Path probe = new Path(meta(), ".write-probe-" + ThreadLocalRandom.current().nextInt(1 << 30));
      fs.mkdirs(meta());
      fs.create(probe, true).close();
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new IllegalArgumentException("output root " + root + " is not writable: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses inputs and an output root that overlap (one inside the other): a job would read its
   * own output. Globs are compared by their literal leading directories.
   */
  public void checkDisjointFrom(Configuration conf, List<Path> inputs) throws IOException {
    for (Path input : inputs) {
      FileSystem inFs = input.getFileSystem(conf);
      Path literal = inFs.makeQualified(literalPrefix(input));
      if (!sameFileSystem(inFs, fs)) {
        continue;
      }
      if (isAncestor(literal, root) || isAncestor(root, literal)) {
        throw new IllegalArgumentException("input " + input + " and output " + root
            + " overlap: one lies inside the other");
      }
    }
  }

  private static boolean sameFileSystem(FileSystem a, FileSystem b) {
    return a.getUri().equals(b.getUri());
  }

  private static Path literalPrefix(Path p) {
    Path literal = p;
    for (Path q = p; q != null; q = q.getParent()) {
      if (q.getName().matches(".*[*?\\[\\]{}\\\\].*")) {
        literal = q.getParent();
      }
    }
    return literal == null ? new Path("/") : literal;
  }

  private static boolean isAncestor(Path ancestor, Path p) {
    String a = ancestor.toUri().getPath();
    String b = p.toUri().getPath();
    if (!a.endsWith("/")) {
      a = a + "/";
    }
    return (b + "/").startsWith(a);
  }
}
