package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.input.CombinedAvroKeyInputFormat;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.store.ChangeLog;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;

/**
 * What one analysis job reads, planned per day (docs/CONTRACT.md, costs). A partition whose
 * analysis can be updated ({@link Analysis#updatedFrom}) is updated when the day's previous result
 * it builds on exists, was computed from the version of the day's events that most such results of
 * the day share, and the day's change log reaches from that version to the current one ({@link
 * ChangeLog}): the job then reads that previous result (or the state an analysis keeps beside it,
 * {@link Analysis#stateSchema}), the run directories added since and the
 * events replaced since (subtracted by the analyses that can; an analysis that cannot, such as a
 * sketch, recomputes the keys of the replaced events from the day's events instead). Every other
 * partition (no previous result, a broken chain after a compaction, {@code --force}, an analysis
 * that always reads the events) is computed from the day's events, read once for all of them. Both
 * give the same records (sketches: the same registers; a sketch's first coupons are kept in the
 * order it saw them).
 */
public final class Inputs {
  /** At most this many keys of a partition are recomputed from the events; more, and the partition is. */
  static final int MAX_REFRESH_KEYS = 10_000;

  private PartitionPlan plan;
  private final List<Path> events = new ArrayList<>();
  private final List<Path> previous = new ArrayList<>();
  private final List<Path> added = new ArrayList<>();
  private final List<Path> replaced = new ArrayList<>();

  private Inputs() {}

  /**
   * Plans what to read for {@code targets}; {@code analyses} makes the driver's instance of a
   * dataset's analysis from the run's configuration.
   */
  public static Inputs plan(DatasetLayout layout, List<PartitionPlan.Target> targets,
      BiFunction<String, Configuration, Analysis> analyses, Configuration conf, boolean force) throws IOException {
    Map<String, Analysis> byDataset = new LinkedHashMap<>();
    Map<LocalDate, List<Integer>> partsByDay = new LinkedHashMap<>();
    for (int p = 0; p < targets.size(); p++) {
      PartitionPlan.Target t = targets.get(p);
      byDataset.computeIfAbsent(t.dataset(), d -> analyses.apply(d, conf));
      partsByDay.computeIfAbsent(t.day(), d -> new ArrayList<>()).add(p);
    }
    Inputs inputs = new Inputs();
    Set<Integer> updated = new HashSet<>();
    Map<Integer, Set<String>> refresh = new HashMap<>();
    for (Map.Entry<LocalDate, List<Integer>> e : partsByDay.entrySet()) {
      LocalDate day = e.getKey();
      List<Integer> candidates = new ArrayList<>();
      if (!force) {
        for (int p : e.getValue()) {
          if (byDataset.get(targets.get(p).dataset()).updatedFrom() != null) {
            candidates.add(p);
          }
        }
      }
      String from = keepOneVersion(layout, day, candidates, targets, byDataset);
      String to = layout.readSmallFile(layout.eventsVersion(day));
      List<ChangeLog.Change> changes = from == null || to == null ? null : ChangeLog.between(layout, day, from, to);
      if (changes == null) {
        candidates.clear();
      } else if (changes.stream().anyMatch(c -> c.replaced() != null)) {
        boolean canSubtract = !replacesWhatTheChainAdded(changes);
        for (Iterator<Integer> i = candidates.iterator(); i.hasNext(); ) {
          int p = i.next();
          Analysis a = byDataset.get(targets.get(p).dataset());
          if (a.subtracts() && !canSubtract) {
            i.remove(); // computed from the events
          } else if (!a.subtracts()) {
            Set<String> keys = refreshKeys(layout, changes, a);
            if (keys == null) {
              i.remove(); // computed from the events
            } else {
              refresh.put(p, keys);
            }
          }
        }
      }
      updated.addAll(candidates);
      if (candidates.size() < e.getValue().size() || candidates.stream().anyMatch(refresh::containsKey)) {
        inputs.events.add(layout.events(day));
      }
      if (!candidates.isEmpty()) {
        for (int p : candidates) {
          Path previous = previousFile(layout, byDataset.get(targets.get(p).dataset()), day);
          if (!inputs.previous.contains(previous)) {
            inputs.previous.add(previous);
          }
        }
        boolean subtracting = candidates.stream().anyMatch(p -> byDataset.get(targets.get(p).dataset()).subtracts());
        for (ChangeLog.Change c : changes) {
          if (c.added() != null) {
            inputs.added.add(c.added());
          }
          if (c.replaced() != null && subtracting) {
            inputs.replaced.add(c.replaced());
          }
        }
      }
    }
    inputs.plan = new PartitionPlan(targets, updated, refresh);
    return inputs;
  }

  /**
   * Whether a run of the chain replaced events after an earlier run of the same chain added some.
   * A run that replaces stored events rewrites the files that held them, those of earlier runs'
   * directories included: an event added and then replaced within the chain is no longer in the
   * added directory the update reads, and must not be subtracted either. Which of the replaced
   * events came from the chain's own directories is not recorded, so subtracting analyses then
   * recompute the day (winning redeliveries are rare, and chains of several runs arise only when
   * analyses fall behind ingests).
   */
  private static boolean replacesWhatTheChainAdded(List<ChangeLog.Change> changes) {
    boolean added = false;
    for (ChangeLog.Change c : changes) { // oldest first
      if (added && c.replaced() != null) {
        return true;
      }
      added |= c.added() != null;
    }
    return false;
  }

  /**
   * The keys of the events {@code changes} replaced, as {@code analysis} names them
   * ({@link Analysis#refreshKey(Event)}): those it recomputes from the day's events. Null when it
   * cannot name an event's key, or when there are more than {@link #MAX_REFRESH_KEYS} (the job's
   * configuration carries them): the partition is then computed from the events. Replaced events are rare; their
   * files are small.
   */
  private static Set<String> refreshKeys(DatasetLayout layout, List<ChangeLog.Change> changes, Analysis analysis)
      throws IOException {
    Set<String> keys = new HashSet<>();
    for (ChangeLog.Change c : changes) {
      if (c.replaced() == null) {
        continue;
      }
      try (InputStream in = layout.fs().open(c.replaced());
          DataFileStream<Event> events = new DataFileStream<>(in, new SpecificDatumReader<>(Event.class))) {
        for (Event e : events) {
          String key = analysis.refreshKey(e);
          if (key == null || (keys.add(key) && keys.size() > MAX_REFRESH_KEYS)) {
            return null;
          }
        }
      }
    }
    return keys;
  }

  /** The file that {@code analysis} updates a day's result from: a previous result, or the state beside it. */
  private static Path previousFile(DatasetLayout layout, Analysis analysis, LocalDate day) {
    return new Path(layout.partition(analysis.updatedFrom(), day), analysis.updatedFromFile());
  }

  /**
   * Keeps, of {@code candidates}, the partitions whose previous result (the one each builds on) was
   * computed from the version of the day's events that most of them share, and returns that
   * version; the others, and those whose previous result is missing or was computed with other
   * settings ({@link Analysis#updatableFrom}), are computed from the events.
   * One version means one chain of changes for every updated partition of the day. Null when none
   * is left.
   */
  private static String keepOneVersion(DatasetLayout layout, LocalDate day, List<Integer> candidates,
      List<PartitionPlan.Target> targets, Map<String, Analysis> byDataset) throws IOException {
    Map<String, List<Integer>> byVersion = new LinkedHashMap<>();
    Map<Path, String> versions = new HashMap<>();
    for (int p : candidates) {
      Analysis analysis = byDataset.get(targets.get(p).dataset());
      Path previous = previousFile(layout, analysis, day);
      if (!versions.containsKey(previous)) {
        String v = layout.readSmallFile(DatasetLayout.sourceVersion(previous.getParent()));
        boolean usable = v != null && !v.isEmpty() && layout.fs().exists(previous); // roots without state: recomputed
        if (usable && previous.getName().equals(DatasetLayout.STATE_FILE)) { // the state of this very result
          usable = v.equals(layout.readSmallFile(DatasetLayout.stateVersion(previous.getParent())));
        }
        versions.put(previous, usable ? v : null);
      }
      if (versions.get(previous) != null && analysis.updatableFrom(layout.fs(), previous)) {
        byVersion.computeIfAbsent(versions.get(previous), v -> new ArrayList<>()).add(p);
      }
    }
    String best = null;
    for (Map.Entry<String, List<Integer>> v : byVersion.entrySet()) {
      if (best == null || v.getValue().size() > byVersion.get(best).size()) {
        best = v.getKey();
      }
    }
    candidates.retainAll(best == null ? List.of() : byVersion.get(best));
    return best;
  }

  /** The partitions, numbered, with those that are updated from changes. */
  public PartitionPlan plan() {
    return plan;
  }

  /** Every path the job reads. */
  public List<Path> paths() {
    List<Path> all = new ArrayList<>(events);
    all.addAll(previous);
    all.addAll(added);
    all.addAll(replaced);
    return all;
  }

  /** How the updated partitions are named in summaries: {@code <dataset>/dt=<day>}. */
  public List<String> updatedLabels() {
    List<String> labels = new ArrayList<>();
    for (int p = 0; p < plan.size(); p++) {
      if (plan.updated(p)) {
        labels.add(plan.target(p).label());
      }
    }
    return labels;
  }

  /** Sets the job's inputs, each with the mapper that reads it. */
  public void configure(Job job) throws IOException {
    job.setInputFormatClass(CombinedAvroKeyInputFormat.class); // a day's many run files, few splits
    if (previous.isEmpty() && added.isEmpty() && replaced.isEmpty()) {
      FileInputFormat.setInputPaths(job, events.toArray(new Path[0]));
      return;
    }
    job.getConfiguration().unset("avro.schema.input.key"); // events and results: each file read as written
    add(job, events, CombinedAvroKeyInputFormat.class, EventsMapper.class);
    // one file each, and its mapper reads the partition from the file's path: no combining
    add(job, previous, PreviousResultsMapper.InputFormat.class, PreviousResultsMapper.class);
    add(job, added, CombinedAvroKeyInputFormat.class, AddedEventsMapper.class);
    add(job, replaced, CombinedAvroKeyInputFormat.class, ReplacedEventsMapper.class);
  }

  @SuppressWarnings("rawtypes")
  private static void add(Job job, List<Path> paths, Class<? extends org.apache.hadoop.mapreduce.InputFormat> format,
      Class<? extends Mapper> mapper) {
    for (Path p : paths) {
      MultipleInputs.addInputPath(job, p, format, mapper);
    }
  }
}
