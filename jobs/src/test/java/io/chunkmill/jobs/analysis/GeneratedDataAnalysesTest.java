package io.chunkmill.jobs.analysis;

import static io.chunkmill.jobs.testing.LocalJobs.readAvro;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.ApproxDistinctUsers;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.Session;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.common.message.Utf8Order;
import io.chunkmill.jobs.count.CountJob;
import io.chunkmill.jobs.distinct.DistinctUsersJob;
import io.chunkmill.jobs.generate.GenerateJob;
import io.chunkmill.jobs.ingest.IngestJob;
import io.chunkmill.jobs.ingest.IngestConfig;
import io.chunkmill.jobs.sessions.SessionsJob;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.io.File;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every analysis over generated data against a plain, in-memory computation of docs/CONTRACT.md §3 from the events. */
public class GeneratedDataAnalysesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyAnalysisMatchesAnIndependentComputationForEveryDay() throws Exception {
    Configuration conf = LocalJobs.conf();
    IngestConfig.setMaxBadRatio(conf, 0.05);
    File in = new File(tmp.getRoot(), "in");
    File root = new File(tmp.getRoot(), "root");
    assertEquals(0, LocalJobs.run(conf, new GenerateJob(), "--output", in.toString(), "--messages", "30000",
        "--files", "30", "--days", "3", "--users", "500", "--urls", "80").exitCode());
    assertEquals(0, LocalJobs.run(conf, new IngestJob(), "--output", root.toString(), in.toString()).exitCode());
    for (var tool : List.of(new CountJob(), new TopUrlsJob(), new DistinctUsersJob(), new SessionsJob())) {
      var r = LocalJobs.run(conf, tool, root.toString());
      assertEquals(r.err(), 0, r.exitCode());
    }
    var approx = LocalJobs.run(conf, new DistinctUsersJob(), "--approx", root.toString());
    assertEquals(approx.err(), 0, approx.exitCode());

    File[] days = new File(root, "events").listFiles();
    assertEquals(3, days.length);
    for (File dayDir : days) {
      String day = dayDir.getName().substring(3);
      List<Event> events = readAvro(dayDir, Event.class);
      assertTrue(events.size() > 5000);
      for (String by : List.of("url", "user", "hour", "day")) {
        Map<String, Long> counts = new TreeMap<>(Utf8Order.COMPARATOR);
        for (Event e : events) {
          counts.merge(key(by, e), 1L, Long::sum);
        }
        List<String> expected = counts.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList();
        List<String> actual = readAvro(new File(root, "counts/" + by + "/dt=" + day), CountRecord.class).stream()
            .map(c -> c.getKey() + "=" + c.getCount()).toList();
        assertEquals(by + " " + day, expected, actual);
      }

      Map<String, Long> perUrl = new HashMap<>();
      Map<String, Set<String>> users = new TreeMap<>(Utf8Order.COMPARATOR);
      for (Event e : events) {
        perUrl.merge(e.getUrl(), 1L, Long::sum);
        users.computeIfAbsent(e.getUrl(), u -> new HashSet<>()).add(e.getUser());
      }
      List<Map.Entry<String, Long>> ranked = new ArrayList<>(perUrl.entrySet());
      ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed()
          .thenComparing(Map.Entry::getKey, Utf8Order.COMPARATOR));
      List<String> expectedTop = new ArrayList<>();
      for (int i = 0; i < Math.min(10, ranked.size()); i++) {
        expectedTop.add((i + 1) + " " + ranked.get(i).getKey() + " " + ranked.get(i).getValue());
      }
      assertEquals(expectedTop, readAvro(new File(root, "topn/dt=" + day), TopUrl.class).stream()
          .map(t -> t.getRank() + " " + t.getUrl() + " " + t.getCount()).toList());

      assertEquals(users.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue().size()).toList(),
          readAvro(new File(root, "distinct/dt=" + day), DistinctUsers.class).stream()
              .map(d -> d.getUrl() + "=" + d.getUsers()).toList());
      // Within three times the stated relative error (small counts are exact in the sketch's list mode);
      // the sketches are DataSketches HLL: read and unioned with the library as any other tool would.
      org.apache.datasketches.hll.Union union = new org.apache.datasketches.hll.Union(12);
      java.util.Set<String> dayUsers = new java.util.HashSet<>();
      users.values().forEach(dayUsers::addAll);
      for (ApproxDistinctUsers a : readAvro(new File(root, "distinct_approx/dt=" + day), ApproxDistinctUsers.class)) {
        long truth = users.get(a.getUrl()).size();
        assertTrue(a.getUrl() + ": " + a.getUsers() + " vs " + truth,
            Math.abs(a.getUsers() - truth) <= Math.max(1, 3 * a.getRelativeError() * truth));
        assertTrue(a.getLowerBound() <= a.getUsers() && a.getUsers() <= a.getUpperBound());
        assertEquals(12, a.getLgK());
        byte[] bytes = new byte[a.getSketch().remaining()];
        a.getSketch().duplicate().get(bytes);
        org.apache.datasketches.hll.HllSketch sketch = org.apache.datasketches.hll.HllSketch.heapify(bytes);
        assertEquals(a.getUsers(), Math.round(sketch.getEstimate()));
        union.update(sketch);
      }
      double all = union.getResult().getEstimate();
      assertTrue(day + ": union " + all + " vs " + dayUsers.size(), Math.abs(all - dayUsers.size()) <= 0.05 * dayUsers.size());

      assertEquals(sessions(events, 30 * 60_000L), readAvro(new File(root, "sessions/dt=" + day), Session.class)
          .stream().map(s -> s.getUser() + " " + s.getStart() + " " + s.getEnd() + " " + s.getEvents() + " " + s.getUrls())
          .toList());
    }

    // The map side's bounds (events held for sessions, pairs remembered for distinct) change what
    // crosses the shuffle, never the results: sessions joined from pieces, pairs sent more than once.
    Map<String, List<String>> checked = io.chunkmill.jobs.testing.ScriptRuns.results(root, "distinct", "sessions");
    for (int bound : new int[] {3, 1000}) {
      Configuration small = LocalJobs.conf();
      small.setInt(io.chunkmill.jobs.sessions.SessionsAnalysis.BUFFERED_EVENTS, bound);
      small.setInt(io.chunkmill.jobs.distinct.DistinctUsersAnalysis.REMEMBERED_PAIRS, bound);
      for (var tool : List.of(new DistinctUsersJob(), new SessionsJob())) {
        var r = LocalJobs.run(small, tool, "--force", root.toString());
        assertEquals(r.err(), 0, r.exitCode());
      }
      assertEquals("bound " + bound, checked, io.chunkmill.jobs.testing.ScriptRuns.results(root, "distinct", "sessions"));
    }
  }

  private static String key(String by, Event e) {
    var t = Instant.ofEpochMilli(e.getTs()).atOffset(ZoneOffset.UTC);
    return switch (by) {
      case "url" -> e.getUrl();
      case "user" -> e.getUser();
      case "hour" -> String.format("%sT%02d", t.toLocalDate(), t.getHour());
      default -> t.toLocalDate().toString();
    };
  }

  /** docs/CONTRACT.md §3 sessions, computed by sorting everything in memory. */
  private static List<String> sessions(List<Event> events, long gap) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::getUser, Utf8Order.COMPARATOR).thenComparingLong(Event::getTs)
        .thenComparing(Event::getId, Utf8Order.COMPARATOR));
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      Set<String> urls = new HashSet<>();
      urls.add(sorted.get(i).getUrl());
      while (j + 1 < sorted.size() && sorted.get(j + 1).getUser().equals(sorted.get(i).getUser())
          && sorted.get(j + 1).getTs() - sorted.get(j).getTs() <= gap) {
        j++;
        urls.add(sorted.get(j).getUrl());
      }
      out.add(sorted.get(i).getUser() + " " + sorted.get(i).getTs() + " " + sorted.get(j).getTs() + " " + (j - i + 1)
          + " " + urls.size());
      i = j + 1;
    }
    return out;
  }
}
