package io.chunkmill.jobs.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.ReplacedEvent;
import io.chunkmill.common.fs.HiddenFiles;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.StagedRun;
import io.chunkmill.common.store.Buckets;
import io.chunkmill.common.store.ProbeIndex;
import io.chunkmill.common.store.StoreConfig;
import io.chunkmill.common.store.StoreFileWriter;
import io.chunkmill.common.store.StoredDay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one ingest run changes in the events store, per day, and the staging of it: the run
 * directory it adds to each day (from the dedup job's output), the stored files it rewrites without
 * the events its winners replaced (only those files are read and written, each streamed in its
 * sorted order; the replaced events are held in the driver's memory, rare as they are), the
 * replaced events themselves (kept for the analyses' change sets), and each changed day's new
 * version. {@link #addSteps} says all of it to the run's publication.
 */
final class ChangeSet {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A stored data file rewritten without some of its events. */
  private record Rewrite(Path staged, Path live, long bytes) {}

  private final Path dedupOut;
  private final TreeMap<LocalDate, Long> added = new TreeMap<>();
  private final TreeMap<LocalDate, List<Event>> replaced = new TreeMap<>();
  private final TreeMap<LocalDate, Path> replacedStaged = new TreeMap<>();
  private final List<Rewrite> rewrites = new ArrayList<>();
  private final TreeSet<LocalDate> seen = new TreeSet<>();

  private ChangeSet(Path dedupOut) {
    this.dedupOut = dedupOut;
  }

  /** Reads what the dedup job wrote under {@code dedupOut} and stages the rewritten files. */
  static ChangeSet stage(StagedRun run, Path dedupOut, Configuration conf) throws IOException {
    FileSystem fs = run.layout().fs();
    ChangeSet c = new ChangeSet(dedupOut);
    for (FileStatus s : fs.listStatus(dedupOut, HiddenFiles.VISIBLE)) {
      LocalDate day = DatasetLayout.parseDay(s.getPath().getName());
      if (s.isDirectory() && day != null) {
        long events = 0;
        for (FileStatus f : fs.listStatus(s.getPath(), p -> p.getName().endsWith(".probe"))) {
          events += ProbeIndex.readEventCount(fs, f.getPath());
        }
        c.added.put(day, events);
      }
    }
    Path days = new Path(dedupOut, KeepWinningEventReducer.DAYS_SEEN);
    if (fs.exists(days)) {
      for (FileStatus f : fs.listStatus(days, HiddenFiles.VISIBLE)) {
        for (String d : new String(readAll(fs, f.getPath()), StandardCharsets.UTF_8).split("\n")) {
          if (!d.isBlank()) {
            c.seen.add(LocalDate.parse(d.trim()));
          }
        }
      }
    }
    c.stageReplacements(run, fs, StoreConfig.fileFpp(conf));
    return c;
  }

  private static byte[] readAll(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  /** Groups the replaced events by file and day; rewrites each file without them; stages the losers per day. */
  private void stageReplacements(StagedRun run, FileSystem fs, double fpp) throws IOException {
    Path dir = new Path(dedupOut, KeepWinningEventReducer.REPLACED_PATH).getParent();
    if (!fs.exists(dir)) {
      return;
    }
    Map<String, Set<String>> byFile = new TreeMap<>();
    for (FileStatus f : fs.listStatus(dir, HiddenFiles.VISIBLE)) {
      try (InputStream in = fs.open(f.getPath());
          DataFileStream<ReplacedEvent> records = new DataFileStream<>(in, new SpecificDatumReader<>(ReplacedEvent.class))) {
        for (ReplacedEvent r : records) {
          byFile.computeIfAbsent(r.getFile(), k -> new HashSet<>()).add(r.getEvent().getId());
          replaced.computeIfAbsent(LocalDate.parse(r.getDay()), k -> new ArrayList<>()).add(r.getEvent());
        }
      }
    }
    int n = 0;
    for (Map.Entry<String, Set<String>> e : byFile.entrySet()) {
      Path live = new Path(e.getKey());
      Path staged = new Path(new Path(run.staging("rewrite"), String.valueOf(n++)), live.getName());
      int[] range = StoredDay.bucketRange(live.getName());
      try (InputStream in = fs.open(live);
          DataFileStream<Event> events = new DataFileStream<>(in, new SpecificDatumReader<>(Event.class));
          StoreFileWriter out = StoreFileWriter.create(fs, staged, range[0], range[1], fpp)) {
        Event ev = null;
        while (events.hasNext()) {
          ev = events.next(ev);
          if (!e.getValue().contains(ev.getId())) {
            out.append(Buckets.of(ev.getId()), ev);
          }
        }
      }
      rewrites.add(new Rewrite(staged, live, fs.getFileStatus(staged).getLen()));
    }
    for (Map.Entry<LocalDate, List<Event>> e : replaced.entrySet()) {
      Path file = new Path(run.staging("replaced"), DatasetLayout.dayDirectory(e.getKey()) + ".avro");
      try (OutputStream out = fs.create(file, false);
          DataFileWriter<Event> w = new DataFileWriter<>(new SpecificDatumWriter<>(Event.class))) {
        w.create(Event.getClassSchema(), out);
        for (Event ev : e.getValue()) {
          w.append(ev);
        }
      }
      replacedStaged.put(e.getKey(), file);
    }
  }

  /** The days whose events change: added to, or holding replaced events. */
  TreeSet<LocalDate> changedDays() {
    TreeSet<LocalDate> days = new TreeSet<>(added.keySet());
    days.addAll(replaced.keySet());
    return days;
  }

  /** The days this run's events fell on that it leaves as they were (all its events there were duplicates). */
  TreeSet<LocalDate> unchangedDays() {
    TreeSet<LocalDate> days = new TreeSet<>(seen);
    days.removeAll(changedDays());
    return days;
  }

  long replacedEvents() {
    return replaced.values().stream().mapToLong(List::size).sum();
  }

  int filesRewritten() {
    return rewrites.size();
  }

  long bytesRewritten() {
    return rewrites.stream().mapToLong(Rewrite::bytes).sum();
  }

  /**
   * The publication, in an order that keeps every event visible (docs/CONTRACT.md §4): each day's
   * new run directory first (a winner may show beside the loser it replaces, never neither), then
   * the rewritten files (losers gone), then the replaced events and the days' new versions, then
   * the change set.
   */
  void addSteps(StagedRun run, DatasetLayout layout) throws IOException {
    for (LocalDate day : added.keySet()) {
      run.newDirectory(DatasetLayout.dayPartition(dedupOut, day), layout.eventsRun(day, run.id()));
    }
    for (Rewrite r : rewrites) {
      run.replaceFile(r.staged(), r.live());
      run.replaceFile(ProbeIndex.sidecarOf(r.staged()), ProbeIndex.sidecarOf(r.live()));
    }
    Map<String, Object> days = new LinkedHashMap<>();
    for (LocalDate day : changedDays()) {
      Path losers = replacedStaged.get(day);
      if (losers != null) {
        run.replaceFile(losers, layout.replacedEvents(run.id(), day));
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("previous_version", layout.readSmallFile(layout.eventsVersion(day)));
      d.put("version", run.id());
      d.put("added", added.containsKey(day) ? layout.eventsRun(day, run.id()).toString() : null);
      d.put("added_events", added.getOrDefault(day, 0L));
      d.put("replaced_events", replaced.getOrDefault(day, List.of()).size());
      d.put("replaced", losers == null ? null : layout.replacedEvents(run.id(), day).toString());
      days.put(day.toString(), d);
      run.meta(layout.dayChange(day, run.id()), JSON.writeValueAsBytes(d)); // the link the analyses follow
      run.meta(layout.eventsVersion(day), (run.id() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Object> changeSet = new LinkedHashMap<>();
    changeSet.put("run", run.id());
    changeSet.put("days", days);
    run.meta(layout.changeSet(run.id()), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(changeSet));
  }
}
