package io.chunkmill.jobs.analysis;

import io.chunkmill.common.output.DatasetLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The output partitions one analysis job writes: (dataset, day) pairs, numbered, each with the
 * {@link Analysis} that computes it and whether it is updated from its day's changes or computed
 * from the day's events. Every shuffle key starts with the partition's number ({@code part}), which
 * routes the key to the reducer that writes the partition ({@link PlannedPartitioner}), so that
 * each partition is one file.
 */
public final class PartitionPlan {
  private static final String TARGETS = "chunkmill.analysis.plan";
  private static final String UPDATED = "chunkmill.analysis.plan.updated";
  private static final String CLASS_PREFIX = "chunkmill.analysis.class.";
  private static final String REFRESH_PREFIX = "chunkmill.analysis.plan.refresh.";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** One output partition: {@code <root>/<dataset>/dt=<day>/}. */
  public record Target(String dataset, LocalDate day) {
    public String basePath() {
      return DatasetLayout.partFiles(dataset, day.toString());
    }

    /** Where, relative to the job's output, the reducer writes the partition's state ({@link Analysis#stateSchema}). */
    public String stateBasePath() {
      return DatasetLayout.stateFiles(dataset, day.toString());
    }

    /** How a partition is named in messages and summaries: {@code <dataset>/dt=<day>}. */
    public String label() {
      return dataset + "/" + DatasetLayout.dayDirectory(day);
    }
  }

  private final List<Target> targets;
  private final Set<Integer> updated;
  private final Map<Integer, Set<String>> refresh;

  public PartitionPlan(List<Target> targets) {
    this(targets, Set.of(), Map.of());
  }

  /**
   * {@code updated}: the numbers of the partitions updated from their previous result and changes;
   * {@code refresh}: of those, the ones whose keys named here are recomputed from the day's events
   * ({@link Analysis#refreshKey(io.chunkmill.common.avro.Event)}).
   */
  public PartitionPlan(List<Target> targets, Set<Integer> updated, Map<Integer, Set<String>> refresh) {
    this.targets = List.copyOf(targets);
    this.updated = Set.copyOf(updated);
    this.refresh = Map.copyOf(refresh);
  }

  private static String key(String dataset, String day) {
    return dataset + "@" + day;
  }

  public int size() {
    return targets.size();
  }

  public Target target(int part) {
    return targets.get(part);
  }

  public List<Target> targets() {
    return targets;
  }

  /** Whether partition {@code part} is updated from its previous result and its day's changes. */
  public boolean updated(int part) {
    return updated.contains(part);
  }

  /** The keys of updated partition {@code part} recomputed from the day's events, or null when none are. */
  public Set<String> refresh(int part) {
    return refresh.get(part);
  }

  /** The days whose events or changes the plan reads. */
  public Set<LocalDate> days() {
    Set<LocalDate> days = new LinkedHashSet<>();
    targets.forEach(t -> days.add(t.day()));
    return days;
  }

  /** The datasets the plan writes, in plan order. */
  public Set<String> datasets() {
    Set<String> datasets = new LinkedHashSet<>();
    targets.forEach(t -> datasets.add(t.dataset()));
    return datasets;
  }

  public void store(Configuration conf) {
    List<String> items = new ArrayList<>();
    targets.forEach(t -> items.add(key(t.dataset(), t.day().toString())));
    conf.setStrings(TARGETS, items.toArray(new String[0]));
    conf.setStrings(UPDATED, updated.stream().map(String::valueOf).toArray(String[]::new));
    try {
      for (Map.Entry<Integer, Set<String>> r : refresh.entrySet()) { // JSON: keys may hold commas
        conf.set(REFRESH_PREFIX + r.getKey(), JSON.writeValueAsString(r.getValue()));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("strings are plain data", e);
    }
  }

  public static PartitionPlan load(Configuration conf) {
    List<Target> targets = new ArrayList<>();
    for (String item : conf.getTrimmedStrings(TARGETS)) {
      int at = item.lastIndexOf('@');
      targets.add(new Target(item.substring(0, at), LocalDate.parse(item.substring(at + 1))));
    }
    Set<Integer> updated = new HashSet<>();
    for (String p : conf.getTrimmedStrings(UPDATED)) {
      updated.add(Integer.parseInt(p));
    }
    Map<Integer, Set<String>> refresh = new HashMap<>();
    for (Map.Entry<String, String> e : conf.getPropsWithPrefix(REFRESH_PREFIX).entrySet()) {
      try {
        refresh.put(Integer.parseInt(e.getKey()), Set.of(JSON.readValue(e.getValue(), String[].class)));
      } catch (java.io.IOException ex) {
        throw new IllegalStateException("unreadable " + REFRESH_PREFIX + e.getKey(), ex);
      }
    }
    return new PartitionPlan(targets, updated, refresh);
  }

  /** Names the class that computes {@code dataset} in the job's configuration. */
  public static void setAnalysis(Configuration conf, String dataset, Class<? extends Analysis> analysis) {
    conf.setClass(CLASS_PREFIX + dataset, analysis, Analysis.class);
  }

  /** The analysis of every partition, one instance per dataset, set up from {@code conf}. */
  public Analysis[] analyses(Configuration conf) {
    Map<String, Analysis> byDataset = new HashMap<>();
    Analysis[] analyses = new Analysis[targets.size()];
    for (int i = 0; i < analyses.length; i++) {
      analyses[i] = byDataset.computeIfAbsent(targets.get(i).dataset(), d -> {
        Class<? extends Analysis> c = conf.getClass(CLASS_PREFIX + d, null, Analysis.class);
        if (c == null) {
          throw new IllegalStateException("the job names no analysis for dataset " + d);
        }
        Analysis a = ReflectionUtils.newInstance(c, conf);
        a.setup(d, conf);
        return a;
      });
    }
    return analyses;
  }
}
